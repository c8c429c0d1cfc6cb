using Alba.Coordination.Sessions;
using Alba.Coordination.Tests.Foundation;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_ballots_of_one_motion_queue_behind_a_held_lock(AppFixture app, ITestOutputHelper output)
{
    /// <summary>
    /// While another transaction holds the motion's row lock, the ballots sent meanwhile wait in the motion's queue; once the
    /// lock is released they are decided one after another and committed together, so far fewer transactions than ballots
    /// hold them (events of one transaction share its timestamp), and each caller is answered with the count after its own
    /// ballot: every count from 1 to 12 exactly once.
    /// </summary>
    [Fact]
    public async Task they_commit_together_in_few_transactions_and_each_count_is_answered_once()
    {
        const int voters = 12;
        var assembly = await app.Host.AnAssemblyWithDelegates(voters);
        var motionId = await app.Host.AMotionUnderVote(assembly.AssemblyId, secret: false);

        // Each delegate's access stamp read before measuring, as in a running vote.
        foreach (var voter in assembly.Delegates) Assert.Equal(200, (await app.Host.Get($"/api/motions/{motionId}", voter)).Status);
        using var meter = new DatabaseCostMeter();
        Task<Answer[]> ballots;
        await using (var holder = new NpgsqlConnection(app.ConnectionString))
        {
            await holder.OpenAsync();
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("select version from alba.mt_streams where id = $1 for update", holder, transaction))
            {
                lockRow.Parameters.AddWithValue(motionId);
                await lockRow.ExecuteScalarAsync();
            }
            ballots = Task.WhenAll(assembly.Delegates.Select(voter => app.Host.Vote(motionId, voter, "yes")));
            // Within the lock timeout: the ballots wait, none fails.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(ballots.IsCompleted);
            await transaction.CommitAsync();
        }

        var answers = await ballots;
        var cost = meter.OfTheGroupCommits();
        output.WriteLine(cost.ToString());
        // Per batch: the lock and state (2), the roll per voter, the register, the rights, the motion view's read, then the
        // append, its notification, the motion view, the state snapshot and a register row per ballot: about 2 per ballot.
        Assert.True(cost.Statements <= 4 * voters, cost.ToString());
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(Enumerable.Range(1, voters), answers.Select(a => a.Get<int>("cast")).Order());

        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var cast = (await session.Events.FetchStreamAsync(motionId)).Where(e => e.Data is BallotCast).ToList();
        Assert.Equal(voters, cast.Count);
        Assert.InRange(cast.Select(e => e.Timestamp).Distinct().Count(), 1, voters / 2);
    }
}
