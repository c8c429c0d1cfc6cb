using Alba.Coordination.Movements;
using Alba.Coordination.Statements;
using Alba.Coordination.Tests.Statements;
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

    private async Task<int> StatementsTitled(string title)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryRawEventDataOnly<StatementDrafted>().Where(e => e.Title == title).CountAsync();
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

    /// <summary>Drafting has no uniqueness rule of its own (each draft is a new stream), so only the key can stop a second statement.</summary>
    [Fact]
    public async Task concurrent_retries_of_one_draft_with_one_key_start_one_statement_and_answer_alike()
    {
        var initiator = await app.Host.AParty();
        var key = Guid.NewGuid().ToString();
        var body = new { title = Scenarios.Unique("Declaración"), body = "Denunciamos la masacre.", language = "es", initiatingMovementId = initiator.MovementId };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Host.Post("/api/statements", body, initiator.Rep, key)));

        // The claim is written in the endpoint's transaction: every concurrent repeat runs, its commit fails on the
        // claim, and it is answered from the first's — no 409, no second stream.
        Assert.Equal(1, await StatementsTitled(body.title));
        Assert.All(answers, a => Assert.Equal((201, answers[0].Location, answers[0].Body!.ToJsonString()), (a.Status, a.Location, a.Body!.ToJsonString())));
        var repeated = await app.Host.Post("/api/statements", body, initiator.Rep, key);
        Assert.Equal((201, answers[0].Location, answers[0].Body!.ToJsonString()), (repeated.Status, repeated.Location, repeated.Body!.ToJsonString()));
    }

    [Fact]
    public async Task two_callers_with_the_same_key_and_bytes_get_two_resources()
    {
        var initiator = await app.Host.AParty();
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = new { title = Scenarios.Unique("Declaración"), body = "Denunciamos la masacre.", language = "es", initiatingMovementId = initiator.MovementId };

        var byRepresentative = await app.Host.Post("/api/statements", body, initiator.Rep, key);
        var byOrganiser = await app.Host.Post("/api/statements", body, organiser, key);

        Assert.Equal((201, 201), (byRepresentative.Status, byOrganiser.Status));
        Assert.NotEqual(byRepresentative.Id("statementId"), byOrganiser.Id("statementId"));
        Assert.Equal(2, await StatementsTitled(body.title));
    }

    [Fact]
    public async Task a_refused_request_keeps_no_claim_so_its_correction_under_the_same_key_succeeds()
    {
        var initiator = await app.Host.AParty();
        var key = Guid.NewGuid().ToString();
        var title = Scenarios.Unique("Declaración");

        var invalid = await app.Host.Post("/api/statements", new { title = " ", body = "Texto.", language = "es", initiatingMovementId = initiator.MovementId },
            initiator.Rep, key);
        Assert.Equal((400, "'title' is required."), (invalid.Status, invalid.Body!["errors"]!["title"]![0]!.GetValue<string>()));
        var corrected = await app.Host.Post("/api/statements", new { title, body = "Texto.", language = "es", initiatingMovementId = initiator.MovementId },
            initiator.Rep, key);
        Assert.Equal(201, corrected.Status);
        Assert.Equal(1, await StatementsTitled(title));

        var revisionKey = Guid.NewGuid().ToString();
        var id = corrected.Id("statementId");
        var stale = await app.Host.Post($"/api/statements/{id}/revisions", new { body = "Texto nuevo.", baseRevision = 7 }, initiator.Rep, revisionKey);
        Assert.Equal((409, 1), (stale.Status, stale.Get<int>("currentRevision")));
        var current = await app.Host.Post($"/api/statements/{id}/revisions", new { body = "Texto nuevo.", baseRevision = 1 }, initiator.Rep, revisionKey);
        Assert.Equal((201, 2), (current.Status, current.Get<int>("revision")));
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
}
