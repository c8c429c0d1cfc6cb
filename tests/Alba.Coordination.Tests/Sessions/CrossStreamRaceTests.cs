using Alba.Coordination.Sessions;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// Rules that span a session's stream and its motions' streams, raced through the real host: two requests sent at once,
/// many rounds, and every round must end in one of the outcomes a one-at-a-time order could give.
/// </summary>
[Collection(AppCollection.Name)]
public class races_between_a_session_and_its_motions(AppFixture app, ITestOutputHelper output)
{
    private const int Rounds = 12;
    private const string VoteOpenRefusal = "A vote is open in this session; close it before adjourning.";
    private const string SessionNotOpenRefusal = "Votes are held in an open session; this one is not open.";
    private const string AdjournedRefusal = "The session is adjourned.";

    [Fact]
    public async Task adjourning_while_a_vote_opens_leaves_either_an_open_vote_in_an_open_session_or_an_adjourned_session_without_one()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssemblyWithDelegates(1);
        var votesFirst = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var sessionId = await app.Host.AnOpenSession(assembly.AssemblyId);
            var motionId = await app.Host.AMotion(sessionId);

            var (adjourned, opened) = await Both(
                app.Host.Post($"/api/sessions/{sessionId}/adjournment", null, organiser),
                app.Host.Post($"/api/motions/{motionId}/vote", new { secret = false, majority = "simple", quorum = 0 }, organiser));

            var session = (await app.Host.Get($"/api/sessions/{sessionId}")).Body!;
            var motion = (await app.Host.Get($"/api/motions/{motionId}")).Body!;
            if (opened.Status == 200)
            {
                votesFirst++;
                Assert.Equal((409, VoteOpenRefusal), (adjourned.Status, Detail(adjourned)));
                Assert.Equal(("open", "voting"), (Text(session, "status"), Text(motion, "status")));
            }
            else
            {
                Assert.Equal((200, 409, SessionNotOpenRefusal), (adjourned.Status, opened.Status, Detail(opened)));
                Assert.Equal(("adjourned", "tabled"), (Text(session, "status"), Text(motion, "status")));
            }
        }
        output.WriteLine($"{votesFirst} of {Rounds} rounds opened the vote first, {Rounds - votesFirst} adjourned first");
    }

    [Fact]
    public async Task a_motion_tabled_while_the_session_adjourns_is_either_tabled_before_the_adjournment_or_refused()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssemblyWithDelegates(1);
        var mover = assembly.Delegates[0];
        var tabledFirst = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var sessionId = await app.Host.AnOpenSession(assembly.AssemblyId);

            var (adjourned, tabled) = await Both(
                app.Host.Post($"/api/sessions/{sessionId}/adjournment", null, organiser),
                app.Host.Post($"/api/sessions/{sessionId}/motions", new { title = $"Moción {round}", text = "La asamblea llama a movilizarse." }, mover));

            Assert.Equal(200, adjourned.Status);
            await using var store = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var adjournment = Assert.Single(await store.Events.FetchStreamAsync(sessionId), e => e.Data is SessionAdjourned);
            if (tabled.Status == 201)
            {
                tabledFirst++;
                var tabling = Assert.Single(await store.Events.FetchStreamAsync(tabled.Id("motionId")));
                Assert.IsType<MotionTabled>(tabling.Data);
                // Sequence numbers are taken inside the appending transaction: the adjournment's came after the motion committed.
                Assert.True(tabling.Sequence < adjournment.Sequence, $"round {round}: motion tabled at {tabling.Sequence}, adjourned at {adjournment.Sequence}");
            }
            else
            {
                Assert.Equal((409, AdjournedRefusal), (tabled.Status, Detail(tabled)));
                Assert.Empty((await app.Host.Get($"/api/sessions/{sessionId}")).Body!["motions"]!.AsArray());
            }
        }
        output.WriteLine($"{tabledFirst} of {Rounds} rounds tabled the motion first, {Rounds - tabledFirst} adjourned first");
    }

    private static async Task<(Answer First, Answer Second)> Both(Task<Answer> first, Task<Answer> second)
    {
        await Task.WhenAll(first, second);
        return (await first, await second);
    }

    private static string? Detail(Answer answer) => answer.Body?["detail"]?.GetValue<string>();

    private static string Text(System.Text.Json.Nodes.JsonNode node, string property) => node[property]!.GetValue<string>();
}
