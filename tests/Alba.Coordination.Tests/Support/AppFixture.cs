using Alba;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// One real host on one real PostgreSQL for all integration tests. The connection string comes
/// from <see cref="TestDatabase"/>.
/// Tests keep to their own data (fresh movements, assemblies...) so they need no reset between them.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string OrganiserEmail = "secretariat@alba.test";
    public const string OrganiserPassword = "organiser-password-1";
    public const string AccessProxy = "2001:db8::f0";

    public IAlbaHost Host { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.ConnectionStringAsync();

        Environment.SetEnvironmentVariable("ALBA_DB", ConnectionString);
        Environment.SetEnvironmentVariable("ALBA_ORGANISER_EMAIL", OrganiserEmail);
        Environment.SetEnvironmentVariable("ALBA_ORGANISER_PASSWORD", OrganiserPassword);
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("Alba:Login:FailuresPerWindow", "3");
            builder.UseSetting("Alba:Login:RequestsPerMinutePerClient", "100000");
            // The one proxy whose X-Forwarded-For the host believes (Security/AccessAddressTests).
            builder.UseSetting("Alba:ForwardedHeaders:KnownProxies", AccessProxy);
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
