using Marten;
using Npgsql;

namespace Alba.Coordination.Bench;

public sealed record RawEvent(Guid Id, string Name, string Country, DateTimeOffset At);

/// <summary>What the database and Marten do with nothing of ours on top, on the same database.</summary>
public sealed class Baselines(string connectionString) : IAsyncDisposable
{
    private const string Schema = "bench_raw";
    private DocumentStore? _store;
    private NpgsqlDataSource? _dataSource;

    public async Task PrepareAsync()
    {
        _store = DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = Schema;
            options.Events.DatabaseSchemaName = Schema;
            options.Events.AddEventType<RawEvent>();
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = _dataSource.CreateCommand(
            $"create table if not exists {Schema}.raw_rows (id uuid primary key, data jsonb not null, at timestamptz not null)");
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>One event per commit, each on a new stream: the cost of the event store alone.</summary>
    public async Task AppendOneEvent(int _)
    {
        await using var session = _store!.LightweightSession();
        var id = Guid.CreateVersion7();
        session.Events.StartStream(id, new RawEvent(id, "Movimiento", "AR", DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
    }

    /// <summary>A comparable row with plain Npgsql: the cost of PostgreSQL alone.</summary>
    public async Task InsertOneRow(int _)
    {
        await using var command = _dataSource!.CreateCommand($"insert into {Schema}.raw_rows (id, data, at) values ($1, $2::jsonb, now())");
        var id = Guid.CreateVersion7();
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue($"{{\"id\":\"{id}\",\"name\":\"Movimiento\",\"country\":\"AR\"}}");
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_dataSource is not null) await _dataSource.DisposeAsync();
    }
}
