using System.Text.Json;
using Alba.Coordination.Movements;
using Alba.Coordination.Tests.Support;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Foundation;

[Collection(AppCollection.Name)]
public class registering_movements(AppFixture app)
{
    [Fact]
    public async Task an_organiser_registers_a_movement_that_anyone_can_read()
    {
        var name = Scenarios.Unique("Movimiento Sin Tierra");
        var created = await app.Host.Post("/api/movements", new { name, country = "BR", region = "South America", sector = "peasant" }, await app.Host.Organiser());
        Assert.Equal(201, created.Status);
        var id = created.Id("movementId");
        Assert.Equal($"/api/movements/{id}", created.Location);
        Assert.Equal(7, id.Version);

        var one = await app.Host.Get($"/api/movements/{id}");
        Assert.Equal(200, one.Status);
        Assert.Equal(name, one.Get<string>("name"));
        Assert.Equal("BR", one.Get<string>("country"));

        var list = await app.Host.Get("/api/movements?country=BR");
        Assert.Contains(list.Body!.AsArray(), m => m!["id"]!.GetValue<string>() == id.ToString());
        Assert.All(list.Body!.AsArray(), m => Assert.Equal("BR", m!["country"]!.GetValue<string>()));
    }

    [Fact]
    public async Task every_invalid_field_is_named()
    {
        var answer = await app.Host.Post("/api/movements", new { name = "", country = "Argentina", region = "", sector = "" }, await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        var errors = answer.Body!["errors"]!.AsObject();
        Assert.Equal(["country", "name", "region", "sector"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task a_second_movement_with_the_same_name_is_a_conflict()
    {
        var name = Scenarios.Unique("Congreso de los Pueblos");
        var organiser = await app.Host.Organiser();
        Assert.Equal(201, (await app.Host.Post("/api/movements", new { name, country = "CO", region = "Andes", sector = "popular" }, organiser)).Status);
        var again = await app.Host.Post("/api/movements", new { name = name.ToUpperInvariant(), country = "CO", region = "Andes", sector = "popular" }, organiser);
        Assert.Equal(409, again.Status);
        Assert.Contains("already", again.Get<string>("detail"));
    }

    [Fact]
    public async Task concurrent_registrations_of_one_name_leave_exactly_one()
    {
        var name = Scenarios.Unique("Frente Popular");
        var organiser = await app.Host.Organiser();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            app.Host.Post("/api/movements", new { name, country = "VE", region = "Caribbean", sector = "popular" }, organiser)));
        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
    }

    [Fact]
    public async Task only_organisers_register_movements()
    {
        var body = new { name = Scenarios.Unique("X"), country = "AR", region = "r", sector = "s" };
        var anonymous = await app.Host.Post("/api/movements", body);
        Assert.Equal(401, anonymous.Status);
        Assert.Equal("application/problem+json", anonymous.ContentType);

        var rep = await app.Host.ARepresentativeOf(await app.Host.AMovement());
        var forbidden = await app.Host.Post("/api/movements", body, rep);
        Assert.Equal(403, forbidden.Status);
        Assert.Equal("application/problem+json", forbidden.ContentType);
    }

    [Fact]
    public async Task an_unknown_movement_is_404_problem()
    {
        var answer = await app.Host.Get($"/api/movements/{Guid.CreateVersion7()}");
        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(404, (await app.Host.Get("/api/movements/not-a-guid")).Status);
    }
}

[Collection(AppCollection.Name)]
public class rebuilding_the_movement_view(AppFixture app)
{
    [Fact]
    public async Task gives_the_same_document_as_live_version_included()
    {
        var movement = await app.Host.AMovement();
        await app.Host.ARepresentativeOf(movement);
        var live = await View(movement);
        Assert.Equal(2, live.Version);
        Assert.Single(live.RepresentativeIds);

        using (var daemon = await Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<MovementViewProjection>(CancellationToken.None);

        Assert.Equal(JsonSerializer.Serialize(live), JsonSerializer.Serialize(await View(movement)));
    }

    private IDocumentStore Store => app.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<MovementView> View(Guid movement)
    {
        await using var session = Store.QuerySession();
        return (await session.LoadAsync<MovementView>(movement))!;
    }
}

[Collection(AppCollection.Name)]
public class bad_requests(AppFixture app)
{
    [Theory]
    [InlineData("{\"name\": \"x\", ", "body")]
    [InlineData("not json at all", "body")]
    [InlineData("{\"name\": 3, \"country\": \"AR\", \"region\": \"r\", \"sector\": \"s\"}", "name")]
    [InlineData("{\"name\": \"x\", \"country\": [\"AR\"], \"region\": \"r\", \"sector\": \"s\"}", "country")]
    [InlineData("[]", "body")]
    [InlineData("", "body")]
    [InlineData("null", "body")]
    public async Task unreadable_bodies_are_400_with_field_errors_and_no_internals(string json, string field)
    {
        var answer = await app.Host.PostRaw("/api/movements", json, await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.NotNull(answer.Body!["errors"]![field]);
        var text = answer.Body!.ToJsonString();
        Assert.DoesNotContain("Alba.Coordination", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task missing_fields_are_400_not_500()
    {
        var answer = await app.Host.PostRaw("/api/movements", "{}", await app.Host.Organiser());
        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Body!["errors"]!["name"]);
    }

    [Fact]
    public async Task a_forged_token_is_401()
    {
        var forged = new Caller("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6Im9yZ2FuaXNlciJ9.c2lnbmF0dXJl", Guid.Empty, "organiser");
        Assert.Equal(401, (await app.Host.Post("/api/movements", new { name = "x" }, forged)).Status);
    }
}

[Collection(AppCollection.Name)]
public class the_host(AppFixture app)
{
    [Fact]
    public async Task health_is_200_when_the_database_answers()
    {
        using var client = app.Host.Client();
        var response = await client.GetAsync("/health");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_openapi_document_lists_the_routes_and_the_api_page_is_served()
    {
        using var client = app.Host.Client();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/movements", document);
        Assert.Contains("/api/auth/login", document);
        var page = await client.GetAsync("/api/docs/");
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType!.MediaType);
    }
}
