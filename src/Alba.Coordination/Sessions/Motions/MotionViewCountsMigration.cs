namespace Alba.Coordination.Sessions;

/// <summary>
/// Motion views stored before the vote kept counts held the whole roll and the list of voters (<c>Eligible</c>,
/// <c>Voters</c>); read as they are they would show 0 eligible and 0 cast. Before the host serves requests, each such
/// view gets the counts of its lists and loses the lists; running it again finds nothing to do. The events are untouched,
/// so a rebuild of the projection gives the same views.
/// </summary>
public sealed class MotionViewCountsMigration(IDocumentStore store, ILogger<MotionViewCountsMigration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> MigrateAsync(CancellationToken cancellation)
    {
        var table = store.Options.Schema.For<MotionView>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new Npgsql.NpgsqlCommand($$"""
            with rewritten as (
                update {{table}}
                set data = jsonb_set(jsonb_set(data, '{Vote,EligibleCount}', to_jsonb(jsonb_array_length(data -> 'Vote' -> 'Eligible'))),
                                     '{Vote,CastCount}', to_jsonb(jsonb_array_length(data -> 'Vote' -> 'Voters')))
                           #- '{Vote,Eligible}' #- '{Vote,Voters}'
                where jsonb_typeof(data -> 'Vote' -> 'Voters') = 'array' and jsonb_typeof(data -> 'Vote' -> 'Eligible') = 'array'
                returning 1)
            select count(*)::int from rewritten
            """, connection);
        var rewritten = (int)(await command.ExecuteScalarAsync(cancellation))!;
        if (rewritten > 0) logger.LogInformation("Counted the roll and the voters of {Count} motion views stored with their lists", rewritten);
        return rewritten;
    }
}
