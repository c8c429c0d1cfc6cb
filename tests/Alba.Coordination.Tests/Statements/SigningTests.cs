using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class signing_a_statement(AppFixture app)
{
    [Fact]
    public async Task a_movement_signs_through_its_representative_once_per_revision()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty(country: "CO");
        var id = await app.Host.AnOpenStatement(initiator);

        var signed = await app.Host.Sign(id, signer, 1);
        Assert.Equal(201, signed.Status);
        Assert.Equal($"/api/statements/{id}", signed.Location);
        Assert.Equal(1, signed.Get<int>("revision"));
        var again = await app.Host.Sign(id, signer, 1);
        Assert.Equal(200, again.Status);
        Assert.Equal(signed.Get<string>("signedAt"), again.Get<string>("signedAt"));

        var statement = await app.Host.Statement(id, signer.Rep);
        Assert.Equal([signer.MovementId], statement.MovementIds("signatories"));
        var signatory = statement["signatories"]![0]!;
        Assert.Equal("CO", signatory["country"]!.GetValue<string>());
        Assert.True(signatory["current"]!.GetValue<bool>());
        Assert.Single(await app.Host.History(id, initiator.Rep), e => e!["kind"]!.GetValue<string>() == "StatementSigned");
    }

    [Fact]
    public async Task another_movement_or_an_organiser_cannot_sign_for_a_movement()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        var body = new { movementId = signer.MovementId, revision = 1 };
        Assert.Equal(403, (await app.Host.Post($"/api/statements/{id}/signatures", body, initiator.Rep)).Status);
        Assert.Equal(403, (await app.Host.Post($"/api/statements/{id}/signatures", body, await app.Host.Organiser())).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/statements/{id}/signatures", body)).Status);
        Assert.Empty((await app.Host.Statement(id, initiator.Rep))["signatures"]!.AsArray());
    }

    [Fact]
    public async Task a_draft_not_open_for_signature_refuses_signatures()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var refused = await app.Host.Sign(id, initiator, 1);
        Assert.Equal(409, refused.Status);
        Assert.Contains("not open", refused.Get<string>("detail"));
    }

    [Fact]
    public async Task after_the_closing_time_signatures_are_refused()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(1.5);
        var opened = await app.Host.OpenForSignature(id, initiator.Rep, closesAt);
        Assert.Equal(200, opened.Status);
        Assert.Equal(("open", closesAt), (opened.Get<string>("status"), opened.Get<DateTimeOffset>("closesAt")));
        Assert.Equal(201, (await app.Host.Sign(id, initiator, 1)).Status);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var late = await app.Host.AParty();
        var refused = await app.Host.Sign(id, late, 1);
        Assert.Equal(409, refused.Status);
        Assert.Contains("closed", refused.Get<string>("detail"));
        Assert.False((await app.Host.Statement(id, initiator.Rep))["signaturesOpen"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_revision_that_is_not_current_is_409_naming_the_current_one()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Texto corregido.")).Status);

        var stale = await app.Host.Sign(id, initiator, 1);
        Assert.Equal(409, stale.Status);
        Assert.Equal(2, stale.Get<int>("currentRevision"));
        Assert.Contains("current revision is 2", stale.Get<string>("detail"));
        Assert.Equal(409, (await app.Host.Sign(id, initiator, 3)).Status);
    }

    [Fact]
    public async Task a_signature_of_an_earlier_revision_stays_on_record_but_supports_the_current_text_only_once_reconfirmed()
    {
        var initiator = await app.Host.AParty();
        var early = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, early, 1)).Status);
        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Texto con nuevas cifras.")).Status);

        var afterRevision = await app.Host.Statement(id, early.Rep);
        Assert.Empty(afterRevision["signatories"]!.AsArray());
        var onRecord = Assert.Single(afterRevision["signatures"]!.AsArray())!;
        Assert.Equal(1, onRecord["revision"]!.GetValue<int>());
        Assert.False(onRecord["current"]!.GetValue<bool>());

        Assert.Equal(201, (await app.Host.Sign(id, early, 2)).Status);
        var reconfirmed = await app.Host.Statement(id, early.Rep);
        Assert.Equal([early.MovementId], reconfirmed.MovementIds("signatories"));
        Assert.Equal(2, reconfirmed["signatures"]![0]!["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_movement_withdraws_its_own_signature_before_publication()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, signer, 1)).Status);

        Assert.Equal(403, (await app.Host.Delete($"/api/statements/{id}/signatures/{signer.MovementId}", initiator.Rep)).Status);
        var withdrawn = await app.Host.Delete($"/api/statements/{id}/signatures/{signer.MovementId}", signer.Rep);
        Assert.Equal(200, withdrawn.Status);
        Assert.Equal(1, withdrawn.Get<int>("withdrawnRevision"));
        Assert.Empty((await app.Host.Statement(id, initiator.Rep))["signatures"]!.AsArray());
        Assert.Equal(404, (await app.Host.Delete($"/api/statements/{id}/signatures/{signer.MovementId}", signer.Rep)).Status);

        Assert.Equal(201, (await app.Host.Sign(id, signer, 1)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, initiator.Rep)).Status);
        var frozen = await app.Host.Delete($"/api/statements/{id}/signatures/{signer.MovementId}", signer.Rep);
        Assert.Equal(409, frozen.Status);
        Assert.Equal([signer.MovementId], (await app.Host.Statement(id)).MovementIds("signatories"));
    }

    [Fact]
    public async Task every_write_on_an_unknown_statement_is_404_naming_it()
    {
        var party = await app.Host.AParty();
        var id = Guid.CreateVersion7();
        Answer[] answers =
        [
            await app.Host.Revise(id, party.Rep, 1, "Texto."),
            await app.Host.OpenForSignature(id, party.Rep),
            await app.Host.Sign(id, party, 1),
            await app.Host.Delete($"/api/statements/{id}/signatures/{party.MovementId}", party.Rep),
            await app.Host.Post($"/api/statements/{id}/translations", new { language = "pt", title = "t", body = "b", sourceRevision = 1 }, party.Rep),
            await app.Host.Publish(id, party.Rep),
        ];
        Assert.All(answers, a => Assert.Equal((404, "application/problem+json", $"No statement has id {id}."),
            (a.Status, a.ContentType, a.Get<string>("detail"))));
    }
}
