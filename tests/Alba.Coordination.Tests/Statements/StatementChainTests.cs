using Alba.Coordination.Infrastructure;
using Alba.Coordination.Statements;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class a_statements_hash_chain(AppFixture app)
{
    [Fact]
    public async Task grows_with_its_history_is_served_to_its_readers_and_names_an_event_altered_in_the_database()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty(country: "CO");
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(404, (await app.Host.Get($"/api/statements/{id}/chain")).Status);
        Assert.Equal(201, (await app.Host.Sign(id, signer, 1)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, initiator.Rep)).Status);

        // Published: the public reads the chain; each link follows the one before it from the genesis.
        var chain = await app.Host.Get($"/api/statements/{id}/chain");
        Assert.Equal(200, chain.Status);
        var links = chain.Body!["links"]!.AsArray();
        Assert.Equal(["StatementDrafted", "SignaturePeriodOpened", "StatementSigned", "StatementPublished"], links.Select(l => l!["kind"]!.GetValue<string>()));
        Assert.Equal(StatementChain.Genesis(id), links[0]!["previous"]!.GetValue<string>());
        Assert.Equal(links[^1]!["hash"]!.GetValue<string>(), chain.Get<string>("head"));
        Assert.Equal([], await Verify(id));
        // The public gets the links without their events (each names the account that acted); those involved get each
        // event exactly as hashed, and recompute every link from it.
        Assert.False(chain.Get<bool>("withContent"));
        Assert.All(links, link => Assert.Null(link!["content"]));
        var involved = await app.Host.Get($"/api/statements/{id}/chain", signer.Rep);
        Assert.True(involved.Get<bool>("withContent"));
        Assert.All(involved.Body!["links"]!.AsArray(), link => Assert.Equal(link!["hash"]!.GetValue<string>(), Recomputed(link)));

        // Someone with the database rewrites the text as drafted: the verifier names the event.
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand(
                "update alba.mt_events set data = jsonb_set(data, '{Body}', '\"Otro texto.\"') where stream_id = @id and version = 1", connection);
            alter.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await alter.ExecuteNonQueryAsync());
        }
        Assert.Equal(["Event 1 (StatementDrafted) does not hash to its recorded link: it was changed after it was recorded."], await Verify(id));
        var altered = (await app.Host.Get($"/api/statements/{id}/chain", signer.Rep)).Body!["links"]!.AsArray();
        Assert.Contains("Otro texto.", altered[0]!["content"]!.GetValue<string>());
        Assert.Equal([false, true, true, true], altered.Select(link => link!["hash"]!.GetValue<string>() == Recomputed(link)));
    }

    /// <summary>What a browser recomputes: the link from the one before, its place, its kind and its event's content.</summary>
    private static string Recomputed(System.Text.Json.Nodes.JsonNode link) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes($"alba/statement|{link["previous"]}|{link["version"]}|{link["kind"]}|{link["content"]}")));

    private async Task<List<string>?> Verify(Guid id)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await VerifyCommand.FaultsAsync(session, VerifiedRecord.Statement, id);
    }
}
