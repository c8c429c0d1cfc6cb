using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class drafting_a_statement(AppFixture app)
{
    [Fact]
    public async Task the_initiating_movements_representative_drafts_revision_1()
    {
        var initiator = await app.Host.AParty();
        var title = Scenarios.Unique("Masacre en Barinas");
        var answer = await app.Host.Draft(initiator, title, "Denunciamos la masacre de activistas en Barinas.");
        Assert.Equal(201, answer.Status);
        var id = answer.Id("statementId");
        Assert.Equal($"/api/statements/{id}", answer.Location);
        Assert.Equal(1, answer.Get<int>("revision"));
        Assert.Equal("draft", answer.Get<string>("status"));

        var statement = await app.Host.Statement(id, initiator.Rep);
        Assert.Equal(title, statement["title"]!.GetValue<string>());
        Assert.Equal("Denunciamos la masacre de activistas en Barinas.", statement["body"]!.GetValue<string>());
        Assert.Equal("es", statement["language"]!.GetValue<string>());
        Assert.Equal("draft", statement["status"]!.GetValue<string>());
        Assert.Equal(1, statement.Revision());
        Assert.Equal(initiator.MovementId.ToString(), statement["initiatingMovementId"]!.GetValue<string>());
        Assert.Empty(statement["signatories"]!.AsArray());
    }

    [Fact]
    public async Task an_organiser_drafts_for_any_movement_but_another_movement_may_not()
    {
        var initiator = await app.Host.AParty();
        var body = new { title = "Contra el TIAR", body = "Rechazamos.", language = "es", initiatingMovementId = initiator.MovementId };
        Assert.Equal(201, (await app.Host.Post("/api/statements", body, await app.Host.Organiser())).Status);

        var other = await app.Host.AParty();
        var forbidden = await app.Host.Post("/api/statements", body, other.Rep);
        Assert.Equal(403, forbidden.Status);
        Assert.Equal("application/problem+json", forbidden.ContentType);
        Assert.Equal(401, (await app.Host.Post("/api/statements", body)).Status);
    }

    [Fact]
    public async Task invalid_fields_are_named_and_an_unknown_movement_is_404()
    {
        var organiser = await app.Host.Organiser();
        var invalid = await app.Host.Post("/api/statements", new { title = "", body = "", language = "castellano" }, organiser);
        Assert.Equal(400, invalid.Status);
        Assert.Equal(["body", "initiatingMovementId", "language", "title"], invalid.Body!["errors"]!.AsObject().Select(e => e.Key).Order());

        var unknown = await app.Host.Post("/api/statements",
            new { title = "t", body = "b", language = "es", initiatingMovementId = Guid.CreateVersion7() }, organiser);
        Assert.Equal(404, unknown.Status);
    }
}

[Collection(AppCollection.Name)]
public class revising_a_statement(AppFixture app)
{
    [Fact]
    public async Task a_text_on_the_current_revision_becomes_the_next_revision()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator, "Primer texto.");

        var revised = await app.Host.Revise(id, initiator.Rep, 1, "Segundo texto.", note: "Cifras actualizadas");
        Assert.Equal(201, revised.Status);
        Assert.Equal(2, revised.Get<int>("revision"));
        var organiserRevision = await app.Host.Revise(id, await app.Host.Organiser(), 2, "Tercer texto.", title: "Título nuevo");
        Assert.Equal(3, organiserRevision.Get<int>("revision"));

        var statement = await app.Host.Statement(id, initiator.Rep);
        Assert.Equal(3, statement.Revision());
        Assert.Equal("Tercer texto.", statement["body"]!.GetValue<string>());
        Assert.Equal("Título nuevo", statement["title"]!.GetValue<string>());
        var revisions = statement["revisions"]!.AsArray();
        Assert.Equal([1, 2, 3], revisions.Select(r => r!["revision"]!.GetValue<int>()));
        Assert.Equal("Cifras actualizadas", revisions[1]!["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_text_on_a_stale_revision_is_409_naming_the_current_revision_and_changes_nothing()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Versión de Ana.")).Status);

        var stale = await app.Host.Revise(id, initiator.Rep, 1, "Versión de Beto.");
        Assert.Equal(409, stale.Status);
        Assert.Equal("application/problem+json", stale.ContentType);
        Assert.Equal(2, stale.Get<int>("currentRevision"));
        Assert.Contains("current revision is 2", stale.Get<string>("detail"));
        Assert.Equal("Versión de Ana.", (await app.Host.Statement(id, initiator.Rep))["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task only_the_initiator_or_an_organiser_revises()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var other = await app.Host.AParty();
        Assert.Equal(403, (await app.Host.Revise(id, other.Rep, 1, "Otro texto.")).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/statements/{id}/revisions", new { body = "x", baseRevision = 1 })).Status);
        Assert.Equal(404, (await app.Host.Revise(Guid.CreateVersion7(), initiator.Rep, 1, "x")).Status);
        Assert.Single(await app.Host.History(id, initiator.Rep));
    }
}
