using DotNet.Testcontainers.Builders;

namespace Alba.Coordination.Tests.Support;

/// <summary>The tests' Redis (SignalR backplane): ALBA_TEST_REDIS when set, otherwise a container (Docker).</summary>
public static class TestRedis
{
    private static readonly Lazy<Task<string>> Server = new(FindOrStartAsync);

    public static Task<string> ConnectionStringAsync() => Server.Value;

    private static async Task<string> FindOrStartAsync()
    {
        if (Environment.GetEnvironmentVariable("ALBA_TEST_REDIS") is { Length: > 0 } configured) return configured;
        // Removed with the test process by Testcontainers' reaper.
        var container = new ContainerBuilder("redis:7-alpine")
            .WithPortBinding(6379, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilInternalTcpPortIsAvailable(6379))
            .Build();
        await container.StartAsync();
        return $"{container.Hostname}:{container.GetMappedPublicPort(6379)}";
    }
}
