using System.Text.Json;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>A secret vote whose key named tellers make, taken through the API to the stage a test needs.</summary>
public sealed record TellerVote(Guid MotionId, Caller[] Tellers, TellerDevice[] Devices, Caller[] Voters);

/// <summary>Named → Committed (round 1) → Shared (round 2) → Open (every teller confirmed) → Voted (one ballot) → Sealed (closed to ballots).</summary>
public enum TellerStage { Named, Committed, Shared, Open, Voted, Sealed }

public static class TellerScenarios
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Three tellers (2 of 3) among the assembly's delegates, and two more voters; the vote taken to <paramref name="stage"/>.</summary>
    public static async Task<TellerVote> AVoteWithTellers(this IAlbaHost host, TellerStage stage)
    {
        var (assemblyId, delegates) = await host.AnAssemblyWithDelegates(5);
        var motionId = await host.AMotion(await host.AnOpenSession(assemblyId));
        var tellers = delegates.Take(3).ToArray();
        var opened = await host.Post($"/api/motions/{motionId}/vote",
            new { secret = true, majority = "simple", quorum = 0, tellerIds = tellers.Select(t => t.Id), threshold = 2 }, await host.Organiser());
        Assert.Equal(200, opened.Status);
        var vote = new TellerVote(motionId, tellers, Enumerable.Range(1, 3).Select(j => new TellerDevice(motionId, j, 2)).ToArray(), [.. delegates]);
        if (stage == TellerStage.Named) return vote;
        for (var j = 0; j < 3; j++) Assert.Equal(200, (await host.Commit(vote, j)).Status);
        if (stage == TellerStage.Committed) return vote;
        var rounds = (await host.KeyingOf(motionId)).Commitments;
        for (var j = 0; j < 3; j++)
            Assert.Equal(200, (await host.Post($"/api/motions/{motionId}/keying/shares", new { shares = vote.Devices[j].Round2(rounds) }, tellers[j])).Status);
        if (stage == TellerStage.Shared) return vote;
        for (var j = 0; j < 3; j++) Assert.Equal(200, (await host.Confirm(vote, j)).Status);
        if (stage == TellerStage.Open) return vote;
        Assert.Equal(200, (await host.Vote(motionId, delegates[4], "yes")).Status);
        if (stage == TellerStage.Voted) return vote;
        Assert.Equal(200, (await host.Post($"/api/motions/{motionId}/vote/closing", new { }, await host.Organiser())).Status);
        return vote;
    }

    /// <summary>Past round 2, teller 1 complained against teller 2, who did not answer, and the chair disqualified it.</summary>
    public static async Task<TellerVote> AVoteWithADisqualifiedTeller(this IAlbaHost host)
    {
        var vote = await host.AVoteWithTellers(TellerStage.Shared);
        Assert.Equal(201, (await host.Post($"/api/motions/{vote.MotionId}/keying/complaints", new { against = 2 }, vote.Tellers[0])).Status);
        Assert.Equal(201, (await host.Post($"/api/motions/{vote.MotionId}/keying/disqualifications", new { teller = 2 }, await host.Organiser())).Status);
        return vote;
    }

    /// <summary>Teller 1 complained against tellers 2 and 3 and the chair disqualified both: one qualified teller of the two needed, failed.</summary>
    public static async Task<TellerVote> AVoteWhoseKeyingFailed(this IAlbaHost host)
    {
        var vote = await host.AVoteWithADisqualifiedTeller();
        Assert.Equal(201, (await host.Post($"/api/motions/{vote.MotionId}/keying/complaints", new { against = 3 }, vote.Tellers[0])).Status);
        var disqualified = await host.Post($"/api/motions/{vote.MotionId}/keying/disqualifications", new { teller = 3 }, await host.Organiser());
        Assert.Equal("failed", disqualified.Get<string>("status"));
        return vote;
    }

    /// <summary>Teller <paramref name="index"/> (0-based) sends its first round.</summary>
    public static Task<Answer> Commit(this IAlbaHost host, TellerVote vote, int index)
    {
        var round = vote.Devices[index].Round1();
        return host.Post($"/api/motions/{vote.MotionId}/keying/commitments", new { round.TransportKey, round.Commitments, round.Proof }, vote.Tellers[index]);
    }

    /// <summary>Teller <paramref name="index"/> (0-based) confirms the shares sent to it hold.</summary>
    public static Task<Answer> Confirm(this IAlbaHost host, TellerVote vote, int index) =>
        host.Post($"/api/motions/{vote.MotionId}/keying/confirmations", new { }, vote.Tellers[index]);

    public static async Task<KeyingDetails> KeyingOf(this IAlbaHost host, Guid motionId) =>
        (await host.Get($"/api/motions/{motionId}/keying")).Body!.Deserialize<KeyingDetails>(Json)!;

    /// <summary>Teller <paramref name="index"/>'s partial decryption of the sealed sums, made on its device from the shares it received.</summary>
    public static async Task<Answer> DecryptPart(this IAlbaHost host, TellerVote vote, int index)
    {
        var keying = await host.KeyingOf(vote.MotionId);
        var (share, _) = vote.Devices[index].Receive(keying.Commitments, keying.Shares, keying.Revealed, keying.Qualified is { } qualified
            ? [.. Enumerable.Range(1, keying.Tellers.Count).Except(qualified)] : null);
        var partial = vote.Devices[index].Partial(keying.Sums!, share);
        return await host.Post($"/api/motions/{vote.MotionId}/tally/partials", new { partial.Lines }, vote.Tellers[index]);
    }
}
