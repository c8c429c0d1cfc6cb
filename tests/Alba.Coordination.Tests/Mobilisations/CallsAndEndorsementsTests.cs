using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Mobilisations;

[Collection(AppCollection.Name)]
public class calling_a_mobilisation(AppFixture app)
{
    [Fact]
    public async Task a_convening_movements_representative_issues_a_call_that_anyone_can_read()
    {
        var convener = await app.Host.AMovementWithRep("CO");
        var title = Scenarios.Unique("Paro nacional");
        var created = await app.Host.Post("/api/mobilisations",
            MobilisationsScenarios.CallBody([convener.Id], ["CO"], title), convener.Rep);
        Assert.Equal(201, created.Status);
        var id = created.Id("mobilisationId");
        Assert.Equal($"/api/mobilisations/{id}", created.Location);

        var call = await app.Host.Get($"/api/mobilisations/{id}");
        Assert.Equal(200, call.Status);
        Assert.Equal(title, call.Get<string>("title"));
        Assert.Equal("es", call.Get<string>("language"));
        Assert.Equal(MobilisationsScenarios.StartsOn.ToString("yyyy-MM-dd"), call.Get<string>("startsOn"));
        Assert.Equal(["CO"], call.Body!["countries"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(1, call.Get<int>("endorsements"));
        Assert.Equal(1, call.Get<int>("version"));

        var list = await app.Host.Get("/api/mobilisations");
        Assert.Contains(list.Body!.AsArray(), m => m!["id"]!.GetValue<string>() == id.ToString() && m["title"]!.GetValue<string>() == title);

        var dashboard = await app.Host.Get($"/api/mobilisations/{id}/dashboard");
        Assert.Equal(200, dashboard.Status);
        Assert.Equal(1, dashboard.Get<int>("endorsements"));
        Assert.Equal(0, dashboard.Get<int>("actions"));
        Assert.Empty(dashboard.Body!["byCountry"]!.AsArray());
    }

    [Fact]
    public async Task only_an_organiser_or_a_conveners_representative_may_call()
    {
        var convener = await app.Host.AMovement();
        var body = MobilisationsScenarios.CallBody([convener]);
        Assert.Equal(401, (await app.Host.Post("/api/mobilisations", body)).Status);

        var outsider = await app.Host.AMovementWithRep();
        var forbidden = await app.Host.Post("/api/mobilisations", body, outsider.Rep);
        Assert.Equal(403, forbidden.Status);
        Assert.Equal("application/problem+json", forbidden.ContentType);
        Assert.Contains("only its own movement", forbidden.Get<string>("detail"));

        Assert.Equal(201, (await app.Host.Post("/api/mobilisations", body, await app.Host.Organiser())).Status);
    }

    [Fact]
    public async Task every_invalid_field_is_named()
    {
        var answer = await app.Host.Post("/api/mobilisations", new
        {
            title = "",
            callText = "",
            language = "spanish",
            startsOn = "2026-12-10",
            endsOn = "2026-12-01",
            countries = new[] { "AR", "Argentina", "AR" },
            convenedBy = Array.Empty<Guid>(),
        }, await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        var errors = answer.Body!["errors"]!.AsObject();
        Assert.Equal(["callText", "convenedBy", "countries", "endsOn", "language", "title"], errors.Select(e => e.Key).Order());
        Assert.Equal(2, errors["countries"]!.AsArray().Count);
    }

    [Fact]
    public async Task an_unknown_convening_movement_is_a_field_error()
    {
        var unknown = Guid.CreateVersion7();
        var answer = await app.Host.Post("/api/mobilisations", MobilisationsScenarios.CallBody([await app.Host.AMovement(), unknown]),
            await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.Contains(unknown.ToString(), answer.Body!["errors"]!["convenedBy"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task an_unknown_call_is_404()
    {
        var id = Guid.CreateVersion7();
        foreach (var path in new[] { "", "/dashboard", "/actions", "/actions.csv" })
        {
            var answer = await app.Host.Get($"/api/mobilisations/{id}{path}");
            Assert.Equal(404, answer.Status);
            Assert.Equal("application/problem+json", answer.ContentType);
        }
        Assert.Equal(404, (await app.Host.Post($"/api/mobilisations/{id}/endorsements", new { movementId = Guid.CreateVersion7() },
            await app.Host.Organiser())).Status);
    }
}

[Collection(AppCollection.Name)]
public class endorsing_a_call(AppFixture app)
{
    [Fact]
    public async Task a_representative_endorses_once_and_again_changes_nothing()
    {
        var convener = await app.Host.AMovementWithRep();
        var call = await app.Host.ACall(convener.Id);
        var supporter = await app.Host.AMovementWithRep("BR");

        var first = await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = supporter.Id }, supporter.Rep);
        Assert.Equal(201, first.Status);
        Assert.Equal(2, first.Get<int>("endorsements"));
        Assert.False(first.Get<bool>("repeated"));

        var again = await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = supporter.Id }, supporter.Rep);
        Assert.Equal(200, again.Status);
        Assert.True(again.Get<bool>("repeated"));
        var asConvener = await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = convener.Id }, convener.Rep);
        Assert.Equal(200, asConvener.Status);

        var view = await app.Host.Get($"/api/mobilisations/{call}");
        Assert.Equal(2, view.Get<int>("version"));
        Assert.Equal([supporter.Id.ToString()], view.Body!["endorsedBy"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(2, (await app.Host.Get($"/api/mobilisations/{call}/dashboard")).Get<int>("endorsements"));
    }

    [Fact]
    public async Task a_representative_cannot_endorse_for_another_movement()
    {
        var call = await app.Host.ACall(await app.Host.AMovement());
        var rep = await app.Host.AMovementWithRep();
        var other = await app.Host.AMovement();
        var answer = await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = other }, rep.Rep);
        Assert.Equal(403, answer.Status);
        Assert.Equal(1, (await app.Host.Get($"/api/mobilisations/{call}")).Get<int>("version"));

        var unknown = await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = Guid.CreateVersion7() },
            await app.Host.Organiser());
        Assert.Equal(400, unknown.Status);
        Assert.NotNull(unknown.Body!["errors"]!["movementId"]);
    }

    [Fact]
    public async Task concurrent_endorsements_count_each_movement_once()
    {
        var call = await app.Host.ACall(await app.Host.AMovement());
        var organiser = await app.Host.Organiser();
        var supporters = new List<Guid>();
        for (var i = 0; i < 6; i++) supporters.Add(await app.Host.AMovement());

        // Every supporter endorses three times at once.
        var answers = await Task.WhenAll(supporters.SelectMany(s => Enumerable.Repeat(s, 3)).Select(s =>
            app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = s }, organiser)));

        Assert.Equal(6, answers.Count(a => a.Status == 201));
        Assert.Equal(12, answers.Count(a => a.Status == 200));
        var view = await app.Host.Get($"/api/mobilisations/{call}");
        Assert.Equal(7, view.Get<int>("endorsements"));
        Assert.Equal(7, view.Get<int>("version"));
    }
}
