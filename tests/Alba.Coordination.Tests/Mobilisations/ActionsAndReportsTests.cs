using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Mobilisations;

[Collection(AppCollection.Name)]
public class registering_local_actions(AppFixture app)
{
    [Fact]
    public async Task the_organising_movements_representative_registers_an_action()
    {
        var movement = await app.Host.AMovementWithRep("CO");
        var call = await app.Host.ACall(movement.Id);
        var answer = await app.Host.Post($"/api/mobilisations/{call}/actions",
            MobilisationsScenarios.ActionBody(movement.Id, "CO", "Bogotá", "strike"), movement.Rep);
        Assert.Equal(201, answer.Status);
        var actionId = answer.Id("actionId");
        Assert.Equal($"/api/actions/{actionId}", answer.Location);

        var action = await app.Host.Get($"/api/actions/{actionId}");
        Assert.Equal("Bogotá", action.Get<string>("city"));
        Assert.Equal("strike", action.Get<string>("kind"));
        Assert.Equal(call, action.Id("mobilisationId"));
        Assert.Equal(new Figures(0, 0, 0, 0), MobilisationsScenarios.FiguresOf(action));

        var actions = await app.Host.Get($"/api/mobilisations/{call}/actions");
        Assert.Equal([actionId.ToString()], actions.Body!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        var dashboard = await app.Host.Get($"/api/mobilisations/{call}/dashboard");
        Assert.Equal(1, dashboard.Get<int>("actions"));
        Assert.Equal(1, dashboard.Get<int>("countries"));
    }

    [Fact]
    public async Task a_representative_cannot_register_an_action_for_another_movement()
    {
        var organising = await app.Host.AMovement();
        var call = await app.Host.ACall(organising);
        var outsider = await app.Host.AMovementWithRep();
        var answer = await app.Host.Post($"/api/mobilisations/{call}/actions", MobilisationsScenarios.ActionBody(organising, "AR"), outsider.Rep);
        Assert.Equal(403, answer.Status);
        Assert.Empty((await app.Host.Get($"/api/mobilisations/{call}/actions")).Body!.AsArray());
        Assert.Equal(401, (await app.Host.Post($"/api/mobilisations/{call}/actions", MobilisationsScenarios.ActionBody(organising, "AR"))).Status);
    }

    [Fact]
    public async Task invalid_actions_name_their_fields()
    {
        var movement = await app.Host.AMovement();
        var call = await app.Host.ACall(movement);
        var organiser = await app.Host.Organiser();

        var bad = await app.Host.Post($"/api/mobilisations/{call}/actions", new { city = "", country = "XX", kind = "riot" }, organiser);
        Assert.Equal(400, bad.Status);
        Assert.Equal(["city", "country", "kind", "organisingMovementId", "startsAt"], bad.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        var outsideTheCall = await app.Host.Post($"/api/mobilisations/{call}/actions",
            MobilisationsScenarios.ActionBody(movement, "AR", startsAt: MobilisationsScenarios.ActionStart.AddDays(30)), organiser);
        Assert.Equal(400, outsideTheCall.Status);
        Assert.NotNull(outsideTheCall.Body!["errors"]!["startsAt"]);

        var unknownMovement = await app.Host.Post($"/api/mobilisations/{call}/actions",
            MobilisationsScenarios.ActionBody(Guid.CreateVersion7(), "AR"), organiser);
        Assert.Equal(400, unknownMovement.Status);
        Assert.NotNull(unknownMovement.Body!["errors"]!["organisingMovementId"]);

        Assert.Equal(404, (await app.Host.Post($"/api/mobilisations/{Guid.CreateVersion7()}/actions",
            MobilisationsScenarios.ActionBody(movement, "AR"), organiser)).Status);
    }
}

[Collection(AppCollection.Name)]
public class reporting_on_an_action(AppFixture app)
{
    private static readonly DateTimeOffset Start = MobilisationsScenarios.ActionStart;

    private async Task<(Guid Action, MovementWithRep Movement)> AnActionWithItsMovement()
    {
        var movement = await app.Host.AMovementWithRep();
        var call = await app.Host.ACall(movement.Id);
        return (await app.Host.AnAction(call, movement), movement);
    }

    [Fact]
    public async Task the_latest_report_wins_even_when_an_older_one_arrives_later()
    {
        var (action, movement) = await AnActionWithItsMovement();
        var latest = await app.Host.Report(action, movement.Rep, "r-3", Start.AddHours(3), new Figures(12_000, 40, 7, 1));
        Assert.Equal(201, latest.Status);
        Assert.True(latest.Get<bool>("isLatest"));

        var late = await app.Host.Report(action, movement.Rep, "r-1", Start.AddHours(1), new Figures(3_000, 2, 0, 0), "first count");
        Assert.Equal(201, late.Status);
        Assert.False(late.Get<bool>("isLatest"));
        Assert.Equal(12_000, late.Body!["figures"]!["turnout"]!.GetValue<long>());

        var view = await app.Host.Get($"/api/actions/{action}");
        Assert.Equal(new Figures(12_000, 40, 7, 1), MobilisationsScenarios.FiguresOf(view));
        Assert.Equal(2, view.Get<int>("reports"));

        var reports = await app.Host.Get($"/api/actions/{action}/reports", movement.Rep);
        Assert.Equal(["r-3", "r-1"], reports.Body!.AsArray().Select(r => r!["reportId"]!.GetValue<string>()));
        Assert.Equal([true, false], reports.Body!.AsArray().Select(r => r!["isLatest"]!.GetValue<bool>()));
        Assert.Equal("first count", reports.Body![1]!["note"]!.GetValue<string>());
        var publicReports = await app.Host.Get($"/api/actions/{action}/reports");
        Assert.Null(publicReports.Body![1]!["note"]);
    }

    [Fact]
    public async Task the_same_report_id_again_is_a_no_op()
    {
        var (action, movement) = await AnActionWithItsMovement();
        Assert.Equal(201, (await app.Host.Report(action, movement.Rep, "same", Start.AddHours(1), new Figures(500, 0, 0, 0))).Status);
        var again = await app.Host.Report(action, movement.Rep, "same", Start.AddHours(2), new Figures(900, 9, 9, 0));
        Assert.Equal(200, again.Status);
        Assert.True(again.Get<bool>("repeated"));
        Assert.True(again.Get<bool>("isLatest"));

        var view = await app.Host.Get($"/api/actions/{action}");
        Assert.Equal(new Figures(500, 0, 0, 0), MobilisationsScenarios.FiguresOf(view));
        Assert.Equal(2, view.Get<int>("version"));
        Assert.Single((await app.Host.Get($"/api/actions/{action}/reports")).Body!.AsArray());
    }

    [Fact]
    public async Task a_movement_that_does_not_organise_the_action_cannot_report_on_it()
    {
        var (action, _) = await AnActionWithItsMovement();
        var outsider = await app.Host.AMovementWithRep();
        var answer = await app.Host.Report(action, outsider.Rep, "intruder", Start.AddHours(1), new Figures(1, 0, 0, 0));
        Assert.Equal(403, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(1, (await app.Host.Get($"/api/actions/{action}")).Get<int>("version"));

        Assert.Equal(401, (await app.Host.Post($"/api/actions/{action}/reports",
            MobilisationsScenarios.ReportBody("anon", Start, new Figures(1, 0, 0, 0)))).Status);
        Assert.Equal(201, (await app.Host.Report(action, await app.Host.Organiser(), "secretariat", Start, new Figures(1, 0, 0, 0))).Status);
        Assert.Equal(404, (await app.Host.Report(Guid.CreateVersion7(), outsider.Rep, "x", Start, new Figures(1, 0, 0, 0))).Status);
    }

    [Fact]
    public async Task negative_or_absurd_figures_are_refused_field_by_field()
    {
        var (action, movement) = await AnActionWithItsMovement();
        var absurd = await app.Host.Post($"/api/actions/{action}/reports", new
        {
            reportId = "",
            reportedAt = DateTimeOffset.UtcNow.AddDays(2),
            turnout = 60_000_000,
            arrests = -1,
            injuries = 70_000_000,
            deaths = -3,
        }, movement.Rep);
        Assert.Equal(400, absurd.Status);
        Assert.Equal("application/problem+json", absurd.ContentType);
        Assert.Equal(["arrests", "deaths", "injuries", "reportId", "reportedAt", "turnout"],
            absurd.Body!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        var deathsBeyondTurnout = await app.Host.Report(action, movement.Rep, "d", Start, new Figures(100, 0, 0, 5_000));
        Assert.Equal(400, deathsBeyondTurnout.Status);
        Assert.NotNull(deathsBeyondTurnout.Body!["errors"]!["deaths"]);

        var beforeTheAction = await app.Host.Report(action, movement.Rep, "early", Start.AddDays(-3), new Figures(1, 0, 0, 0));
        Assert.Equal(400, beforeTheAction.Status);
        Assert.NotNull(beforeTheAction.Body!["errors"]!["reportedAt"]);

        var wrongType = await app.Host.PostRaw($"/api/actions/{action}/reports",
            "{\"reportId\":\"t\",\"reportedAt\":\"yesterday\",\"turnout\":1}", movement.Rep);
        Assert.Equal(400, wrongType.Status);
        Assert.Equal(1, (await app.Host.Get($"/api/actions/{action}")).Get<int>("version"));
    }

    [Fact]
    public async Task concurrent_reports_on_one_action_all_count_and_the_latest_wins()
    {
        var (action, movement) = await AnActionWithItsMovement();
        var reports = Enumerable.Range(1, 8).Select(i => (Id: $"c-{i}", At: Start.AddMinutes(10 * i), Figures: new Figures(i * 100, i, 0, 0))).ToList();

        // Each report twice, all at once: the lock makes every request see the one before it.
        var answers = await Task.WhenAll(reports.Concat(reports).Select(r => app.Host.Report(action, movement.Rep, r.Id, r.At, r.Figures)));

        Assert.Equal(8, answers.Count(a => a.Status == 201));
        Assert.Equal(8, answers.Count(a => a.Status == 200));
        var view = await app.Host.Get($"/api/actions/{action}");
        Assert.Equal(new Figures(800, 8, 0, 0), MobilisationsScenarios.FiguresOf(view));
        Assert.Equal(9, view.Get<int>("version"));
    }
}
