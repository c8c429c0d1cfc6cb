using Npgsql;
using Testcontainers.PostgreSql;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// The tests' PostgreSQL: ALBA_TEST_DB (or ALBA_DB) when set, otherwise one container for the
/// whole run (Docker). Each fixture may take a database of its own on that server.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<string>> Server = new(FindOrStartAsync);

    public static async Task<string> ConnectionStringAsync(string? databaseSuffix = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(await Server.Value);
        if (databaseSuffix is not null) builder.Database += "_" + databaseSuffix;
        await EnsureDatabaseExistsAsync(builder);
        return builder.ConnectionString;
    }

    /// <summary>
    /// A database of its own, dropped and created again: for app processes started with a new Data Protection key ring each
    /// run, which cannot read what an earlier run sealed with its keys (the first organiser's e-mail index key).
    /// </summary>
    public static async Task<string> FreshConnectionStringAsync(string databaseSuffix)
    {
        var builder = new NpgsqlConnectionStringBuilder(await Server.Value);
        builder.Database += "_" + databaseSuffix;
        var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{builder.Database}\" with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        await EnsureDatabaseExistsAsync(builder);
        return builder.ConnectionString;
    }

    private static async Task<string> FindOrStartAsync()
    {
        if (Environment.GetEnvironmentVariable("ALBA_TEST_DB") is { Length: > 0 } test) return test;
        if (Environment.GetEnvironmentVariable("ALBA_DB") is { Length: > 0 } db) return db;
        // Removed with the test process by Testcontainers' reaper.
        var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }

    private static async Task EnsureDatabaseExistsAsync(NpgsqlConnectionStringBuilder target)
    {
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync() is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{target.Database}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // another fixture created it first
        }
    }
}
