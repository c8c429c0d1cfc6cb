using System.Collections.Concurrent;
using Alba;
using Alba.Coordination.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// A host of its own on a database of its own, with every log line it writes captured, so a test can scan the whole
/// database and the log for a person's name and e-mail.
/// </summary>
public sealed class PrivacyFixture : IAsyncLifetime
{
    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public CapturedLogs Logs { get; } = new();

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.ConnectionStringAsync("privacy");
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ALBA_DB", ConnectionString);
            builder.UseSetting("ALBA_ORGANISER_EMAIL", AppFixture.OrganiserEmail);
            builder.UseSetting("ALBA_ORGANISER_PASSWORD", AppFixture.OrganiserPassword);
            builder.UseSetting("Alba:Login:RequestsPerMinutePerClient", "100000");
            builder.UseSetting("Logging:LogLevel:Default", "Debug");
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>
    /// Where <paramref name="text"/> appears in clear in the database: "schema.table" of each row or column holding it.
    /// Every relation that stores rows is read — tables (a partitioned table's partitions are tables) and materialized
    /// views, which <c>information_schema.tables</c> would not list — and large objects, which it cannot search, count as
    /// holding the text when there are any, so a new kind of storage fails the scan instead of escaping it.
    /// </summary>
    public async Task<IReadOnlyList<string>> TablesHolding(string text)
    {
        // Relations that store rows, outside PostgreSQL's own schemas (pg_catalog, pg_toast, temporary ones).
        const string rowRelations = "c.relkind in ('r', 'm') and n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'";
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
                         $"select n.nspname, c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where {rowRelations}", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), reader.GetString(1)));
        var byteColumns = new List<(string Schema, string Table, string Column)>();
        await using (var list = new NpgsqlCommand(
                         "select n.nspname, c.relname, a.attname from pg_attribute a join pg_class c on c.oid = a.attrelid " +
                         "join pg_namespace n on n.oid = c.relnamespace " +
                         $"where {rowRelations} and a.attnum > 0 and not a.attisdropped and a.atttypid = 'bytea'::regtype", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) byteColumns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));

        var holding = new List<string>();
        foreach (var (schema, table) in tables)
        {
            // The whole row as text: every column, jsonb included (jsonb escapes no letters, so a name reads as written).
            await using var scan = new NpgsqlCommand($"select count(*) from \"{schema}\".\"{table}\" t where t::text ilike '%' || @text || '%'", connection);
            scan.Parameters.AddWithValue("text", text);
            if ((long)(await scan.ExecuteScalarAsync())! > 0) holding.Add($"{schema}.{table}");
        }
        foreach (var (schema, table, column) in byteColumns)
        {
            await using var scan = new NpgsqlCommand(
                $"select count(*) from \"{schema}\".\"{table}\" where position(convert_to(@text, 'UTF8') in \"{column}\") > 0", connection);
            scan.Parameters.AddWithValue("text", text);
            if ((long)(await scan.ExecuteScalarAsync())! > 0) holding.Add($"{schema}.{table}.{column}");
        }
        await using (var largeObjects = new NpgsqlCommand("select count(*) from pg_largeobject_metadata", connection))
            if ((long)(await largeObjects.ExecuteScalarAsync())! > 0) holding.Add("pg_largeobject (not searchable: any large object counts)");
        return holding;
    }
}

/// <summary>Every log line the host writes (message and exception), as text.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
    }
}

[CollectionDefinition(Name)]
public sealed class PrivacyCollection : ICollectionFixture<PrivacyFixture>
{
    public const string Name = "privacy";
}
