using System.Globalization;
using System.Text.RegularExpressions;
using Alba.Coordination.Live;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Operations;

[Collection(AppCollection.Name)]
public class metrics_after_some_traffic(AppFixture app)
{
    private const string RequestsToMovements = @"http_server_request_duration_seconds_count\{[^}]*http_route=""/api/movements""";
    private const string Commands = @"alba_commands_total\{";
    private const string Pushes = @"alba_live_push_lag_seconds_count\b";

    [Fact]
    public async Task the_prometheus_text_has_our_series_and_their_values_moved_with_nothing_personal()
    {
        var before = await Scrape();
        await using var client = await LiveClient.Connect(app.Host);
        await client.Join(LiveGroups.Movements);
        var name = Scenarios.Unique("Movimiento");
        var movement = await app.Host.AMovement(name);
        await client.WaitFor(update => update.StreamId == movement);
        Assert.Equal(200, (await app.Host.Get("/api/movements")).Status);
        // A registration is group-committed: its stream's writer records the phases and the batch.
        await app.Host.ARegisteredDelegate(await app.Host.AnAssembly());

        var after = "";
        await when_the_live_feed_lags.Until(async () =>
        {
            after = await Scrape();
            return Sum(after, RequestsToMovements) > Sum(before, RequestsToMovements)
                   && Sum(after, Commands) > Sum(before, Commands)
                   && Sum(after, Pushes) > Sum(before, Pushes);
        }, "moved (requests per route, commands, pushes)");

        HasSeries(after, "alba_commands_total", @"alba_outcome=""appended""", @"alba_write_model=""MovementState""");
        HasSeries(after, "http_server_request_duration_seconds_bucket", @"http_route=""/api/movements""");
        HasSeries(after, "alba_daemon_high_water_lag");
        HasSeries(after, "alba_daemon_lag", @"alba_shard=""LiveFeed:All""");
        Assert.True(Sum(after, @"signalr_server_active_connections\b") >= 1, "the client's connection is counted");
        foreach (var phase in new[] { "queued", "open", "decide", "commit" })
            HasSeries(after, "alba_group_commit_phase_seconds_bucket", @"alba_command=""Registration""", $@"alba_phase=""{phase}""");
        HasSeries(after, "alba_group_commit_batch_bucket", @"alba_command=""Registration""");
        HasSeries(after, "db_client_connection");
        HasSeries(after, "wolverine");
        Assert.DoesNotContain(name, after);
        Assert.DoesNotContain(movement.ToString(), after);
        Assert.DoesNotContain(AppFixture.OrganiserEmail, after);
    }

    [Fact]
    public async Task the_scrape_needs_no_sign_in()
    {
        var scrape = await app.Host.Client().GetAsync("/metrics");
        Assert.Equal(200, (int)scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> Scrape()
    {
        using var client = app.Host.Client();
        return await client.GetStringAsync("/metrics");
    }

    /// <summary>A sample line of a series whose name starts with <paramref name="name"/>, with each of the labels.</summary>
    private static void HasSeries(string exposition, string name, params string[] labels)
    {
        var lines = exposition.Split('\n').Where(line => line.StartsWith(name, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(line => labels.All(line.Contains)),
            $"no {name} sample with {string.Join(", ", labels)} in:\n{string.Join('\n', lines.Take(20))}\nseries: " +
            string.Join(" ", exposition.Split('\n').Where(line => line.StartsWith("# TYPE")).Select(line => line.Split(' ')[2])));
    }

    /// <summary>The sum of the samples on the lines that start with <paramref name="series"/>, a pattern (0 when there are none).</summary>
    private static double Sum(string exposition, string series) =>
        exposition.Split('\n').Where(line => Regex.IsMatch(line, "^" + series))
            .Sum(line => double.Parse(Regex.Match(line, @"\s(\S+)(\s\d+)?$").Groups[1].Value, CultureInfo.InvariantCulture));
}
