using Alba.Coordination.Sessions;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_ten_delegates_each_send_three_ballots_at_once(AppFixture app)
{
    [Theory]
    [InlineData(false, "simple", 6, 6, 3, 1, true, "adopted")]
    [InlineData(true, "simple", 6, 4, 4, 2, true, "rejected")]
    [InlineData(false, "twoThirds", 6, 6, 3, 1, true, "adopted")]
    [InlineData(true, "twoThirds", 6, 6, 4, 0, true, "rejected")]
    [InlineData(true, "simple", 11, 9, 1, 0, false, "rejected")]
    [InlineData(false, "twoThirds", 11, 10, 0, 0, false, "rejected")]
    public async Task exactly_one_ballot_each_is_counted_and_the_outcome_follows_majority_and_quorum(
        bool secret, string majority, int quorum, int yes, int no, int abstain, bool quorumMet, string outcome)
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(10);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret, majority, quorum);
        var choices = Enumerable.Repeat("yes", yes).Concat(Enumerable.Repeat("no", no)).Concat(Enumerable.Repeat("abstain", abstain)).ToArray();

        var answers = await Task.WhenAll(delegates.SelectMany((voter, i) => Enumerable.Range(0, 3).Select(_ => app.Host.Vote(motionId, voter, choices[i]))));

        Assert.Equal(10, answers.Count(a => a.Status == 200));
        Assert.Equal(20, answers.Count(a => a.Status == 409));
        Assert.Equal(Enumerable.Range(1, 10), answers.Where(a => a.Status == 200).Select(a => a.Get<int>("cast")).Order());
        var closed = await app.Host.CloseVote(motionId);
        Assert.Equal(200, closed.Status);
        Assert.Equal(new VoteResult(yes, no, abstain, 10, 10, quorumMet, outcome),
            new VoteResult(closed.Get<int>("yes"), closed.Get<int>("no"), closed.Get<int>("abstain"), closed.Get<int>("eligible"),
                closed.Get<int>("cast"), closed.Get<bool>("quorumMet"), closed.Get<string>("outcome")));
        Assert.Equal(outcome, (await app.Host.Get($"/api/motions/{motionId}")).Body!["status"]!.GetValue<string>());
    }
}

[Collection(AppCollection.Name)]
public class when_eligibility_changes_after_a_vote_opened(AppFixture app)
{
    [Fact]
    public async Task a_delegate_checked_in_after_the_opening_cannot_vote_in_it_but_can_in_the_next()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(2);
        var late = await app.Host.ADelegateIn(assemblyId, checkedIn: false);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true);
        await app.Host.CheckIn(late, assemblyId);

        var refused = await app.Host.Vote(motionId, late, "yes");
        Assert.Equal(403, refused.Status);
        Assert.Contains("eligibility is fixed at opening", refused.Get<string>("detail"));
        Assert.Equal(200, (await app.Host.Vote(motionId, delegates[0], "yes")).Status);
        var closed = await app.Host.CloseVote(motionId);
        Assert.Equal(2, closed.Get<int>("eligible"));
        Assert.Equal(1, closed.Get<int>("cast"));

        var next = await app.Host.AMotionUnderVote(assemblyId, secret: false);
        Assert.Equal(200, (await app.Host.Vote(next, late, "yes")).Status);
    }

    [Fact]
    public async Task a_delegate_revoked_during_the_vote_loses_the_vote_at_once()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(3);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: false);
        Assert.Equal(200, (await app.Host.Vote(motionId, delegates[0], "yes")).Status);
        await app.Host.Revoke(delegates[1], assemblyId);
        await app.Host.Revoke(delegates[0], assemblyId);

        // Revocation ends the delegate's tokens at once: the ballot is refused before it reaches the vote.
        Assert.Equal(401, (await app.Host.Vote(motionId, delegates[1], "no")).Status);
        var closed = await app.Host.CloseVote(motionId);
        // A ballot cast before the revocation stands; the roll fixed at opening still has 3.
        Assert.Equal((3, 1, 1), (closed.Get<int>("eligible"), closed.Get<int>("cast"), closed.Get<int>("yes")));
    }

    [Fact]
    public async Task organisers_observers_and_delegates_of_other_assemblies_are_not_on_the_roll()
    {
        var (assemblyId, _) = await app.Host.AnAssemblyWithDelegates(1);
        var observer = await app.Host.ADelegateIn(assemblyId, role: "observer");
        var stranger = (await app.Host.AnAssemblyWithDelegates(1)).Delegates[0];
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true);
        foreach (var caller in new[] { await app.Host.Organiser(), observer, stranger })
            Assert.Equal(403, (await app.Host.Vote(motionId, caller, "yes")).Status);
        Assert.Equal(401, (await app.Host.Vote(motionId, Caller.Anonymous, "yes")).Status);
        Assert.Equal(0, (await app.Host.Get($"/api/motions/{motionId}")).Body!["vote"]!["cast"]!.GetValue<int>());
    }
}

[Collection(AppCollection.Name)]
public class when_ballots_come_outside_the_vote(AppFixture app)
{
    [Fact]
    public async Task before_opening_and_after_closing_they_are_conflicts()
    {
        var organiser = await app.Host.Organiser();
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(1);
        var sessionId = await app.Host.AnOpenSession(assemblyId);
        var motionId = await app.Host.AMotion(sessionId);

        Assert.Equal(409, (await app.Host.Vote(motionId, delegates[0], "yes")).Status);
        Assert.Equal(409, (await app.Host.CloseVote(motionId)).Status);
        await app.Host.OpenVote(motionId, secret: true, quorum: 1);
        Assert.Equal(409, (await app.Host.Post($"/api/sessions/{sessionId}/adjournment", null, organiser)).Status);
        Assert.Equal(200, (await app.Host.CloseVote(motionId)).Status);
        Assert.Equal(409, (await app.Host.Vote(motionId, delegates[0], "yes")).Status);
        Assert.Equal(409, (await app.Host.CloseVote(motionId)).Status);
        Assert.Equal("rejected", (await app.Host.Get($"/api/motions/{motionId}")).Body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_vote_opens_only_in_an_open_session()
    {
        var (assemblyId, _) = await app.Host.AnAssemblyWithDelegates(1);
        var motionId = await app.Host.AMotion(await app.Host.ASession(assemblyId));
        var refused = await app.Host.Post($"/api/motions/{motionId}/vote", new { secret = true, majority = "simple", quorum = 0 }, await app.Host.Organiser());
        Assert.Equal(409, refused.Status);
    }
}

[Collection(AppCollection.Name)]
public class when_a_vote_is_secret(AppFixture app)
{
    private static readonly string[] Choices = ["yes", "no", "abstain"];

    [Fact]
    public async Task no_stored_row_links_a_delegate_to_its_choice_while_the_tally_is_recomputable()
    {
        var secret = await app.Host.AnAssemblyWithDelegates(3);
        var secretMotion = await app.Host.AMotionUnderVote(secret.AssemblyId, secret: true);
        // The control: a named vote does store who chose what, so the search below can find such a row.
        var named = await app.Host.AnAssemblyWithDelegates(3);
        var namedMotion = await app.Host.AMotionUnderVote(named.AssemblyId, secret: false);
        var keyRecordsBefore = await IdempotencyKeyRecords();
        for (var i = 0; i < 3; i++)
        {
            // Sent with an Idempotency-Key, as a careful client would: the key must leave no record behind.
            var answer = await app.Host.Post($"/api/motions/{secretMotion}/ballots", new { choice = Choices[i] }, secret.Delegates[i], $"ballot-{i}");
            Assert.Equal(200, answer.Status);
            Assert.DoesNotContain(Choices[i], answer.Body!.ToJsonString());
            Assert.Equal(200, (await app.Host.Vote(namedMotion, named.Delegates[i], Choices[i])).Status);
        }
        var closed = await app.Host.CloseVote(secretMotion);
        Assert.Equal((1, 1, 1, 3), (closed.Get<int>("yes"), closed.Get<int>("no"), closed.Get<int>("abstain"), closed.Get<int>("cast")));
        await app.Host.CloseVote(namedMotion);

        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(await RowsHolding(secret.Delegates[i].Id, Choices[i]));
            Assert.NotEmpty(await RowsHolding(named.Delegates[i].Id, Choices[i]));
        }
        Assert.Null((await app.Host.Get($"/api/motions/{secretMotion}")).Body!["vote"]!["ballots"]);

        // Recomputing: the board holds as many ballots as voters are registered, and its tally verifies.
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var board = await BoardQueries.Load(session, secretMotion);
        Assert.Equal(3, board!.Ballots.Count);
        Assert.Empty(BoardVerifier.Faults(board));
        var register = (await session.Events.FetchStreamAsync(secretMotion)).Select(e => e.Data).OfType<VoterParticipated>().ToList();
        Assert.Equal(secret.Delegates.Select(d => d.Id).Order(), register.Select(p => p.DelegateId).Order());
        Assert.Equal(keyRecordsBefore, await IdempotencyKeyRecords());
    }

    /// <summary>Rows of Wolverine's Idempotency-Key store (caller, key and a hash of the request: enough to tell three choices apart).</summary>
    private async Task<long> IdempotencyKeyRecords()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from alba.wolverine_deduplicated_responses", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Every row of every table in the alba schema (events, streams, documents...) that holds both texts.</summary>
    private async Task<List<string>> RowsHolding(Guid delegateId, string choice)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'alba' and table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("mt_events", tables);
        Assert.Contains("mt_doc_ballotboard", tables);

        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand(
                $"select row_to_json(t)::text from alba.\"{table}\" t where row_to_json(t)::text like @id and row_to_json(t)::text like @choice", connection);
            search.Parameters.AddWithValue("id", $"%{delegateId}%");
            search.Parameters.AddWithValue("choice", $"%\"{choice}\"%");
            await using var reader = await search.ExecuteReaderAsync();
            while (await reader.ReadAsync()) found.Add($"{table}: {reader.GetString(0)}");
        }
        return found;
    }
}
