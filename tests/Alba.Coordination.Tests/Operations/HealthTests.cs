using System.Diagnostics;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Tests.Resilience;
using Alba.Coordination.Tests.Support;
using Npgsql;

namespace Alba.Coordination.Tests.Operations;

[Collection(AppCollection.Name)]
public class when_the_app_is_well(AppFixture app)
{
    [Fact]
    public async Task it_is_live_and_ready_and_says_which_checks_passed()
    {
        var live = await app.Host.Get("/health/live");
        var ready = await app.Host.Get("/health/ready");

        Assert.Equal(200, live.Status);
        Assert.Equal("Healthy", live.Get<string>("status"));
        Assert.Empty(live.Body!["checks"]!.AsObject());
        Assert.Equal(200, ready.Status);
        Assert.Equal("Healthy", ready.Body!["checks"]!["postgres"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", ready.Body!["checks"]!["liveFeed"]!["status"]!.GetValue<string>());
        Assert.Equal(200, (await app.Host.Get("/health")).Status);
    }
}

/// <summary>
/// A stalled writer: a transaction that took an event sequence number and neither commits nor rolls back. The daemon's
/// high-water mark waits on that gap (SkipRaceTests), so every later commit waits to be pushed.
/// </summary>
[Collection(FaultsCollection.Name)]
public class when_the_live_feed_lags(FaultsFixture faults)
{
    [Fact]
    public async Task the_node_is_not_ready_until_the_feed_catches_up_and_stays_live()
    {
        await Until(async () => (await faults.Host.Get("/health/ready")).Status == 200, "ready before the test");
        await using var connection = new NpgsqlConnection(faults.DirectConnectionString);
        await connection.OpenAsync();
        await using var stalled = await connection.BeginTransactionAsync();
        await using (var reserve = new NpgsqlCommand($"select nextval('{HostSetup.Schema}.mt_events_sequence')", connection, stalled))
            await reserve.ExecuteScalarAsync();
        await faults.Host.AMovement();

        Answer? notReady = null;
        await Until(async () => (notReady = await faults.Host.Get("/health/ready")).Status == 503,
            $"not ready {FaultsFixture.LiveFeedLagSeconds} s after an unpushed commit");
        Assert.Equal("Unhealthy", notReady!.Get<string>("status"));
        Assert.Equal("Healthy", notReady.Body!["checks"]!["postgres"]!["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", notReady.Body!["checks"]!["liveFeed"]!["status"]!.GetValue<string>());
        Assert.StartsWith("The live feed lags", notReady.Body!["checks"]!["liveFeed"]!["description"]!.GetValue<string>());
        Assert.Equal(200, (await faults.Host.Get("/health/live")).Status);
        // /health stays what it was: the database answers.
        Assert.Equal(200, (await faults.Host.Get("/health")).Status);

        // The writer gives up: its gap is dead, the daemon skips it and the feed catches up.
        await stalled.RollbackAsync();
        await Until(async () => (await faults.Host.Get("/health/ready")).Status == 200, "ready again once the writer is gone");
    }

    internal static async Task Until(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"not {what} within {seconds} s");
            await Task.Delay(100);
        }
    }
}

[Collection(FaultsCollection.Name)]
public class when_the_database_is_down(FaultsFixture faults)
{
    [Fact]
    public async Task the_node_is_live_but_not_ready()
    {
        await faults.Proxy.Cut();
        try
        {
            var live = await faults.Host.Get("/health/live");
            var ready = await faults.Host.Get("/health/ready");

            Assert.Equal(200, live.Status);
            Assert.Equal(503, ready.Status);
            Assert.Equal("Unhealthy", ready.Body!["checks"]!["postgres"]!["status"]!.GetValue<string>());
            Assert.Equal("PostgreSQL does not answer.", ready.Body!["checks"]!["postgres"]!["description"]!.GetValue<string>());
            Assert.Equal("Unhealthy", ready.Body!["checks"]!["liveFeed"]!["status"]!.GetValue<string>());
        }
        finally
        {
            faults.Proxy.Restore();
        }
        await when_the_live_feed_lags.Until(async () => (await faults.Host.Get("/health/ready")).Status == 200, "ready again");
    }
}
