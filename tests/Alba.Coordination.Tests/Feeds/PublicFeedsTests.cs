using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel.Syndication;
using System.Text.Json.Nodes;
using System.Xml;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Feeds;

[Collection(AppCollection.Name)]
public class the_public_feeds(AppFixture app)
{
    private async Task<(Guid Published, Guid Draft, Party Signatory)> APublishedStatementWithAPortugueseTranslation()
    {
        var initiator = await app.Host.AParty();
        var signatory = await app.Host.AParty();
        var published = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(published, signatory, 1)).Status);
        Assert.Equal(201, (await app.Host.Post($"/api/statements/{published}/translations",
            new { language = "pt", title = "Declaração", body = "Denunciamos o massacre.", sourceRevision = 1 }, initiator.Rep)).Status);
        Assert.Equal(200, (await app.Host.Publish(published, await app.Host.Organiser())).Status);
        var draft = await app.Host.ADraft(initiator);
        return (published, draft, signatory);
    }

    private async Task<HttpResponseMessage> Fetch(string url, Action<HttpRequestHeaders>? conditions = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        conditions?.Invoke(request.Headers);
        return await app.Host.Server.CreateClient().SendAsync(request);
    }

    private static async Task<SyndicationFeed> Atom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return SyndicationFeed.Load(reader); // throws unless it is well-formed Atom
    }

    [Fact]
    public async Task the_statements_feed_is_atom_with_each_published_statement_and_no_draft()
    {
        var (published, draft, _) = await APublishedStatementWithAPortugueseTranslation();

        var feed = await Atom(await Fetch("/feeds/statements.atom"));

        var entry = Assert.Single(feed.Items, i => i.Id == $"urn:uuid:{published}");
        Assert.Equal("Denunciamos la masacre.", ((TextSyndicationContent)entry.Content).Text);
        Assert.EndsWith($"/statements/{published}", entry.Links.Single().Uri.ToString());
        Assert.DoesNotContain(feed.Items, i => i.Id.StartsWith($"urn:uuid:{draft}", StringComparison.Ordinal));
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.ToString().EndsWith("/feeds/statements.atom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_language_feed_carries_the_translation_into_that_language()
    {
        var (published, _, _) = await APublishedStatementWithAPortugueseTranslation();

        var portuguese = await Atom(await Fetch("/feeds/statements.atom?lang=pt"));
        var translated = Assert.Single(portuguese.Items, i => i.Id == $"urn:uuid:{published}:pt");
        Assert.Equal("Declaração", translated.Title.Text);
        Assert.DoesNotContain(portuguese.Items, i => i.Id == $"urn:uuid:{published}");

        var french = await Atom(await Fetch("/feeds/statements.atom?lang=fr"));
        Assert.DoesNotContain(french.Items, i => i.Id.StartsWith($"urn:uuid:{published}", StringComparison.Ordinal));

        var wrong = await Fetch("/feeds/statements.atom?lang=portugues");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("ISO 639-1", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task a_conditional_request_answers_304_until_something_new_is_published()
    {
        await APublishedStatementWithAPortugueseTranslation();
        var first = await Fetch("/feeds/statements.atom");
        var etag = first.Headers.ETag!;
        var lastModified = first.Content.Headers.LastModified!.Value;

        var sameTag = await Fetch("/feeds/statements.atom", h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, sameTag.StatusCode);
        Assert.Empty(await sameTag.Content.ReadAsByteArrayAsync());
        var sameTime = await Fetch("/feeds/statements.atom", h => h.IfModifiedSince = lastModified);
        Assert.Equal(HttpStatusCode.NotModified, sameTime.StatusCode);

        // An HTTP date counts whole seconds: the next publication is made in a later second than the feed's date, so its
        // date must move (within one second, only the ETag can tell; If-None-Match is what clients send first).
        for (var waited = 0; DateTimeOffset.UtcNow < lastModified.AddSeconds(1) && waited < 30; waited++) await Task.Delay(100);
        await APublishedStatementWithAPortugueseTranslation();
        var changed = await Fetch("/feeds/statements.atom", h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.True(changed.Content.Headers.LastModified > lastModified);
    }

    [Fact]
    public async Task the_json_feed_is_json_feed_1_1()
    {
        var (published, _, signatory) = await APublishedStatementWithAPortugueseTranslation();

        var response = await Fetch("/feeds/statements.json");
        Assert.Equal("application/feed+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        var feed = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("https://jsonfeed.org/version/1.1", feed["version"]!.GetValue<string>());
        var item = feed["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == $"urn:uuid:{published}")!;
        Assert.Equal("Denunciamos la masacre.", item["content_text"]!.GetValue<string>());
        Assert.NotNull(item["date_published"]);
        var signatoryName = (await app.Host.Get($"/api/movements/{signatory.MovementId}")).Get<string>("name");
        Assert.Contains(signatoryName, item["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_mobilisations_feed_lists_calls_in_their_language()
    {
        var convener = await app.Host.AMovementWithRep();
        var call = await app.Host.ACall(convener.Id);

        var feed = await Atom(await Fetch("/feeds/mobilisations.atom?lang=es"));
        var entry = Assert.Single(feed.Items, i => i.Id == $"urn:uuid:{call}");
        Assert.Equal("Llamamos a los pueblos a movilizarse en todas las ciudades.", ((TextSyndicationContent)entry.Content).Text);
        Assert.Contains("AR, BR, CO", entry.Summary.Text);

        Assert.DoesNotContain((await Atom(await Fetch("/feeds/mobilisations.atom?lang=en"))).Items, i => i.Id == $"urn:uuid:{call}");
        var json = JsonNode.Parse(await (await Fetch("/feeds/mobilisations.json")).Content.ReadAsStringAsync())!;
        Assert.Contains(json["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == $"urn:uuid:{call}");
    }
}
