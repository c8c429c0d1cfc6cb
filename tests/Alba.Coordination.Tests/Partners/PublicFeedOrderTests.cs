using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Partners;

/// <summary>What docs/partners.md says of every public feed beyond its content: newest first, cacheable by anyone for a minute.</summary>
[Collection(AppCollection.Name)]
public class a_public_feed(AppFixture app)
{
    [Fact]
    public async Task lists_the_newest_call_first_and_may_be_cached_publicly_for_a_minute()
    {
        var convener = await app.Host.AMovementWithRep();
        var earlier = await app.Host.ACall(convener.Id);
        var later = await app.Host.ACall(convener.Id);

        using var client = app.Host.Server.CreateClient();
        using var json = await client.GetAsync("/feeds/mobilisations.json");
        var ids = JsonNode.Parse(await json.Content.ReadAsStringAsync())!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();
        Assert.True(ids.IndexOf($"urn:uuid:{later}") is >= 0 and var at && at < ids.IndexOf($"urn:uuid:{earlier}"),
            $"the later call should come before the earlier one: {string.Join(", ", ids)}");
        Assert.InRange(ids.Count, 2, 50);

        foreach (var feed in new[] { "/feeds/mobilisations.json", "/feeds/mobilisations.atom", "/feeds/statements.json", "/feeds/statements.atom" })
        {
            using var answer = await client.GetAsync(feed);
            Assert.True(answer.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 60 }, $"{feed}: Cache-Control {answer.Headers.CacheControl}");
        }
    }
}
