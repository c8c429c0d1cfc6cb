namespace Alba.Coordination.Sessions;

/// <summary>
/// Motion views stored while a named vote's choices were kept in the view (<c>Vote.Ballots</c>, rewritten whole by every
/// ballot) hand them to the register: each voter's row gets its choice and its place in the order of the list, and the view
/// loses the list.
/// </summary>
public sealed class NamedChoicesMigration(IDocumentStore store, ILogger<NamedChoicesMigration> logger) : DocumentMigration(store, logger)
{
    protected override string Changed => "Moved the named choices of {Count} motion views into the vote register";

    // One statement: the register is filled and the lists dropped together, or neither (PostgreSQL runs every
    // data-modifying part of a WITH to completion, read or not).
    protected override string Statement(IDocumentStore documents)
    {
        var views = documents.Options.Schema.For<MotionView>();
        var register = documents.Options.Schema.For<VoterRecord>();
        return $$"""
            with named as (
                select v.id as motion_id, ballot.value ->> 'DelegateId' as delegate_id, ballot.value ->> 'Choice' as choice, ballot.ordinality as cast_order
                from {{views}} v, jsonb_array_elements(v.data -> 'Vote' -> 'Ballots') with ordinality as ballot
                where jsonb_typeof(v.data -> 'Vote' -> 'Ballots') = 'array'),
            filled as (
                update {{register}} r set data = r.data || jsonb_build_object('Choice', n.choice, 'Cast', n.cast_order)
                from named n
                where r.data ->> 'MotionId' = n.motion_id::text and r.data ->> 'DelegateId' = n.delegate_id
                returning 1),
            emptied as (
                update {{views}} set data = data #- '{Vote,Ballots}'
                where jsonb_typeof(data -> 'Vote' -> 'Ballots') = 'array'
                returning 1)
            select count(*)::int from emptied
            """;
    }
}
