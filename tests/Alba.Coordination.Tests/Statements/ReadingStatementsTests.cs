using System.Text;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class reading_statements(AppFixture app)
{
    private async Task<bool> Listed(Guid id, Caller? caller = null, string query = "")
    {
        var list = await app.Host.Get($"/api/statements{query}", caller);
        Assert.Equal(200, list.Status);
        return list.Body!.AsArray().Any(s => s!["id"]!.GetValue<string>() == id.ToString());
    }

    private async Task<int[]> Statuses(Guid id, Caller? caller) =>
    [
        (await app.Host.Get($"/api/statements/{id}", caller)).Status,
        (await app.Host.Get($"/api/statements/{id}/history", caller)).Status,
        (await app.Host.Get($"/api/statements/{id}/signatories.csv", caller)).Status,
    ];

    [Fact]
    public async Task a_draft_is_hidden_as_404_from_all_but_the_involved_and_organisers()
    {
        var initiator = await app.Host.AParty();
        var outsider = await app.Host.AParty();
        var organiser = await app.Host.Organiser();
        var id = await app.Host.ADraft(initiator);

        Assert.Equal(new[] { 404, 404, 404 }, await Statuses(id, null));
        Assert.Equal(new[] { 404, 404, 404 }, await Statuses(id, outsider.Rep));
        Assert.Equal(new[] { 200, 200, 200 }, await Statuses(id, initiator.Rep));
        Assert.Equal(new[] { 200, 200, 200 }, await Statuses(id, organiser));
        Assert.False(await Listed(id));
        Assert.False(await Listed(id, outsider.Rep));
        Assert.True(await Listed(id, initiator.Rep));
        Assert.True(await Listed(id, organiser));
    }

    [Fact]
    public async Task open_for_signature_every_representative_reads_it_and_once_published_everyone()
    {
        var initiator = await app.Host.AParty();
        var outsider = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);

        // Reading it, yes; its drafting history is for the movements involved (SPEC §4).
        Assert.Equal(new[] { 200, 403, 200 }, await Statuses(id, outsider.Rep));
        Assert.True(await Listed(id, outsider.Rep));
        Assert.Equal(new[] { 404, 404, 404 }, await Statuses(id, null));
        Assert.False(await Listed(id));

        Assert.Equal(201, (await app.Host.Sign(id, initiator, 1)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, initiator.Rep)).Status);
        Assert.Equal(new[] { 200, 401, 200 }, await Statuses(id, null));
        Assert.True(await Listed(id));
        Assert.True(await Listed(id, null, $"?movementId={initiator.MovementId}"));
        Assert.False(await Listed(id, null, $"?movementId={outsider.MovementId}"));
    }

    [Fact]
    public async Task the_history_lists_every_event_oldest_first_with_time_and_actor()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, signer, 1)).Status);

        var history = await app.Host.History(id, initiator.Rep);
        Assert.Equal(["StatementDrafted", "SignaturePeriodOpened", "StatementSigned"], history.Select(e => e!["kind"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3], history.Select(e => e!["version"]!.GetValue<int>()));
        var times = history.Select(e => e!["recordedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.All(history, e => Assert.True(Guid.Parse(e!["by"]!.GetValue<string>()) != Guid.Empty));
        Assert.NotEqual(history[0]!["by"]!.GetValue<string>(), history[2]!["by"]!.GetValue<string>());
        Assert.Equal(signer.MovementId.ToString(), history[2]!["data"]!["movementId"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_signatories_export_is_escaped_csv_with_name_country_revision_and_time()
    {
        var initiator = await app.Host.AParty();
        var quoted = await app.Host.AParty($"Frente \"Unido\", Sur {Guid.NewGuid():N}"[..30], "VE");
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, quoted, 1)).Status);
        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Texto final.")).Status);
        Assert.Equal(201, (await app.Host.Sign(id, initiator, 2)).Status);
        var statement = await app.Host.Statement(id, initiator.Rep);

        var answer = await app.Host.Get($"/api/statements/{id}/signatories.csv", initiator.Rep);
        Assert.Equal(200, answer.Status);
        Assert.Equal("text/csv", answer.ContentType);
        var bytes = await answer.Response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.DoesNotContain('\uFEFF', csv);
        var lines = csv.Split("\r\n");
        Assert.Equal("movement,country,revision_signed,signed_at,supports_current_revision", lines[0]);
        var quotedName = statement["signatures"]![0]!["movement"]!.GetValue<string>();
        var signedAt = statement["signatures"]![0]!["signedAt"]!.GetValue<DateTimeOffset>().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        Assert.Equal($"\"{quotedName.Replace("\"", "\"\"")}\",VE,1,{signedAt},no", lines[1]);
        Assert.StartsWith($"{statement["initiatingMovement"]!.GetValue<string>()},AR,2,", lines[2]);
        Assert.EndsWith(",yes", lines[2]);
        Assert.Equal("", lines[3]);
    }

    [Fact]
    public async Task a_time_that_is_not_iso_8601_is_400()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var answer = await app.Host.Get($"/api/statements/{id}?asOf=yesterday", initiator.Rep);
        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Body!["errors"]!["asOf"]);
    }
}
