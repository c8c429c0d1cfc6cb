using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// Every field of every tellers' route, wrong in every way a client can make it wrong, through the real host: each answers 400
/// naming the field (or 403/409 for a role or state rule), never 500, and records nothing on the motion's stream. One pass over
/// one table, on a few votes built once, to keep it fast.
/// </summary>
[Collection(AppCollection.Name)]
public class teller_routes_refuse_bad_input_by_field(AppFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One case: the route (under the motion), the body, who sends it, the status, and the field (400) or detail (403/409) expected.</summary>
    private sealed record Case(string Name, Func<Votes, (Guid Motion, string Route, JsonNode? Body, Caller Caller)> Request, int Status, string Expected);

    private sealed record Votes(TellerVote Named, TellerVote Committed, TellerVote Sealed, Guid Unvoted, Caller[] UnvotedDelegates, Caller Stranger,
        Caller Organiser, JsonObject Round, JsonArray Shares, JsonArray Lines, JsonArray OtherTellersLines);

    private static JsonNode Node(object value) => JsonSerializer.SerializeToNode(value, Json)!;

    /// <summary>The valid body with one change applied to a copy.</summary>
    private static JsonNode With<T>(T body, Action<T> change) where T : JsonNode
    {
        var copy = (T)body.DeepClone();
        change(copy);
        return copy;
    }

    /// <summary>An x-coordinate with no point of P-256 above it, written as a compressed point.</summary>
    private static readonly string NotOnTheCurve = Enumerable.Range(1, 100).Select(x => "02" + x.ToString("x64")).First(hex => ParsePoint(hex) is null);

    private const string Infinity = "00";
    private static readonly string AtOrderOfTheGroup = Hex(Order);
    private static readonly string UncompressedGenerator = Convert.ToHexStringLower(G.GetEncoded(false));

    private static (Guid, string, JsonNode?, Caller) Commit(Votes v, JsonNode? body, int teller = 0) => (v.Named.MotionId, "keying/commitments", body, v.Named.Tellers[teller]);

    private static (Guid, string, JsonNode?, Caller) Share(Votes v, JsonNode? body) => (v.Committed.MotionId, "keying/shares", body, v.Committed.Tellers[0]);

    private static (Guid, string, JsonNode?, Caller) Complain(Votes v, JsonNode? body) => (v.Committed.MotionId, "keying/complaints", body, v.Committed.Tellers[0]);

    private static (Guid, string, JsonNode?, Caller) Answer(Votes v, JsonNode? body) => (v.Committed.MotionId, "keying/answers", body, v.Committed.Tellers[1]);

    private static (Guid, string, JsonNode?, Caller) Partial(Votes v, JsonNode? body, Caller? caller = null) =>
        (v.Sealed.MotionId, "tally/partials", body, caller ?? v.Sealed.Tellers[0]);

    private static (Guid, string, JsonNode?, Caller) Open(Votes v, object body) => (v.Unvoted, "vote", Node(body), v.Organiser);

    private static object Opening(object tellerIds, int? threshold = 2) => new { secret = true, majority = "simple", quorum = 0, tellerIds, threshold };

    private static JsonArray ShareTo(Votes v, params int[] to) =>
        new([.. to.Select(j => (JsonNode?)With((JsonObject)v.Shares[0]!, s => s["to"] = j))]);

    private static readonly Case[] Cases =
    [
        // Round 1: {transportKey, commitments, proof}.
        new("commitments: transportKey missing", v => Commit(v, With(v.Round, r => r.Remove("transportKey"))), 400, "transportKey"),
        new("commitments: transportKey null", v => Commit(v, With(v.Round, r => r["transportKey"] = null)), 400, "transportKey"),
        new("commitments: transportKey empty", v => Commit(v, With(v.Round, r => r["transportKey"] = "")), 400, "transportKey"),
        new("commitments: transportKey not hex", v => Commit(v, With(v.Round, r => r["transportKey"] = new string('z', 66))), 400, "transportKey"),
        new("commitments: transportKey not on the curve", v => Commit(v, With(v.Round, r => r["transportKey"] = NotOnTheCurve)), 400, "transportKey"),
        new("commitments: transportKey the point at infinity", v => Commit(v, With(v.Round, r => r["transportKey"] = Infinity)), 400, "transportKey"),
        new("commitments: transportKey infinity padded", v => Commit(v, With(v.Round, r => r["transportKey"] = new string('0', 66))), 400, "transportKey"),
        new("commitments: transportKey uncompressed", v => Commit(v, With(v.Round, r => r["transportKey"] = UncompressedGenerator)), 400, "transportKey"),
        new("commitments: transportKey a number", v => Commit(v, With(v.Round, r => r["transportKey"] = 7)), 400, "transportKey"),
        new("commitments: commitments missing", v => Commit(v, With(v.Round, r => r.Remove("commitments"))), 400, "commitments"),
        new("commitments: commitments empty", v => Commit(v, With(v.Round, r => r["commitments"] = new JsonArray())), 400, "commitments"),
        new("commitments: one commitment short", v => Commit(v, With(v.Round, r => r["commitments"]!.AsArray().RemoveAt(1))), 400, "commitments"),
        new("commitments: one commitment too many", v => Commit(v, With(v.Round, r => r["commitments"]!.AsArray().Add(Hex(G)))), 400, "commitments"),
        new("commitments: a null commitment", v => Commit(v, With(v.Round, r => r["commitments"]![1] = null)), 400, "commitments"),
        new("commitments: a commitment not on the curve", v => Commit(v, With(v.Round, r => r["commitments"]![1] = NotOnTheCurve)), 400, "commitments"),
        new("commitments: a commitment at infinity", v => Commit(v, With(v.Round, r => r["commitments"]![0] = Infinity)), 400, "commitments"),
        new("commitments: proof missing", v => Commit(v, With(v.Round, r => r.Remove("proof"))), 400, "proof"),
        new("commitments: proof's c null", v => Commit(v, With(v.Round, r => r["proof"]!["c"] = null)), 400, "proof"),
        new("commitments: proof's c at the group order", v => Commit(v, With(v.Round, r => r["proof"]!["c"] = AtOrderOfTheGroup)), 400, "proof"),
        new("commitments: proof's z not hex", v => Commit(v, With(v.Round, r => r["proof"]!["z"] = new string('g', 64))), 400, "proof"),
        new("commitments: proof's z short", v => Commit(v, With(v.Round, r => r["proof"]!["z"] = "01")), 400, "proof"),
        new("commitments: another teller's round", v => Commit(v, v.Round, teller: 1), 400, "proof"),
        new("commitments: from a delegate who is not a teller", v => (v.Named.MotionId, "keying/commitments", v.Round, v.Named.Voters[4]), 403,
            "Only this vote's tellers, each signed in as itself, take part in making and decrypting its key."),
        new("commitments: from the organiser", v => (v.Named.MotionId, "keying/commitments", v.Round, v.Organiser), 403,
            "Only this vote's tellers, each signed in as itself, take part in making and decrypting its key."),

        // Round 2: {shares: [{to, iv, ciphertext}]}, one per other teller.
        new("shares: missing", v => Share(v, new JsonObject()), 400, "shares"),
        new("shares: null", v => Share(v, new JsonObject { ["shares"] = null }), 400, "shares"),
        new("shares: empty", v => Share(v, new JsonObject { ["shares"] = new JsonArray() }), 400, "shares"),
        new("shares: a null share", v => Share(v, new JsonObject { ["shares"] = new JsonArray(null, v.Shares[1]!.DeepClone()) }), 400, "shares"),
        new("shares: iv short", v => Share(v, new JsonObject { ["shares"] = With(v.Shares, s => s[0]!["iv"] = "00") }), 400, "shares"),
        new("shares: iv missing", v => Share(v, new JsonObject { ["shares"] = With(v.Shares, s => s[0]!.AsObject().Remove("iv")) }), 400, "shares"),
        new("shares: ciphertext not hex", v => Share(v, new JsonObject { ["shares"] = With(v.Shares, s => s[0]!["ciphertext"] = new string('x', 96)) }), 400, "shares"),
        new("shares: two to the same teller", v => Share(v, new JsonObject { ["shares"] = ShareTo(v, 2, 2) }), 400, "shares"),
        new("shares: one to oneself", v => Share(v, new JsonObject { ["shares"] = ShareTo(v, 1, 2) }), 400, "shares"),
        new("shares: one to a non-teller", v => Share(v, new JsonObject { ["shares"] = ShareTo(v, 2, 4) }), 400, "shares"),
        new("shares: one to teller 0", v => Share(v, new JsonObject { ["shares"] = ShareTo(v, 0, 2) }), 400, "shares"),
        new("shares: one short", v => Share(v, new JsonObject { ["shares"] = ShareTo(v, 2) }), 400, "shares"),
        new("shares: 'to' not a number", v => Share(v, new JsonObject { ["shares"] = With(v.Shares, s => s[0]!["to"] = "two") }), 400, "shares[0].to"),
        new("shares: from a delegate who is not a teller", v => (v.Committed.MotionId, "keying/shares", new JsonObject { ["shares"] = v.Shares.DeepClone() },
            v.Committed.Voters[4]), 403, "Only this vote's tellers, each signed in as itself, take part in making and decrypting its key."),

        // Complaints: {against}.
        new("complaints: against missing", v => Complain(v, new JsonObject()), 400, "against"),
        new("complaints: against oneself", v => Complain(v, new JsonObject { ["against"] = 1 }), 400, "against"),
        new("complaints: against a non-teller", v => Complain(v, new JsonObject { ["against"] = 4 }), 400, "against"),
        new("complaints: against a negative number", v => Complain(v, new JsonObject { ["against"] = -1 }), 400, "against"),
        new("complaints: against a text", v => Complain(v, new JsonObject { ["against"] = "two" }), 400, "against"),

        // Answers to complaints: {to, share}; the chair's disqualifications: {teller}.
        new("answers: share missing", v => Answer(v, new JsonObject { ["to"] = 1 }), 400, "share"),
        new("answers: share not hex", v => Answer(v, new JsonObject { ["to"] = 1, ["share"] = new string('q', 64) }), 400, "share"),
        new("answers: share at the group order", v => Answer(v, new JsonObject { ["to"] = 1, ["share"] = AtOrderOfTheGroup }), 400, "share"),
        new("answers: share short", v => Answer(v, new JsonObject { ["to"] = 1, ["share"] = "0101" }), 400, "share"),
        new("answers: to oneself", v => Answer(v, new JsonObject { ["to"] = 2, ["share"] = Hex(Order.ShiftRight(1)) }), 400, "to"),
        new("answers: to a non-teller", v => Answer(v, new JsonObject { ["to"] = 4, ["share"] = Hex(Order.ShiftRight(1)) }), 400, "to"),
        new("answers: from a delegate who is not a teller", v => (v.Committed.MotionId, "keying/answers",
            new JsonObject { ["to"] = 1, ["share"] = Hex(Order.ShiftRight(1)) }, v.Committed.Voters[4]), 403,
            "Only this vote's tellers, each signed in as itself, take part in making and decrypting its key."),
        new("disqualifications: teller 0", v => (v.Committed.MotionId, "keying/disqualifications", new JsonObject { ["teller"] = 0 }, v.Organiser), 400, "teller"),
        new("disqualifications: a non-teller", v => (v.Committed.MotionId, "keying/disqualifications", new JsonObject { ["teller"] = 4 }, v.Organiser), 400, "teller"),
        new("disqualifications: from a teller", v => (v.Committed.MotionId, "keying/disqualifications", new JsonObject { ["teller"] = 2 }, v.Committed.Tellers[0]),
            403, ""),

        // Partial decryptions: {lines: [{d, proof: {c, z}}]}, one per choice.
        new("partials: lines missing", v => Partial(v, new JsonObject()), 400, "lines"),
        new("partials: lines empty", v => Partial(v, new JsonObject { ["lines"] = new JsonArray() }), 400, "lines"),
        new("partials: a line short", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l.RemoveAt(2)) }), 400, "lines"),
        new("partials: a null line", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l[1] = null) }), 400, "lines"),
        new("partials: d missing", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l[0]!.AsObject().Remove("d")) }), 400, "lines"),
        new("partials: d not on the curve", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l[0]!["d"] = NotOnTheCurve) }), 400, "lines"),
        new("partials: d at infinity", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l[2]!["d"] = Infinity) }), 400, "lines"),
        new("partials: proof missing", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l[0]!.AsObject().Remove("proof")) }), 400, "lines"),
        new("partials: proof's z at the group order", v => Partial(v, new JsonObject { ["lines"] = With(v.Lines, l => l[1]!["proof"]!["z"] = AtOrderOfTheGroup) }),
            400, "lines"),
        new("partials: another teller's partial", v => Partial(v, new JsonObject { ["lines"] = v.OtherTellersLines.DeepClone() }), 400, "lines"),
        new("partials: from a delegate who is not a teller", v => Partial(v, new JsonObject { ["lines"] = v.Lines.DeepClone() }, v.Sealed.Voters[4]), 403,
            "Only this vote's tellers, each signed in as itself, take part in making and decrypting its key."),

        // Opening a vote with named tellers: {tellerIds, threshold}.
        new("vote: tellerIds empty", v => Open(v, Opening(Array.Empty<Guid>())), 400, "tellerIds"),
        new("vote: a teller named twice", v => Open(v, Opening(new[] { v.UnvotedDelegates[0].Id, v.UnvotedDelegates[0].Id, v.UnvotedDelegates[1].Id })), 400, "tellerIds"),
        new("vote: an unknown teller", v => Open(v, Opening(new[] { v.UnvotedDelegates[0].Id, Guid.CreateVersion7() })), 400, "tellerIds"),
        new("vote: the empty id", v => Open(v, Opening(new[] { v.UnvotedDelegates[0].Id, Guid.Empty })), 400, "tellerIds"),
        new("vote: a delegate of another assembly", v => Open(v, Opening(new[] { v.UnvotedDelegates[0].Id, v.Stranger.Id })), 400, "tellerIds"),
        new("vote: 26 tellers", v => Open(v, Opening(Enumerable.Range(0, 26).Select(_ => Guid.CreateVersion7()).ToArray())), 400, "tellerIds"),
        new("vote: a teller id that is not an id", v => Open(v, Opening(new[] { "not-an-id" })), 400, "tellerIds[0]"),
        new("vote: threshold 0", v => Open(v, Opening(v.UnvotedDelegates.Take(3).Select(d => d.Id), threshold: 0)), 400, "threshold"),
        new("vote: threshold negative", v => Open(v, Opening(v.UnvotedDelegates.Take(3).Select(d => d.Id), threshold: -2)), 400, "threshold"),
        new("vote: threshold above the tellers", v => Open(v, Opening(v.UnvotedDelegates.Take(3).Select(d => d.Id), threshold: 4)), 400, "threshold"),
        new("vote: from a delegate", v => (v.Unvoted, "vote", Node(Opening(v.UnvotedDelegates.Take(3).Select(d => d.Id))), v.UnvotedDelegates[0]), 403, ""),
    ];

    [Fact]
    public async Task every_wrong_field_is_a_400_naming_it_and_records_nothing()
    {
        var votes = await Build();
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var failures = new List<string>();
        foreach (var row in Cases)
        {
            var (motion, route, body, caller) = row.Request(votes);
            var before = await Version(store, motion);
            var answer = await app.Host.PostRaw($"/api/motions/{motion}/{route}", body?.ToJsonString() ?? "null", caller);
            var named = row.Status == 400 ? answer.Body?["errors"]?[row.Expected] is not null : answer.Body?["detail"]?.GetValue<string>()?.StartsWith(row.Expected) == true;
            if (answer.Status != row.Status || !named)
                failures.Add($"{row.Name}: expected {row.Status} naming '{row.Expected}', got {answer.Status} {answer.Body?.ToJsonString()}");
            if (await Version(store, motion) != before) failures.Add($"{row.Name}: something was recorded.");
        }
        Assert.Empty(failures);
    }

    private static async Task<long> Version(IDocumentStore store, Guid motion)
    {
        await using var session = store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(motion))?.Version ?? 0;
    }

    private async Task<Votes> Build()
    {
        var named = await app.Host.AVoteWithTellers(TellerStage.Named);
        var committed = await app.Host.AVoteWithTellers(TellerStage.Committed);
        var sealedVote = await app.Host.AVoteWithTellers(TellerStage.Sealed);
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(3);
        var unvoted = await app.Host.AMotion(await app.Host.AnOpenSession(assemblyId));
        var round = Node(named.Devices[0].Round1()).AsObject();
        round.Remove("teller");
        var shares = Node(committed.Devices[0].Round2((await app.Host.KeyingOf(committed.MotionId)).Commitments)).AsArray();
        var keying = await app.Host.KeyingOf(sealedVote.MotionId);
        JsonArray LinesOf(int index)
        {
            var (share, _) = sealedVote.Devices[index].Receive(keying.Commitments, keying.Shares);
            return Node(sealedVote.Devices[index].Partial(keying.Sums!, share).Lines).AsArray();
        }
        return new Votes(named, committed, sealedVote, unvoted, [.. delegates], named.Voters[4], await app.Host.Organiser(), round, shares, LinesOf(0), LinesOf(1));
    }
}
