using Alba.Coordination.Mobilisations;
using Alba.Coordination.Tests.Support;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Mobilisations;

[Collection(AppCollection.Name)]
public class a_continental_day_with_thirty_actions_in_five_countries(AppFixture app)
{
    private sealed record SentReport(Guid Action, Caller Rep, string ReportId, DateTimeOffset ReportedAt, Figures Figures);

    private const string CityWithSeparators = "San Miguel de Tucumán, \"La Ciudad\"";

    [Fact]
    public async Task out_of_order_and_repeated_reports_add_up_exactly_and_a_rebuild_gives_the_same_dashboard()
    {
        var random = new Random(2026);
        var movements = new List<MovementWithRep>();
        foreach (var country in new[] { "AR", "BR", "CO", "VE", "MX" }) movements.Add(await app.Host.AMovementWithRep(country));
        var call = await app.Host.ACall(movements[0].Id, movements[1].Id);
        foreach (var supporter in movements.Skip(2))
            Assert.Equal(201, (await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = supporter.Id }, supporter.Rep)).Status);

        // Each action reports three times: a high first estimate, a false alarm, then the figures that stand (the latest).
        // The latest of the k-th country (AR 1, BR 2, CO 3, VE 4, MX 5) is k*100 people, k arrests, 1 injury, and one death
        // at its first action only; the earlier two are bigger, so a sum, a maximum or the first report would show.
        var first = new Figures(5_000, 9, 9, 0);
        var falseAlarm = new Figures(300, 0, 0, 2);
        var reports = new List<SentReport>();
        var latest = new Dictionary<Guid, Figures>();
        foreach (var (movement, k) in movements.Select((movement, i) => (movement, i + 1)))
            for (var i = 0; i < 6; i++)
            {
                var action = await app.Host.AnAction(call, movement, i == 0 && movement.Country == "AR" ? CityWithSeparators : $"Ciudad {i}");
                latest[action] = new Figures(k * 100, k, 1, i == 0 ? 1 : 0);
                reports.AddRange(new[] { first, falseAlarm, latest[action] }.Select((figures, n) =>
                    new SentReport(action, movement.Rep, $"{action:N}-{n}", MobilisationsScenarios.ActionStart.AddMinutes(30 * n), figures)));
            }
        // Sent shuffled, so a later report often arrives first; every fourth of the 90 is sent twice (a retry): 23 repeats.
        var sent = reports.Concat(reports.Where((_, i) => i % 4 == 0)).OrderBy(_ => random.Next()).ToList();

        var statuses = new List<int>();
        await Parallel.ForEachAsync(sent, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (r, _) =>
        {
            var answer = await app.Host.Report(r.Action, r.Rep, r.ReportId, r.ReportedAt, r.Figures);
            lock (statuses) statuses.Add(answer.Status);
        });
        Assert.Equal(90, statuses.Count(s => s == 201));
        Assert.Equal(23, statuses.Count(s => s == 200));

        var dashboard = await app.Host.Get($"/api/mobilisations/{call}/dashboard");
        Assert.Equal(200, dashboard.Status);
        Assert.Equal(5, dashboard.Get<int>("endorsements"));
        Assert.Equal(30, dashboard.Get<int>("actions"));
        Assert.Equal(5, dashboard.Get<int>("countries"));
        // 6 actions * 100 * (1 + 2 + 3 + 4 + 5) = 9,000 people; 6 * (1 + ... + 5) = 90 arrests; 30 * 1 injuries; 5 * 1 deaths.
        Assert.Equal((9_000L, 90L, 30L, 5L),
            (dashboard.Get<long>("turnout"), dashboard.Get<long>("arrests"), dashboard.Get<long>("injuries"), dashboard.Get<long>("deaths")));
        var byCountry = dashboard.Body!["byCountry"]!.AsArray().Select(c => (
            c!["country"]!.GetValue<string>(), c["actions"]!.GetValue<int>(), c["turnout"]!.GetValue<long>(), c["arrests"]!.GetValue<long>(),
            c["injuries"]!.GetValue<long>(), c["deaths"]!.GetValue<long>())).ToList();
        // Per country, in code order: 6 actions, 6 * k * 100 people, 6 * k arrests, 6 injuries, 1 death.
        Assert.Equal(new[]
        {
            ("AR", 6, 600L, 6L, 6L, 1L), ("BR", 6, 1_200L, 12L, 6L, 1L), ("CO", 6, 1_800L, 18L, 6L, 1L),
            ("MX", 6, 3_000L, 30L, 6L, 1L), ("VE", 6, 2_400L, 24L, 6L, 1L),
        }, byCountry);

        await CsvHoldsEveryActionWithItsLatestFigures(call, latest);
        await ARebuildGivesTheSameViews(call);
    }

    private async Task CsvHoldsEveryActionWithItsLatestFigures(Guid call, IReadOnlyDictionary<Guid, Figures> latest)
    {
        using var client = app.Host.Client();
        using var response = await client.GetAsync($"/api/mobilisations/{call}/actions.csv");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var rows = CsvRows(await response.Content.ReadAsStringAsync());
        Assert.Equal(ActionsCsv.Header, rows[0]);
        Assert.Equal(31, rows.Count);
        var byId = rows.Skip(1).ToDictionary(r => Guid.Parse(r[0]));
        Assert.Equal(latest.Keys.Order(), byId.Keys.Order());
        foreach (var (action, figures) in latest)
            Assert.Equal(figures, new Figures(long.Parse(byId[action][7]), long.Parse(byId[action][8]), long.Parse(byId[action][9]), long.Parse(byId[action][10])));
        Assert.Contains(rows, r => r[1] == CityWithSeparators);
    }

    private async Task ARebuildGivesTheSameViews(Guid call)
    {
        var before = await ViewsAsJson(call);
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<MobilisationViewProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<ActionViewProjection>(CancellationToken.None);
        }
        Assert.Equal(before, await ViewsAsJson(call));
    }

    private async Task<string> ViewsAsJson(Guid call)
    {
        var parts = new List<string>();
        foreach (var path in new[] { "", "/dashboard", "/actions" })
            parts.Add((await app.Host.Get($"/api/mobilisations/{call}{path}")).Body!.ToJsonString());
        return string.Join('\n', parts);
    }

    /// <summary>A strict RFC 4180 reader: quoted fields may hold separators, doubled quotes and line breaks.</summary>
    private static List<string[]> CsvRows(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else field.Append(c);
        }
        Assert.Empty(fields);
        Assert.Equal(0, field.Length);
        return rows;
    }
}

[Collection(AppCollection.Name)]
public class following_a_mobilisation_live(AppFixture app)
{
    [Fact]
    public async Task endorsements_actions_and_reports_are_pushed_to_the_calls_group()
    {
        var movement = await app.Host.AMovementWithRep("VE");
        var call = await app.Host.ACall(movement.Id);
        await using var follower = await LiveClient.Connect(app.Host);
        await follower.Join($"mobilisation:{call}");

        var supporter = await app.Host.AMovementWithRep("CU");
        await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = supporter.Id }, supporter.Rep);
        var endorsed = await follower.WaitFor(u => u.Kind == "MobilisationEndorsed");
        Assert.Equal($"mobilisation:{call}", endorsed.Group);
        Assert.Equal(call, endorsed.StreamId);
        Assert.Equal(2, endorsed.Version);
        Assert.Equal(supporter.Id, endorsed.Data.GetProperty("movementId").GetGuid());

        var action = await app.Host.AnAction(call, movement, "Caracas");
        var registered = await follower.WaitFor(u => u.Kind == "ActionRegistered");
        Assert.Equal(action, registered.StreamId);
        Assert.Equal("Caracas", registered.Data.GetProperty("city").GetString());

        await app.Host.Report(action, movement.Rep, "live-2", MobilisationsScenarios.ActionStart.AddHours(2), new Figures(20_000, 3, 1, 0), "private");
        await app.Host.Report(action, movement.Rep, "live-1", MobilisationsScenarios.ActionStart.AddHours(1), new Figures(5_000, 0, 0, 0));
        var newest = await follower.WaitFor(u => u.Kind == "ActionReported" && u.Version == 2);
        Assert.True(newest.Data.GetProperty("isLatest").GetBoolean());
        Assert.Equal(20_000, newest.Data.GetProperty("figures").GetProperty("turnout").GetInt64());
        Assert.False(newest.Data.TryGetProperty("note", out _));
        var late = await follower.WaitFor(u => u.Kind == "ActionReported" && u.Version == 3);
        Assert.False(late.Data.GetProperty("isLatest").GetBoolean());
        Assert.Equal("live-1", late.Data.GetProperty("reportId").GetString());
    }
}
