using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// Every write route in the OpenAPI document, called with every role's token (organiser, representative, delegate) and
/// none, with bodies of every wrong shape, on unknown and on existing ids: whatever a user can send answers 4xx, never 500.
/// </summary>
[Collection(AppCollection.Name)]
public partial class no_request_a_user_can_craft_answers_500(AppFixture app)
{
    private static readonly string[] Bodies =
    [
        "", "null", "{}", "[]", "\"text\"", "42", "{\"x\": 1}", "{",
        "{\"name\": 3, \"title\": [], \"choice\": {}, \"decision\": 7, \"movementId\": \"not-a-guid\", \"revision\": \"two\", \"index\": -1}",
        "{\"scannedAt\": \"yesterday\", \"reportedAt\": \"9999-99-99\", \"turnout\": -5, \"capacity\": -1, \"opensOn\": \"2026-13-40\"}",
        "{\"agenda\": null, \"languages\": null, \"countries\": null, \"convenedBy\": null, \"quorum\": null}",
    ];

    [Fact]
    public async Task whatever_the_body_and_whatever_the_id()
    {
        using var client = app.Host.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var writes = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Path: path.Key, Method: operation.Key.ToUpperInvariant())))
            .Where(route => route.Method is "POST" or "PUT" or "DELETE")
            .ToList();
        Assert.True(writes.Count >= 30, $"only {writes.Count} write routes found");

        var existing = await app.Host.OneOfEachCollection();
        var callers = await EveryRole();
        var failures = new List<string>();
        foreach (var (path, method) in writes)
        {
            var collection = path.Split('/')[2];
            var ids = new[] { Guid.CreateVersion7().ToString(), "not-a-guid" }.Concat(existing.TryGetValue(collection, out var id) ? [id] : []);
            foreach (var first in ids)
            {
                // The resource the route names gets the id under test; any further route value an unknown one.
                var url = RouteValue().Replace(RouteValue().Replace(path, first, 1), Guid.CreateVersion7().ToString());
                foreach (var body in method == "DELETE" ? [""] : Bodies)
                foreach (var caller in callers)
                {
                    var answer = await app.Host.Send(new HttpMethod(method), url, body.Length == 0 ? null : new Scenarios.RawJson(body), caller, null);
                    if (answer.Status >= 500) failures.Add($"{method} {url} as {caller.Role} with {body}: {answer.Status} {answer.Body?.ToJsonString()}");
                }
            }
        }
        Assert.Empty(failures);
    }

    /// <summary>A caller of each role, the representative and the delegate with resources of their own, and an anonymous one.</summary>
    private async Task<Caller[]> EveryRole()
    {
        var assembly = await app.Host.AnAssembly();
        var delegateCaller = await app.Host.SignInAsDelegate(await app.Host.AnAccreditedDelegate(assembly));
        return [await app.Host.Organiser(), (await app.Host.AParty()).Rep, delegateCaller, Caller.Anonymous];
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteValue();
}
