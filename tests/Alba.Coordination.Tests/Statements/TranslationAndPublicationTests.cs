using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class translating_a_statement(AppFixture app)
{
    private Task<Answer> Translate(Guid id, Caller caller, string language, int sourceRevision) =>
        app.Host.Post($"/api/statements/{id}/translations",
            new { language, title = $"Título ({language})", body = $"Texto ({language}, revisión {sourceRevision})", sourceRevision }, caller);

    [Fact]
    public async Task a_translation_is_tied_to_its_revision_and_shown_stale_once_the_text_moves_on()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var translated = await Translate(id, initiator.Rep, "pt", 1);
        Assert.Equal(201, translated.Status);
        Assert.False(translated.Get<bool>("stale"));

        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Texto revisado.")).Status);
        var lagging = await Translate(id, await app.Host.Organiser(), "en", 1);
        Assert.Equal(201, lagging.Status);
        Assert.True(lagging.Get<bool>("stale"));

        var translations = (await app.Host.Statement(id, initiator.Rep))["translations"]!.AsArray();
        Assert.Equal(["en", "pt"], translations.Select(t => t!["language"]!.GetValue<string>()));
        Assert.All(translations, t => Assert.True(t!["stale"]!.GetValue<bool>()));
        Assert.Equal("Texto (pt, revisión 1)", translations[1]!["body"]!.GetValue<string>());

        Assert.Equal(201, (await Translate(id, initiator.Rep, "pt", 2)).Status);
        var portuguese = (await app.Host.Statement(id, initiator.Rep))["translations"]!.AsArray().Single(t => t!["language"]!.GetValue<string>() == "pt")!;
        Assert.Equal(2, portuguese["sourceRevision"]!.GetValue<int>());
        Assert.False(portuguese["stale"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_future_revision_or_the_original_language_is_a_conflict_and_outsiders_are_forbidden()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var future = await Translate(id, initiator.Rep, "pt", 2);
        Assert.Equal(409, future.Status);
        Assert.Equal(1, future.Get<int>("currentRevision"));
        Assert.Equal(409, (await Translate(id, initiator.Rep, "es", 1)).Status);
        Assert.Equal(403, (await Translate(id, (await app.Host.AParty()).Rep, "pt", 1)).Status);
        Assert.Equal(400, (await Translate(id, initiator.Rep, "portugués", 1)).Status);
    }
}

[Collection(AppCollection.Name)]
public class publishing_a_statement(AppFixture app)
{
    [Fact]
    public async Task the_signatories_are_those_who_signed_the_published_revision()
    {
        var initiator = await app.Host.AParty();
        var early = await app.Host.AParty();
        var confirmed = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, early, 1)).Status);
        Assert.Equal(201, (await app.Host.Sign(id, confirmed, 1)).Status);
        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Texto definitivo.")).Status);
        Assert.Equal(201, (await app.Host.Sign(id, confirmed, 2)).Status);
        Assert.Equal(201, (await app.Host.Sign(id, initiator, 2)).Status);

        var published = await app.Host.Publish(id, initiator.Rep);
        Assert.Equal(200, published.Status);
        Assert.Equal(2, published.Get<int>("revision"));
        Assert.Equal([confirmed.MovementId, initiator.MovementId],
            published.Body!["signatories"]!.AsArray().Select(s => Guid.Parse(s!.GetValue<string>())));

        var statement = await app.Host.Statement(id);
        Assert.Equal("published", statement["status"]!.GetValue<string>());
        Assert.Equal("Texto definitivo.", statement["body"]!.GetValue<string>());
        Assert.Equal([confirmed.MovementId, initiator.MovementId], statement.MovementIds("signatories"));
        // The public sees the published record only; the movements involved still see the earlier signature on revision 1.
        Assert.DoesNotContain(statement["signatures"]!.AsArray(), s => s!["movementId"]!.GetValue<string>() == early.MovementId.ToString());
        var involved = await app.Host.Statement(id, initiator.Rep);
        Assert.Equal(1, involved["signatures"]!.AsArray().Single(s => s!["movementId"]!.GetValue<string>() == early.MovementId.ToString())!["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task every_write_after_publication_is_409_and_appends_nothing()
    {
        var initiator = await app.Host.AParty();
        var late = await app.Host.AParty();
        var organiser = await app.Host.Organiser();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, initiator, 1)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, organiser)).Status);
        var events = (await app.Host.History(id, organiser)).Count;

        Assert.Equal(409, (await app.Host.Revise(id, initiator.Rep, 1, "Cambio tardío.")).Status);
        Assert.Equal(409, (await app.Host.Sign(id, late, 1)).Status);
        Assert.Equal(409, (await app.Host.Sign(id, initiator, 1)).Status);
        Assert.Equal(409, (await app.Host.OpenForSignature(id, initiator.Rep)).Status);
        Assert.Equal(409, (await app.Host.Post($"/api/statements/{id}/translations",
            new { language = "pt", title = "t", body = "b", sourceRevision = 1 }, initiator.Rep)).Status);
        Assert.Equal(409, (await app.Host.Delete($"/api/statements/{id}/signatures/{initiator.MovementId}", initiator.Rep)).Status);
        var again = await app.Host.Publish(id, initiator.Rep);
        Assert.Equal(409, again.Status);
        Assert.Contains("published", again.Get<string>("detail"));
        Assert.Equal(events, (await app.Host.History(id, organiser)).Count);
    }

    [Fact]
    public async Task a_statement_is_published_only_by_its_initiator_or_an_organiser_once_open_and_supported()
    {
        var initiator = await app.Host.AParty();
        var other = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        Assert.Equal(409, (await app.Host.Publish(id, initiator.Rep)).Status);
        Assert.Equal(200, (await app.Host.OpenForSignature(id, initiator.Rep)).Status);
        var unsupported = await app.Host.Publish(id, initiator.Rep);
        Assert.Equal(409, unsupported.Status);
        Assert.Contains("signatory", unsupported.Get<string>("detail"));
        Assert.Equal(201, (await app.Host.Sign(id, other, 1)).Status);
        Assert.Equal(403, (await app.Host.Publish(id, other.Rep)).Status);
        Assert.Equal(401, (await app.Host.Publish(id, Caller.Anonymous)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, initiator.Rep)).Status);
    }
}
