using Alba;
using Npgsql;
using Testcontainers.PostgreSql;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// One real host on one real PostgreSQL for all integration tests. The connection string comes
/// from ALBA_TEST_DB (or ALBA_DB) when set; otherwise a PostgreSQL container is started (Docker).
/// Tests keep to their own data (fresh movements, assemblies...) so they need no reset between them.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string OrganiserEmail = "secretariat@alba.test";
    public const string OrganiserPassword = "organiser-password-1";

    private PostgreSqlContainer? _container;

    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = Environment.GetEnvironmentVariable("ALBA_TEST_DB") is { Length: > 0 } test ? test
            : Environment.GetEnvironmentVariable("ALBA_DB") is { Length: > 0 } db ? db
            : await StartContainerAsync();
        await EnsureDatabaseExistsAsync(ConnectionString);

        Environment.SetEnvironmentVariable("ALBA_DB", ConnectionString);
        Environment.SetEnvironmentVariable("ALBA_ORGANISER_EMAIL", OrganiserEmail);
        Environment.SetEnvironmentVariable("ALBA_ORGANISER_PASSWORD", OrganiserPassword);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Alba:Login:FailuresPerWindow", "3");
            builder.UseSetting("Alba:Login:RequestsPerMinutePerClient", "100000");
        });
    }

    private async Task<string> StartContainerAsync()
    {
        _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        await _container.StartAsync();
        return _container.GetConnectionString();
    }

    private static async Task EnsureDatabaseExistsAsync(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", target.Database!);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{target.Database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_container is not null) await _container.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
