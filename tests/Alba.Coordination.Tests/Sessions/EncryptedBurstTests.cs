using System.Diagnostics;
using System.Text.Json;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Xunit.Abstractions;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_every_delegate_sends_three_encrypted_ballots_at_once(AppFixture app, ITestOutputHelper output)
{
    private const int Voters = 100;
    private const int RetriesAfterBusy = 3;
    private static readonly string[] Choices = ["yes", "no", "abstain"];

    /// <summary>
    /// The benchmark's encrypted burst, smaller: each delegate's three ballots, each a different choice encrypted with its
    /// proofs as the device does, released at the same moment. The proofs are checked and the board posted while the ballots
    /// of the same motion queue for its lock. A wait over its bound may answer 503 with Retry-After on a loaded machine (how
    /// often is the benchmark's business, not a test's): such a ballot is sent again after the time it names, as a device
    /// does, and must then be answered. No other 5xx; exactly one per delegate counts, the others are 409, and the closing's
    /// tally is the choices of the ballots that were accepted.
    /// </summary>
    [Fact]
    public async Task none_fails_one_each_counts_and_the_tally_is_exact()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(Voters);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true);
        var key = ParsePoint((await app.Host.Get($"/api/motions/{motionId}/board")).Get<string>("publicKey"))!;
        var ballots = delegates.SelectMany((voter, v) => Enumerable.Range(0, 3).Select(b => (Voter: voter, Choice: Choices[(v + b) % 3]))).ToArray();
        var encrypted = new EncryptedBallot[ballots.Length];
        Parallel.For(0, ballots.Length, i => encrypted[i] = EncryptedBallot.Encrypt(ballots[i].Choice, key, motionId));

        var clock = Stopwatch.StartNew();
        var busy = 0;
        var answers = await Task.WhenAll(ballots.Select((b, i) => Task.Run(async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                var answer = await app.Host.Post($"/api/motions/{motionId}/ballots", new { ballot = encrypted[i] }, b.Voter);
                if (answer.Status != 503 || attempt == RetriesAfterBusy + 1) return answer;
                Interlocked.Increment(ref busy);
                var wait = answer.Response.Headers.RetryAfter?.Delta;
                Assert.True(wait is not null, $"a 503 without Retry-After: {answer.Body}");
                await Task.Delay(wait.Value);
            }
        })));
        output.WriteLine($"{ballots.Length} encrypted ballots answered in {clock.Elapsed.TotalSeconds:0.00} s; {busy} answered 503 first and were sent again");

        Assert.Empty(answers.Where(a => a.Status >= 500).Select(a => $"{a.Status} {a.Body}"));
        var accepted = answers.Select((a, i) => (Answer: a, Ballot: ballots[i])).Where(x => x.Answer.Status == 200).ToList();
        Assert.Equal(delegates.Select(d => d.Id).Order(), accepted.Select(x => x.Ballot.Voter.Id).Order());
        Assert.Equal(2 * Voters, answers.Count(a => a.Status == 409));
        Assert.Equal(Enumerable.Range(1, Voters), accepted.Select(x => x.Answer.Get<int>("cast")).Order());

        var closed = await app.Host.CloseVote(motionId);
        Assert.Equal(200, closed.Status);
        Assert.Equal(Choices.Select(c => accepted.Count(x => x.Ballot.Choice == c)), Choices.Select(c => closed.Get<int>(c)));
        var board = (await app.Host.Get($"/api/motions/{motionId}/board")).Body!.Deserialize<BoardDetails>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(accepted.Select(x => x.Answer.Get<string>("receipt")).Order(), board.Ballots.Select(b => b.Receipt).Order());
        Assert.Empty(BoardVerifier.Faults(board));
    }
}
