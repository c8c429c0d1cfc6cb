using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class statement_live_updates(AppFixture app)
{
    [Fact]
    public async Task followers_of_a_statement_are_told_of_every_change_but_see_draft_content_only_once_published()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator, "Texto secreto del borrador.");
        // A draft's group is joined by those who may read the draft: here its initiating movement.
        await using var follower = await LiveClient.Connect(app.Host, initiator.Rep.Token);
        await follower.Join($"statement:{id}");

        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Otro texto secreto.")).Status);
        Assert.Equal(200, (await app.Host.OpenForSignature(id, initiator.Rep)).Status);
        Assert.Equal(201, (await app.Host.Sign(id, signer, 2)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, initiator.Rep)).Status);

        var published = await follower.WaitFor(u => u.Kind == "StatementPublished");
        Assert.Equal(5, published.Version);
        Assert.Equal(id, published.StreamId);
        Assert.Equal($"statement:{id}", published.Group);
        Assert.Equal(2, published.Data.GetProperty("revision").GetInt32());
        Assert.Equal(signer.MovementId, published.Data.GetProperty("signatories")[0].GetGuid());

        // The draft's own update may or may not arrive: the client joined after it was committed.
        var updates = follower.Received.Where(u => u.StreamId == id).ToList();
        var afterJoining = updates.Where(u => u.Version >= 2).ToList();
        Assert.Equal(["StatementRevised", "SignaturePeriodOpened", "StatementSigned", "StatementPublished"], afterJoining.Select(u => u.Kind));
        Assert.Equal([2L, 3L, 4L, 5L], afterJoining.Select(u => u.Version));
        Assert.Equal(2, afterJoining[0].Data.GetProperty("revision").GetInt32());
        foreach (var draftStage in updates.Where(u => u.Kind != "StatementPublished"))
        {
            var data = draftStage.Data.GetRawText();
            Assert.DoesNotContain("secreto", data);
            Assert.DoesNotContain(signer.MovementId.ToString(), data);
            Assert.False(draftStage.Data.TryGetProperty("body", out _));
        }
    }
}
