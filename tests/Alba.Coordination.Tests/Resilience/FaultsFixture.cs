using Alba;
using Alba.Coordination.Tests.Support;
using Npgsql;

namespace Alba.Coordination.Tests.Resilience;

/// <summary>
/// A host of its own, on a database of its own reached through a <see cref="TcpProxy"/> the tests can cut, with short
/// bounds (a one-second lock wait, a two-second live feed lag for readiness) so a test of them is quick. <see cref="DirectConnectionString"/> reaches the same
/// database without the proxy, for the raw SQL a test uses to hold a lock.
/// </summary>
public sealed class FaultsFixture : IAsyncLifetime
{
    public const int LockTimeoutSeconds = 1;
    public const int LiveFeedLagSeconds = 2;

    public IAlbaHost Host { get; private set; } = null!;
    public TcpProxy Proxy { get; private set; } = null!;
    public string DirectConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        DirectConnectionString = await TestDatabase.ConnectionStringAsync("faults");
        var direct = new NpgsqlConnectionStringBuilder(DirectConnectionString);
        Proxy = new TcpProxy(direct.Host!, direct.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(DirectConnectionString) { Host = "127.0.0.1", Port = Proxy.Port };
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ALBA_DB", throughProxy.ConnectionString);
            builder.UseSetting("ALBA_ORGANISER_EMAIL", AppFixture.OrganiserEmail);
            builder.UseSetting("ALBA_ORGANISER_PASSWORD", AppFixture.OrganiserPassword);
            builder.UseSetting("Alba:Login:RequestsPerMinutePerClient", "100000");
            builder.UseSetting("Alba:Database:LockTimeoutSeconds", LockTimeoutSeconds.ToString());
            builder.UseSetting("Alba:Health:LiveFeedLagSeconds", LiveFeedLagSeconds.ToString());
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsFixture>
{
    public const string Name = "faults";
}
