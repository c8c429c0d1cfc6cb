using Alba.Coordination.Infrastructure;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Math;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// Complaint resolution through the real host: of three tellers (2 of 3), teller 2 deals teller 1 a share that does not match its
/// commitments, answers the complaint with that same share and is disqualified; the two qualified tellers make the key, decrypt
/// an exact tally, and the verifier recomputes the key over the qualified set.
/// </summary>
[Collection(AppCollection.Name)]
public class when_a_teller_deals_a_bad_share(AppFixture app)
{
    private static readonly string[] Choices = ["yes", "no", "yes"];

    [Fact]
    public async Task its_failed_answer_disqualifies_it_and_the_two_qualified_tellers_decrypt_a_verified_tally()
    {
        var vote = await app.Host.AVoteWithTellers(TellerStage.Committed);
        var motionId = vote.MotionId;
        var rounds = (await app.Host.KeyingOf(motionId)).Commitments;
        var bad = BigInteger.ValueOf(7);
        for (var j = 0; j < 3; j++)
        {
            var shares = vote.Devices[j].Round2(rounds);
            if (j == 1) shares[0] = vote.Devices[1].Seal(rounds[0], bad);
            Assert.Equal(200, (await app.Host.Post($"/api/motions/{motionId}/keying/shares", new { shares }, vote.Tellers[j])).Status);
        }
        var keying = await app.Host.KeyingOf(motionId);
        Assert.Equal([2], vote.Devices[0].Receive(rounds, keying.Shares).Complaints);
        Assert.Equal(201, (await app.Host.Post($"/api/motions/{motionId}/keying/complaints", new { against = 2 }, vote.Tellers[0])).Status);
        Assert.Equal(409, (await app.Host.Confirm(vote, 0)).Status);
        Assert.Equal(200, (await app.Host.Confirm(vote, 2)).Status);
        // The accused reveals what it sent: it does not hold, so it is disqualified (200: the answer is recorded, in public).
        var answer = await app.Host.Post($"/api/motions/{motionId}/keying/answers", new { to = 1, share = Hex(bad) }, vote.Tellers[1]);
        Assert.Equal((200, false, "keying"), (answer.Status, answer.Get<bool>("holds"), answer.Get<string>("status")));
        Assert.Equal(409, (await app.Host.Confirm(vote, 1)).Status);
        Assert.Equal("open", (await app.Host.Confirm(vote, 0)).Get<string>("status"));

        keying = await app.Host.KeyingOf(motionId);
        Assert.Equal([1, 3], keying.Qualified);
        Assert.Equal(2, Assert.Single(keying.Disqualified!).Teller);
        Assert.False(Assert.Single(keying.Revealed!).Holds);
        Assert.Equal(KeyGeneration.Key(rounds, 3, 2, [1, 3]).PublicKey, keying.PublicKey);

        for (var i = 0; i < Choices.Length; i++) Assert.Equal(200, (await app.Host.Vote(motionId, vote.Voters[i + 1], Choices[i])).Status);
        Assert.Equal(200, (await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { }, await app.Host.Organiser())).Status);
        Assert.Equal(409, (await app.Host.DecryptPart(vote, 1)).Status);
        Assert.Equal(200, (await app.Host.DecryptPart(vote, 0)).Status);
        var last = await app.Host.DecryptPart(vote, 2);
        Assert.Equal(200, last.Status);
        var result = last.Body!["result"]!;
        Assert.Equal((2, 1, 0), (result["yes"]!.GetValue<int>(), result["no"]!.GetValue<int>(), result["abstain"]!.GetValue<int>()));

        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Empty((await VerifyCommand.FaultsAsync(session, VerifiedRecord.Vote, motionId))!);
        // The verifier names a qualified set that keeps the teller whose revealed share fails, and a key summed over all three.
        var board = (await BoardQueries.Load(session, motionId))!;
        Assert.Contains(BoardVerifier.Faults(board with { Qualified = [1, 2, 3] }), f => f.Contains("Teller 2 is in the qualified set"));
        Assert.Contains(BoardVerifier.Faults(board with { Qualified = [1, 2, 3] }), f => f.Contains("public key"));
        Assert.Contains(BoardVerifier.Faults(board with { Revealed = [board.Revealed![0] with { Holds = true }] }), f => f.Contains("recorded as holding"));
    }
}
