using Npgsql;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Documents stored in an earlier shape brought to the current one by a single SQL statement, before the host serves
/// requests (registered after Marten, whose schema is applied first). The statement answers how many documents it changed;
/// run again, it finds nothing to do. The events are never touched, so a rebuild gives the same documents.
/// </summary>
public abstract class DocumentMigration(IDocumentStore store, ILogger logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The statement, with the store's table names; it answers one integer, the documents changed.</summary>
    protected abstract string Statement(IDocumentStore documents);

    /// <summary>What the log says once documents were changed; <c>{Count}</c> is their number.</summary>
    protected abstract string Changed { get; }

    protected virtual void AddParameters(NpgsqlParameterCollection parameters)
    {
    }

    public async Task<int> MigrateAsync(CancellationToken cancellation)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(Statement(store), connection);
        AddParameters(command.Parameters);
        var changed = (int)(await command.ExecuteScalarAsync(cancellation))!;
        if (changed > 0) logger.LogInformation(Changed, changed);
        return changed;
    }
}
