using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class a_statement_as_of_a_time(AppFixture app)
{
    /// <summary>What the statement must show after the k-th event, worked out by hand from the steps below.</summary>
    private sealed record Expected(string Status, int Revision, string Body, (Party Movement, int Revision)[] Signatures, Party[] Signatories);

    [Fact]
    public async Task shows_exactly_what_stood_at_each_instant_between_the_events()
    {
        var a = await app.Host.AParty();
        var b = await app.Host.AParty();
        var c = await app.Host.AParty();
        var organiser = await app.Host.Organiser();

        var id = await app.Host.ADraft(a, "Texto uno.");                                                   // v1
        Assert.Equal(200, (await app.Host.OpenForSignature(id, a.Rep)).Status);                          // v2
        Assert.Equal(201, (await app.Host.Sign(id, a, 1)).Status);                                       // v3
        Assert.Equal(201, (await app.Host.Sign(id, c, 1)).Status);                                       // v4
        Assert.Equal(201, (await app.Host.Revise(id, a.Rep, 1, "Texto dos.")).Status);                   // v5
        Assert.Equal(200, (await app.Host.Delete($"/api/statements/{id}/signatures/{c.MovementId}", c.Rep)).Status); // v6
        Assert.Equal(201, (await app.Host.Sign(id, b, 2)).Status);                                       // v7
        Assert.Equal(201, (await app.Host.Sign(id, a, 2)).Status);                                       // v8
        Assert.Equal(200, (await app.Host.Publish(id, a.Rep)).Status);                                   // v9

        Expected[] expected =
        [
            new("draft", 1, "Texto uno.", [], []),
            new("open", 1, "Texto uno.", [], []),
            new("open", 1, "Texto uno.", [(a, 1)], [a]),
            new("open", 1, "Texto uno.", [(a, 1), (c, 1)], [a, c]),
            new("open", 2, "Texto dos.", [(a, 1), (c, 1)], []),
            new("open", 2, "Texto dos.", [(a, 1)], []),
            new("open", 2, "Texto dos.", [(a, 1), (b, 2)], [b]),
            new("open", 2, "Texto dos.", [(b, 2), (a, 2)], [b, a]),
            new("published", 2, "Texto dos.", [(b, 2), (a, 2)], [b, a]),
        ];

        var recorded = (await app.Host.History(id, organiser)).Select(e => e!["recordedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(expected.Length, recorded.Count);
        Assert.Equal(404, (await app.Host.Get($"/api/statements/{id}?asOf={Iso(recorded[0].AddMilliseconds(-1))}", organiser)).Status);

        for (var k = 0; k < expected.Length; k++)
        {
            var next = k + 1 < recorded.Count ? recorded[k + 1] : recorded[k].AddSeconds(1);
            var between = recorded[k] + (next - recorded[k]) / 2;
            foreach (var instant in new[] { recorded[k], between })
            {
                var view = await app.Host.Statement(id, organiser, $"?asOf={Iso(instant)}");
                AssertShows(expected[k], k + 1, view);
                Assert.Equal(instant, view["asOf"]!.GetValue<DateTimeOffset>());
            }
        }

        var now = await app.Host.Statement(id);
        AssertShows(expected[^1], expected.Length, now);
        Assert.Null(now["asOf"]);
    }

    private static void AssertShows(Expected expected, int version, JsonNode view)
    {
        Assert.Equal(version, view["version"]!.GetValue<int>());
        Assert.Equal(expected.Status, view["status"]!.GetValue<string>());
        Assert.Equal(expected.Revision, view.Revision());
        Assert.Equal(expected.Body, view["body"]!.GetValue<string>());
        Assert.Equal(expected.Status == "open", view["signaturesOpen"]!.GetValue<bool>());
        Assert.Equal(expected.Signatures.Select(s => (s.Movement.MovementId, s.Revision)),
            view["signatures"]!.AsArray().Select(s => (Guid.Parse(s!["movementId"]!.GetValue<string>()), s["revision"]!.GetValue<int>())));
        Assert.Equal(expected.Signatories.Select(p => p.MovementId), view.MovementIds("signatories"));
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("O");
}
