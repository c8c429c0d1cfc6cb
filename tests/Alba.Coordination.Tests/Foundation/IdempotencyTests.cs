using Alba.Coordination.Movements;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Foundation;

[Collection(AppCollection.Name)]
public class idempotency_keys(AppFixture app)
{
    private async Task<int> MovementsNamed(string name)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.QueryRawEventDataOnly<MovementRegistered>().Where(e => e.Name == name).CountAsync();
        return events;
    }

    [Fact]
    public async Task a_repeated_post_answers_the_same_and_appends_nothing()
    {
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = new { name = Scenarios.Unique("Vía Campesina"), country = "HN", region = "Central America", sector = "peasant" };

        var first = await app.Host.Post("/api/movements", body, organiser, key);
        var second = await app.Host.Post("/api/movements", body, organiser, key);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.Equal(first.Location, second.Location);
        Assert.Equal(1, await MovementsNamed(body.name));
    }

    [Fact]
    public async Task the_same_key_with_another_body_is_422()
    {
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var first = await app.Host.Post("/api/movements", new { name = Scenarios.Unique("A"), country = "CU", region = "Caribbean", sector = "s" }, organiser, key);
        Assert.Equal(201, first.Status);
        var other = new { name = Scenarios.Unique("B"), country = "CU", region = "Caribbean", sector = "s" };
        var second = await app.Host.Post("/api/movements", other, organiser, key);
        Assert.Equal(422, second.Status);
        Assert.Equal("application/problem+json", second.ContentType);
        Assert.Equal(0, await MovementsNamed(other.name));
    }

    [Fact]
    public async Task concurrent_retries_with_one_key_append_once()
    {
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = new { name = Scenarios.Unique("Marcha Mundial"), country = "BO", region = "Andes", sector = "women" };
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Host.Post("/api/movements", body, organiser, key)));
        Assert.Equal(1, await MovementsNamed(body.name));
        var created = answers.Where(a => a.Status == 201).ToList();
        Assert.NotEmpty(created);
        Assert.All(created, a => Assert.Equal(created[0].Location, a.Location));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal(409, a.Status));
    }

    [Fact]
    public async Task sign_in_answers_are_never_stored_for_replay()
    {
        long Stored()
        {
            using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
            connection.Open();
            using var count = new Npgsql.NpgsqlCommand("select count(*) from alba.wolverine_deduplicated_responses", connection);
            return (long)count.ExecuteScalar()!;
        }
        var before = Stored();
        var key = Guid.NewGuid().ToString();
        var login = new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword };
        var first = await app.Host.Post("/api/auth/login", login, idempotencyKey: key);
        var second = await app.Host.Post("/api/auth/login", login, idempotencyKey: key);
        Assert.Equal((200, 200), (first.Status, second.Status));
        Assert.NotEqual(first.Get<string>("accessToken"), second.Get<string>("accessToken"));
        Assert.Equal(before, Stored());
    }

    [Fact]
    public async Task keys_belong_to_their_caller()
    {
        var key = Guid.NewGuid().ToString();
        var movement = await app.Host.AMovement();
        var repA = await app.Host.ARepresentativeOf(movement);
        var organiser = await app.Host.Organiser();
        var body = new { name = Scenarios.Unique("Scoped"), country = "MX", region = "North America", sector = "s" };
        Assert.Equal(403, (await app.Host.Post("/api/movements", body, repA, key)).Status);
        Assert.Equal(201, (await app.Host.Post("/api/movements", body, organiser, key)).Status);
    }
}
