using Npgsql;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// Boards stored while their entries were a list in the board (<c>Entries</c>, rewritten whole by every posting) hand them to
/// <see cref="PostedBallot"/> rows, one per entry, and lose the list.
/// </summary>
public sealed class PostedBallotsMigration(IDocumentStore store, ILogger<PostedBallotsMigration> logger) : DocumentMigration(store, logger)
{
    protected override string Changed => "Moved the entries of {Count} secret votes' boards into rows of their own";

    // One statement: the rows are inserted and the lists dropped together, or neither (PostgreSQL runs every data-modifying
    // part of a WITH to completion, read or not).
    protected override string Statement(IDocumentStore documents) => $$"""
        with listed as (
            select b.id as motion_id, entry.value as entry
            from {{documents.Options.Schema.For<BallotBoard>()}} b, jsonb_array_elements(b.data -> 'Entries') as entry
            where jsonb_typeof(b.data -> 'Entries') = 'array'),
        inserted as (
            insert into {{documents.Options.Schema.For<PostedBallot>()}} (id, data, mt_dotnet_type)
            select replace(motion_id::text, '-', '') || '/' || (entry ->> 'Index'),
                   jsonb_build_object('Id', replace(motion_id::text, '-', '') || '/' || (entry ->> 'Index'), 'MotionId', motion_id, 'Entry', entry),
                   @type
            from listed
            on conflict (id) do nothing
            returning 1),
        emptied as (
            update {{documents.Options.Schema.For<BallotBoard>()}} set data = data - 'Entries'
            where jsonb_typeof(data -> 'Entries') = 'array'
            returning 1)
        select count(*)::int from emptied
        """;

    protected override void AddParameters(NpgsqlParameterCollection parameters) =>
        parameters.AddWithValue("type", typeof(PostedBallot).FullName!);
}
