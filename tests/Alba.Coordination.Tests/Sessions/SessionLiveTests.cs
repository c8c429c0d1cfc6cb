using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_a_client_follows_a_session_live(AppFixture app)
{
    [Fact]
    public async Task it_receives_every_change_in_version_order_and_the_assembly_a_summary()
    {
        var host = app.Host;
        var organiser = await host.Organiser();
        var (assemblyId, delegates) = await host.AnAssemblyWithDelegates(2);
        var sessionId = await host.ASession(assemblyId);
        await using var follower = await LiveClient.Connect(host);
        await follower.Join($"session:{sessionId}");
        await using var assemblyFollower = await LiveClient.Connect(host);
        await assemblyFollower.Join($"assembly:{assemblyId}");

        await host.Post($"/api/sessions/{sessionId}/opening", null, organiser);
        await host.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 0 }, organiser);
        await host.Post($"/api/sessions/{sessionId}/speakers", new { }, delegates[0]);
        await host.Post($"/api/sessions/{sessionId}/speakers", new { }, delegates[1]);
        await host.Delete($"/api/sessions/{sessionId}/speakers/{delegates[1].Id}", delegates[1]);
        await host.Post($"/api/sessions/{sessionId}/speakers/next", null, organiser);
        await host.Post($"/api/sessions/{sessionId}/speakers/current/end", null, organiser);
        var motionId = await host.AMotion(sessionId, delegates[0]);
        var amendmentId = (await host.Post($"/api/motions/{motionId}/amendments", new { text = "Texto enmendado." }, delegates[1])).Id("amendmentId");
        await host.Post($"/api/motions/{motionId}/amendments/{amendmentId}/acceptance", null, organiser);
        await host.OpenVote(motionId, secret: true, quorum: 2);
        await host.Vote(motionId, delegates[0], "yes");
        await host.Vote(motionId, delegates[1], "no");
        await host.CloseVote(motionId);
        await host.Post($"/api/sessions/{sessionId}/adjournment", null, organiser);

        var sessionVersion = (await host.Get($"/api/sessions/{sessionId}")).Get<int>("version");
        var motionVersion = (await host.Get($"/api/motions/{motionId}")).Get<int>("version");
        await follower.WaitFor(u => u.StreamId == sessionId && u.Version == sessionVersion);
        await follower.WaitFor(u => u.StreamId == motionId && u.Version == motionVersion);

        var received = follower.Received;
        Assert.All(received, u => Assert.Equal($"session:{sessionId}", u.Group));
        // The scheduling (version 1) may have been pushed before the client joined; everything after it arrives, in order.
        Assert.Equal(Enumerable.Range(2, sessionVersion - 1).Select(v => (long)v),
            received.Where(u => u.StreamId == sessionId && u.Version > 1).Select(u => u.Version));
        Assert.Equal(["SessionOpened", "AgendaItemTaken", "FloorRequested", "FloorRequested", "FloorRequestWithdrawn", "FloorGiven",
            "SpeakingTurnEnded", "SessionAdjourned"], received.Where(u => u.StreamId == sessionId && u.Version > 1).Select(u => u.Kind));
        var motionUpdates = received.Where(u => u.StreamId == motionId).ToList();
        Assert.Equal(Enumerable.Range(1, motionVersion).Select(v => (long)v), motionUpdates.Select(u => u.Version));
        Assert.Equal(["MotionTabled", "AmendmentProposed", "AmendmentAccepted", "VoteOpened", "BallotBoardOpened", "VoterParticipated",
                "VoterParticipated", "BallotsPosted", "TallyDecrypted", "VoteClosed"],
            motionUpdates.Select(u => u.Kind));

        // A secret ballot's push carries the new count and nothing else.
        var ballots = motionUpdates.Where(u => u.Kind == "VoterParticipated").ToList();
        Assert.Equal([1, 2], ballots.Select(b => b.Data.GetProperty("cast").GetInt32()));
        Assert.All(ballots, b => Assert.Equal(["cast", "motionId"], b.Data.EnumerateObject().Select(p => p.Name).Order()));
        Assert.Equal(2, motionUpdates.Single(u => u.Kind == "VoteOpened").Data.GetProperty("eligible").GetInt32());
        Assert.Equal("rejected", motionUpdates.Single(u => u.Kind == "VoteClosed").Data.GetProperty("result").GetProperty("outcome").GetString());

        await assemblyFollower.WaitFor(u => u.Kind == "SessionAdjourned" && u.StreamId == sessionId);
        Assert.Equal(["SessionOpened", "AgendaItemTaken", "MotionTabled", "VoteOpened", "VoteClosed", "SessionAdjourned"],
            assemblyFollower.Received.Where(u => u.StreamId == sessionId || u.StreamId == motionId).Select(u => u.Kind).Where(k => k != "SessionScheduled"));
    }
}
