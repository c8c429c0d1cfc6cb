using Alba.Coordination.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Microsoft.Extensions.Hosting;
using Wolverine.Runtime;
using MartenCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace Alba.Coordination.Tests.Partners;

/// <summary>
/// A node that stopped in the middle of a live-feed page (killed, or crashed) catches up on that page when it starts again.
/// The partner wake-ups published then must reach Wolverine's handlers like any later one: a wake-up published before
/// Wolverine's runtime had started made it remember the message as having no route, and the node delivered nothing to any
/// partner until its next restart (seen as all three <c>delivering_to_partners</c> tests failing together in CI).
/// </summary>
public class the_live_feed_catching_up_at_start(CatchUpAppFixture fixture) : IClassFixture<CatchUpAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task a_restarted_node_that_catches_up_on_a_partners_event_goes_on_delivering()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall("CO");
        await scenario.APartner(receiver.Url, new { mobilisationId = call });
        var action = await scenario.AnAction(call, movement, "CO", "Cali");
        await scenario.Report(action, 100);
        Assert.Single(await receiver.WaitForAccepted(1, Patience));

        // Restarted with its last page not recorded as done: at start the feed handles the report again and wakes the partner.
        foreach (var turnout in new[] { 200, 300 })
        {
            await fixture.Restart(whileStopped: () => RewindTheLiveFeedByOneEvent(fixture.ConnectionString));
            await new PartnerScenario(fixture.App).Report(action, turnout);
        }

        // At least once: a delivery the receiver took just before the kill may come again after the restart, under its id.
        var turnouts = new HashSet<long>();
        for (var deadline = DateTime.UtcNow + Patience; turnouts.Count < 3 && DateTime.UtcNow < deadline; await Task.Delay(100))
            turnouts = receiver.Accepted.Select(Turnout).ToHashSet();
        Assert.Equal([100, 200, 300], turnouts.Order());
        Assert.Equal(3, receiver.Accepted.Select(d => d.Id).Distinct().Count());
    }

    private static long Turnout(ReceivedDelivery delivery) =>
        System.Text.Json.Nodes.JsonNode.Parse(delivery.Body)!["data"]!["figures"]!["turnout"]!.GetValue<long>();

    private static async Task RewindTheLiveFeedByOneEvent(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var rewind = new NpgsqlCommand(
            "update alba.mt_event_progression set last_seq_id = last_seq_id - 1 where name = 'LiveFeed:All'", connection);
        Assert.Equal(1, await rewind.ExecuteNonQueryAsync());
    }
}

/// <summary>Hosted services start in the order they are registered; the live feed's first page must find Wolverine started.</summary>
[Collection(AppCollection.Name)]
public class the_hosts_start_order(AppFixture app)
{
    [Fact]
    public void the_daemon_starts_after_wolverines_runtime()
    {
        var services = app.Host.Services;
        var started = services.GetServices<IHostedService>().ToList();

        var wolverine = started.IndexOf((IHostedService)services.GetRequiredService<IWolverineRuntime>());
        var daemon = started.IndexOf((IHostedService)services.GetRequiredService<MartenCoordinator>());

        Assert.True(wolverine >= 0 && daemon >= 0, "both are hosted services");
        Assert.True(wolverine < daemon, $"Wolverine's runtime starts {wolverine}th, the async daemon {daemon}th: the daemon must come after");
    }
}

/// <summary>An app process of its own on a database of its own: the test rewinds the live feed's progress between runs.</summary>
public sealed class CatchUpAppFixture : PartnerAppFixture
{
    protected override string DatabaseSuffix => "partners_catchup";
}
