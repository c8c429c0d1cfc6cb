using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Sessions;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_an_adversary_reads_every_row_version_and_the_wal_of_a_secret_vote(AppFixture app)
{
    /// <summary>4 yes, 3 no, 3 abstain, cast in this order, one after another (the easiest order for the adversary to know).</summary>
    private static readonly string[] Choices = ["yes", "no", "yes", "abstain", "no", "yes", "abstain", "no", "yes", "abstain"];

    /// <summary>
    /// The adversary holds the database (every row version, live or dead, through pageinspect), the WAL of the vote (through
    /// pg_walinspect), and, worst case, the decryption key (the tellers colluded), so it can decrypt each ballot on the board.
    /// What it lacks is which ballot is whose. "Chance" here: all ten ballots reach the board in one transaction (one event
    /// row, one xid, one timestamp) that writes nothing naming a voter, in an order drawn uniformly at random, so for each voter
    /// every ballot of the batch is equally likely to be its own. Its best guess of a voter's choice is then the tally's most
    /// frequent choice (yes, right for 4 of 10 voters), which the published tally gives anyone; pairing by order (voters in the
    /// order they voted, ballots in board/WAL order) is right for (4² + 3² + 3²)/10 = 3.4 voters on average, and right for all
    /// ten only when the shuffle happens to keep every choice in place: probability 4!·3!·3!/10! ≈ 0.024 %. The test asserts the
    /// structure that makes this so (no shared transaction, no ballot data in a voter's transaction, no voter in the board's),
    /// then runs the pairing attack and asserts it does not recover the vote. The old design (a counter row incremented in the
    /// voter's transaction) lost all ten choices to the same adversary.
    /// </summary>
    [Fact]
    public async Task it_cannot_pair_a_voter_with_a_ballot_better_than_chance()
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await Execute(connection, "create extension if not exists pageinspect; create extension if not exists pg_walinspect");
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(Choices.Length);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true);
        var walStart = await Scalar<string>(connection, "select pg_current_wal_insert_lsn()::text");
        for (var i = 0; i < Choices.Length; i++) Assert.Equal(200, (await app.Host.Vote(motionId, delegates[i], Choices[i])).Status);
        var walEnd = await Scalar<string>(connection, "select pg_current_wal_insert_lsn()::text");

        // The register: which transaction recorded each voter.
        var voterXids = await Rows(connection,
            "select xmin::text, data->>'DelegateId' from alba.mt_events where stream_id = @motion and type = 'voter_participated' order by seq_id", motionId);
        Assert.Equal(delegates.Select(d => d.Id.ToString()), voterXids.Select(r => r[1]));
        // The board: one posting of all ten, in one transaction of its own.
        var postings = await Rows(connection, "select xmin::text, data::text from alba.mt_events where stream_id = @motion and type = 'ballots_posted'", motionId);
        var (boardXid, posting) = (Assert.Single(postings)[0], postings[0][1]);
        Assert.DoesNotContain(boardXid, voterXids.Select(r => r[0]));
        Assert.All(delegates, d => Assert.DoesNotContain(d.Id.ToString(), posting));

        // Every row version of every table, dead or alive: what each transaction wrote where.
        var writes = await RowVersionWrites(connection);
        var voterTransactions = voterXids.Select(r => r[0]).ToHashSet();
        // The board is its document (key, tally) and its entries, a row each.
        Assert.DoesNotContain(writes, w => voterTransactions.Contains(w.Xid) && w.Table is "mt_doc_ballotboard" or "mt_doc_postedballot");
        Assert.DoesNotContain(writes, w => w.Xid == boardXid && w.Table is "mt_doc_voterrecord" or "mt_doc_motionview");
        Assert.Equal(Choices.Length, writes.Count(w => w.Xid == boardXid && w.Table == "mt_doc_postedballot"));

        // The WAL of the vote, record by record: no voter's transaction touches the board, the board's touches no register.
        var wal = await Rows(connection, "select coalesce(xid::text, ''), coalesce(block_ref, '') from pg_get_wal_records_info(@start::pg_lsn, @end::pg_lsn)",
            motionId, ("start", walStart), ("end", walEnd));
        var board = await Scalar<long>(connection, "select pg_relation_filenode('alba.mt_doc_ballotboard')::bigint");
        var entries = await Scalar<long>(connection, "select pg_relation_filenode('alba.mt_doc_postedballot')::bigint");
        var register = await Scalar<long>(connection, "select pg_relation_filenode('alba.mt_doc_voterrecord')::bigint");
        Assert.Contains(wal, r => voterTransactions.Contains(r[0]) && Touches(r[1], register));
        Assert.DoesNotContain(wal, r => voterTransactions.Contains(r[0]) && (Touches(r[1], board) || Touches(r[1], entries)));
        Assert.Contains(wal, r => r[0] == boardXid && Touches(r[1], entries));
        Assert.DoesNotContain(wal, r => r[0] == boardXid && Touches(r[1], register));

        // The attack itself, with the key: decrypt each posted ballot and pair by order.
        var posted = JsonSerializer.Deserialize<BallotsPosted>(posting, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Entries;
        var secret = Tellers.Combine(new ElectionKey((await Board(motionId)).PublicKey, 1, (await Board(motionId)).TellerKeys),
            SessionsScenarios.SharesOf(motionId, 1).Select(s => s.Deserialize<TellerShare>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList()).Secret!;
        var decrypted = posted.Select(e => DecryptOne(e.Ballot, secret)).ToList();
        Assert.Equal(Choices.Order(), decrypted.Order());
        var recovered = Enumerable.Range(0, Choices.Length).Count(i => decrypted[i] == Choices[i]);
        Assert.True(recovered < Choices.Length, $"Pairing by order recovered all {Choices.Length} choices.");
    }

    private async Task<BoardDetails> Board(Guid motionId)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await BoardQueries.Load(session, motionId))!;
    }

    /// <summary>What a key holder learns from one ballot alone: for each option, whether B − x·A is G (1) or the identity (0).</summary>
    private static string DecryptOne(EncryptedBallot ballot, Org.BouncyCastle.Math.BigInteger secret) =>
        BallotChoices.All[Array.FindIndex(ballot.Options, o => ParsePoint(o.B)!.Minus(ParsePoint(o.A)!.Times(secret)).Equals(G))];

    private static bool Touches(string blockRef, long filenode) => Regex.IsMatch(blockRef, $@"rel \d+/\d+/{filenode}\b");

    private sealed record Write(string Table, string Xid);

    /// <summary>Through pageinspect: for every block of every table of the schema, each tuple's inserting and deleting transaction.</summary>
    private static async Task<List<Write>> RowVersionWrites(NpgsqlConnection connection)
    {
        var tables = (await Rows(connection, "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'alba' and c.relkind = 'r'", Guid.Empty)).Select(r => r[0]).ToList();
        var writes = new List<Write>();
        foreach (var table in tables)
        {
            var rows = await Rows(connection, $"""
                select t_xmin::text, coalesce(t_xmax::text, '0') from generate_series(0, (pg_relation_size('alba."{table}"') / current_setting('block_size')::int)::int - 1) as block,
                    heap_page_items(get_raw_page('alba."{table}"', block)) where t_xmin is not null
                """, Guid.Empty);
            foreach (var row in rows)
            {
                writes.Add(new Write(table, row[0]));
                if (row[1] != "0") writes.Add(new Write(table, row[1]));
            }
        }
        return writes;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string[]>> Rows(NpgsqlConnection connection, string sql, Guid motionId, params (string Name, string Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("motion", motionId);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString()!).ToArray());
        return rows;
    }
}

[Collection(AppCollection.Name)]
public class when_a_secret_vote_is_cast_encrypted_and_closed_by_its_tellers(AppFixture app)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task forged_ballots_are_refused_shares_are_counted_and_the_board_verifies_and_rebuilds()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(4);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true, tellers: 3, threshold: 2);
        var publicKey = (await app.Host.Get($"/api/motions/{motionId}/board")).Get<string>("publicKey");

        // A ballot of two, two choices at once, an altered proof: 400, and nothing recorded.
        foreach (var forged in new[] { Forgeries.WithYesOf(2, publicKey, motionId), Forgeries.YesAndNo(publicKey, motionId), Forgeries.WithAlteredProof(publicKey, motionId) })
        {
            var refused = await app.Host.Post($"/api/motions/{motionId}/ballots", new { ballot = forged }, delegates[0]);
            Assert.Equal(400, refused.Status);
            Assert.NotNull(refused.Body!["errors"]!["ballot"]);
        }
        Assert.Equal(0, (await app.Host.Get($"/api/motions/{motionId}")).Body!["vote"]!["cast"]!.GetValue<int>());

        // Encrypted on the device (here: by the test, as the page does), or as a plain choice the server encrypts at once.
        var key = ParsePoint(publicKey)!;
        var receipts = new List<string>();
        foreach (var (voter, choice) in new[] { (delegates[0], "yes"), (delegates[1], "no"), (delegates[2], "yes") })
        {
            var ballot = EncryptedBallot.Encrypt(choice, key, motionId);
            var answer = await app.Host.Post($"/api/motions/{motionId}/ballots", new { ballot }, voter);
            Assert.Equal(200, answer.Status);
            Assert.Equal(ballot.Receipt(), answer.Get<string>("receipt"));
            receipts.Add(answer.Get<string>("receipt"));
        }
        var plain = await app.Host.Vote(motionId, delegates[3], "abstain");
        Assert.Equal(200, plain.Status);
        receipts.Add(plain.Get<string>("receipt"));

        // One teller's share of the two needed: 409 naming how many are missing; the ballots wait, nothing is closed.
        var oneShare = await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { shares = SessionsScenarios.SharesOf(motionId, 2) }, await app.Host.Organiser());
        Assert.Equal(409, oneShare.Status);
        Assert.StartsWith("1 more teller share is needed", oneShare.Get<string>("detail"));
        var wrongShare = SessionsScenarios.SharesOf(motionId, 2, 3);
        wrongShare[1]!["share"] = SessionsScenarios.SharesOf(motionId, 1)[0]["share"]!.GetValue<string>();
        Assert.Equal(400, (await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { shares = wrongShare }, await app.Host.Organiser())).Status);
        Assert.Equal("open", (await app.Host.Get($"/api/motions/{motionId}")).Body!["vote"]!["status"]!.GetValue<string>());

        var closed = await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { shares = SessionsScenarios.SharesOf(motionId, 3, 1) }, await app.Host.Organiser());
        Assert.Equal(200, closed.Status);
        Assert.Equal((2, 1, 1, 4, "adopted"), (closed.Get<int>("yes"), closed.Get<int>("no"), closed.Get<int>("abstain"), closed.Get<int>("cast"), closed.Get<string>("outcome")));

        var board = (await app.Host.Get($"/api/motions/{motionId}/board")).Body!.Deserialize<BoardDetails>(Web)!;
        Assert.Equal(receipts.Order(), board.Ballots.Select(b => b.Receipt).Order());
        Assert.Equal([2, 1, 1], board.Tally!.Select(t => t.Count));
        Assert.Empty(BoardVerifier.Faults(board));
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession())
            Assert.Equal([], await VerifyCommand.FaultsAsync(session, VerifiedRecord.Vote, motionId));

        var before = (await app.Host.Get($"/api/motions/{motionId}/board")).Body!.ToJsonString();
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<BallotBoardProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<PostedBallotProjection>(CancellationToken.None);
        }
        Assert.Equal(before, (await app.Host.Get($"/api/motions/{motionId}/board")).Body!.ToJsonString());
    }
}
