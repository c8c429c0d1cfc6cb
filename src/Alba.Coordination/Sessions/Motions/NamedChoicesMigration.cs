namespace Alba.Coordination.Sessions;

/// <summary>
/// Motion views stored while a named vote's choices were kept in the view (<c>Vote.Ballots</c>, rewritten whole by every
/// ballot) hand them to the register: each voter's row gets its choice and its place in the order of the list, and the view
/// loses the list. Before the host serves requests; running it again finds nothing to do. The events are untouched, so a
/// rebuild of both projections gives the same rows and views.
/// </summary>
public sealed class NamedChoicesMigration(IDocumentStore store, ILogger<NamedChoicesMigration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> MigrateAsync(CancellationToken cancellation)
    {
        var views = store.Options.Schema.For<MotionView>();
        var register = store.Options.Schema.For<VoterRecord>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        // One statement: the register is filled and the lists dropped together, or neither (PostgreSQL runs every
        // data-modifying part of a WITH to completion, read or not).
        await using var command = new Npgsql.NpgsqlCommand($$"""
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
            """, connection);
        var migrated = (int)(await command.ExecuteScalarAsync(cancellation))!;
        if (migrated > 0) logger.LogInformation("Moved the named choices of {Count} motion views into the vote register", migrated);
        return migrated;
    }
}
