namespace Alba.Coordination.Sessions;

/// <summary>
/// Motion views stored before the vote kept counts held the whole roll and the list of voters (<c>Eligible</c>,
/// <c>Voters</c>); read as they are they would show 0 eligible and 0 cast. Each such view gets the counts of its lists and
/// loses the lists.
/// </summary>
public sealed class MotionViewCountsMigration(IDocumentStore store, ILogger<MotionViewCountsMigration> logger) : DocumentMigration(store, logger)
{
    protected override string Changed => "Counted the roll and the voters of {Count} motion views stored with their lists";

    protected override string Statement(IDocumentStore documents)
    {
        var table = documents.Options.Schema.For<MotionView>();
        return $$"""
            with rewritten as (
                update {{table}}
                set data = jsonb_set(jsonb_set(data, '{Vote,EligibleCount}', to_jsonb(jsonb_array_length(data -> 'Vote' -> 'Eligible'))),
                                     '{Vote,CastCount}', to_jsonb(jsonb_array_length(data -> 'Vote' -> 'Voters')))
                           #- '{Vote,Eligible}' #- '{Vote,Voters}'
                where jsonb_typeof(data -> 'Vote' -> 'Voters') = 'array' and jsonb_typeof(data -> 'Vote' -> 'Eligible') = 'array'
                returning 1)
            select count(*)::int from rewritten
            """;
    }
}
