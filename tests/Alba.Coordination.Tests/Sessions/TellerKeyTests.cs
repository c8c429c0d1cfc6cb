using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Sessions;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// A secret vote whose key three named tellers make on their devices (2 of 3), through the real host and PostgreSQL: the
/// rounds in turn, ballots, the closing, two tellers' partial decryptions, the board's verification, and a scan of everything
/// stored and logged for any share or the key.
/// </summary>
[Collection(AppCollection.Name)]
public class when_tellers_make_and_hold_a_votes_key(AppFixture app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string[] Choices = ["yes", "no", "yes", "abstain", "yes", "no"];

    [Fact]
    public async Task the_key_is_never_assembled_and_two_of_three_tellers_decrypt_the_exact_tally()
    {
        var logs = new CapturedLogs();
        app.Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(Choices.Length);
        var tellers = delegates.Take(3).ToArray();
        var motionId = await app.Host.AMotion(await app.Host.AnOpenSession(assemblyId));
        var organiser = await app.Host.Organiser();

        // Tellers who are not accredited delegates of this assembly are refused.
        var stranger = await app.Host.Post($"/api/motions/{motionId}/vote",
            new { secret = true, majority = "simple", quorum = 0, tellerIds = new[] { tellers[0].Id, Guid.NewGuid() }, threshold = 2 }, organiser);
        Assert.Equal(400, stranger.Status);
        var opened = await app.Host.Post($"/api/motions/{motionId}/vote",
            new { secret = true, majority = "simple", quorum = 0, tellerIds = tellers.Select(t => t.Id), threshold = 2 }, organiser);
        Assert.Equal(200, opened.Status);
        Assert.Equal("keying", opened.Get<string>("status"));
        Assert.Null(opened.Body!["tellerShares"]);
        Assert.Equal(409, (await app.Host.Vote(motionId, delegates[3], "yes")).Status);
        Assert.Equal(409, (await app.Host.CloseVote(motionId)).Status);

        var devices = Enumerable.Range(1, 3).Select(j => new TellerDevice(motionId, j, 2)).ToArray();
        // Round 1: a non-teller is 403, a wrong proof 400, shares before every teller's keys 409.
        Assert.Equal(403, (await Commit(motionId, devices[0].Round1(), delegates[4])).Status);
        Assert.Equal(400, (await Commit(motionId, devices[1].Round1(), tellers[0])).Status);
        Assert.Equal(200, (await Commit(motionId, devices[0].Round1(), tellers[0])).Status);
        Assert.Equal(409, (await app.Host.Post($"/api/motions/{motionId}/keying/shares", new { shares = Array.Empty<object>() }, tellers[0])).Status);
        Assert.Equal(200, (await Commit(motionId, devices[1].Round1(), tellers[1])).Status);
        Assert.Equal(200, (await Commit(motionId, devices[2].Round1(), tellers[2])).Status);
        Assert.Equal(409, (await Commit(motionId, devices[2].Round1(), tellers[2])).Status);

        // Round 2: each device reads the others' commitments from the public keying record and seals its shares to them.
        var keying = await Keying(motionId);
        var rounds = keying.Commitments;
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal("keying", (await Keying(motionId)).Stage);
            var sent = await app.Host.Post($"/api/motions/{motionId}/keying/shares", new { shares = devices[j].Round2(rounds) }, tellers[j]);
            Assert.Equal(200, sent.Status);
        }
        keying = await Keying(motionId);
        Assert.Equal("keying", keying.Stage);
        var shares = devices.Select(d => d.Receive(rounds, keying.Shares)).ToArray();
        Assert.All(shares, s => Assert.Empty(s.Complaints));
        // Every device found its shares hold: the last confirmation opens the vote.
        for (var j = 0; j < 3; j++)
            Assert.Equal(j == 2 ? "open" : "keying", (await app.Host.Post($"/api/motions/{motionId}/keying/confirmations", new { }, tellers[j])).Get<string>("status"));
        keying = await Keying(motionId);
        Assert.Equal("open", keying.Stage);
        Assert.Equal([1, 2, 3], keying.Qualified);
        var board = await Board(motionId);
        Assert.Equal("tellers", board.KeyHeldBy);
        Assert.Equal(KeyGeneration.Key(rounds, 3, 2, [1, 2, 3]).TellerKeys, board.TellerKeys);

        for (var i = 0; i < Choices.Length; i++)
        {
            // Half encrypted on the device, half sent plain for the server to encrypt at once.
            var answer = i % 2 == 0
                ? await app.Host.Post($"/api/motions/{motionId}/ballots", new { ballot = await app.Host.EncryptedFor(motionId, Choices[i]) }, delegates[i])
                : await app.Host.Vote(motionId, delegates[i], Choices[i]);
            Assert.Equal(200, answer.Status);
        }
        var closing = await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { }, organiser);
        Assert.Equal(200, closing.Status);
        Assert.Equal(2, closing.Get<int>("needed"));
        Assert.Null(closing.Body!["result"]);
        Assert.Equal(409, (await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { }, organiser)).Status);
        keying = await Keying(motionId);
        Assert.Equal("tallying", keying.Stage);
        var sums = keying.Sums!;

        // Teller 1 sends a partial made with teller 2's share: 400; then its own; teller 3 completes the threshold.
        Assert.Equal(400, (await Partial(motionId, devices[0].Partial(sums, shares[1].Share), tellers[0])).Status);
        Assert.Equal(403, (await Partial(motionId, devices[0].Partial(sums, shares[0].Share), delegates[5])).Status);
        var first = await Partial(motionId, devices[0].Partial(sums, shares[0].Share), tellers[0]);
        Assert.Equal((200, 1), (first.Status, first.Get<int>("received")));
        Assert.Null(first.Body!["result"]);
        Assert.Equal("tallying", (await app.Host.Get($"/api/motions/{motionId}")).Body!["vote"]!["status"]!.GetValue<string>());
        Assert.Equal(409, (await app.Host.Vote(motionId, delegates[5], "yes")).Status);
        var last = await Partial(motionId, devices[2].Partial(sums, shares[2].Share), tellers[2]);
        Assert.Equal(200, last.Status);
        var result = last.Body!["result"]!;
        Assert.Equal((3, 2, 1), (result["yes"]!.GetValue<int>(), result["no"]!.GetValue<int>(), result["abstain"]!.GetValue<int>()));
        Assert.Equal(409, (await Partial(motionId, devices[1].Partial(sums, shares[1].Share), tellers[1])).Status);

        board = await Board(motionId);
        Assert.Empty(BoardVerifier.Faults(board));
        Assert.Empty(BoardVerifier.Notes(board));
        Assert.Equal(2, board.Partials!.Count);
        // A board whose recorded commitments were altered no longer verifies.
        var altered = board with { Dealing = [board.Dealing![0] with { Commitments = [board.Dealing[1].Commitments[0], board.Dealing[0].Commitments[1]] }, .. board.Dealing.Skip(1)] };
        Assert.NotEmpty(BoardVerifier.Faults(altered));
        Assert.NotEmpty(BoardVerifier.Faults(board with { Partials = board.Partials.Take(1).ToList() }));

        // Nothing stored or logged holds a share, a coefficient, a transport key's secret or the key itself.
        var x = devices.Aggregate(Org.BouncyCastle.Math.BigInteger.Zero, (total, d) => total.Add(d.ValueAt(0))).Mod(Order);
        var secrets = devices.SelectMany(d => d.Secrets)
            .Concat(shares.Select(s => Hex(s.Share)))
            .Concat(devices.SelectMany(d => Enumerable.Range(1, 3).Select(j => Hex(d.ValueAt(j)))))
            .Append(Hex(x)).ToList();
        Assert.Equal(Hex(G.Times(x)), board.PublicKey);
        Assert.Empty(await RowsHoldingAny(secrets));
        logs.Stopped = true;
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => secrets.Any(s => line.Contains(s, StringComparison.OrdinalIgnoreCase)));
        // The scan can find what it looks for: the public key is in the rows.
        Assert.NotEmpty(await RowsHoldingAny([board.PublicKey]));
    }

    /// <summary>
    /// A teller whose device never sends its keys no longer holds the vote up: the chair disqualifies it, the other two seal
    /// their shares to each other only, the key is made over them, they decrypt the tally, and the board verifies with two
    /// dealings for three tellers' keys (and not with the silent teller put back in the qualified set).
    /// </summary>
    [Fact]
    public async Task a_teller_whose_keys_never_come_is_disqualified_and_the_other_two_make_decrypt_and_verify_the_vote()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(Choices.Length);
        var tellers = delegates.Take(3).ToArray();
        var motionId = await app.Host.AMotion(await app.Host.AnOpenSession(assemblyId));
        var organiser = await app.Host.Organiser();
        Assert.Equal(200, (await app.Host.Post($"/api/motions/{motionId}/vote",
            new { secret = true, majority = "simple", quorum = 0, tellerIds = tellers.Select(t => t.Id), threshold = 2 }, organiser)).Status);
        var devices = Enumerable.Range(1, 3).Select(j => new TellerDevice(motionId, j, 2)).ToArray();
        Assert.Equal(200, (await Commit(motionId, devices[0].Round1(), tellers[0])).Status);
        Assert.Equal(200, (await Commit(motionId, devices[1].Round1(), tellers[1])).Status);

        // The keying names whom the chair may disqualify, by the command's own rule: teller 3 (no keys), not 1 or 2 (keys in,
        // their shares wait on teller 3's keys).
        Assert.Equal([new DisqualifiableTeller(3, "silent")], (await Keying(motionId)).Disqualifiable!);
        Assert.Equal(409, (await Disqualify(motionId, 1, organiser)).Status);
        var disqualified = await Disqualify(motionId, 3, organiser);
        Assert.Equal((201, "keying"), (disqualified.Status, disqualified.Get<string>("status")));
        Assert.Equal(409, (await Commit(motionId, devices[2].Round1(), tellers[2])).Status);
        var keying = await Keying(motionId);
        Assert.Equal("silent", Assert.Single(keying.Disqualified!).Reason);
        // Every qualified teller's keys are in: now 1 and 2 hold the key up until their shares and confirmations come.
        Assert.Equal([1, 2], keying.Disqualifiable!.Select(d => d.Teller));

        var rounds = keying.Commitments;
        Assert.Equal([1, 2], rounds.Select(r => r.Teller));
        for (var j = 0; j < 2; j++)
            Assert.Equal(200, (await app.Host.Post($"/api/motions/{motionId}/keying/shares", new { shares = devices[j].Round2(rounds) }, tellers[j])).Status);
        keying = await Keying(motionId);
        var shares = devices[..2].Select(d => d.Receive(rounds, keying.Shares)).ToArray();
        Assert.All(shares, s => Assert.Empty(s.Complaints));
        for (var j = 0; j < 2; j++)
            Assert.Equal(j == 1 ? "open" : "keying", (await app.Host.Post($"/api/motions/{motionId}/keying/confirmations", new { }, tellers[j])).Get<string>("status"));
        keying = await Keying(motionId);
        Assert.Equal([1, 2], keying.Qualified);
        Assert.Empty(keying.Disqualifiable!);

        for (var i = 0; i < Choices.Length; i++) Assert.Equal(200, (await app.Host.Vote(motionId, delegates[i], Choices[i])).Status);
        Assert.Equal(200, (await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { }, organiser)).Status);
        var sums = (await Keying(motionId)).Sums!;
        Assert.Equal(200, (await Partial(motionId, devices[0].Partial(sums, shares[0].Share), tellers[0])).Status);
        var result = (await Partial(motionId, devices[1].Partial(sums, shares[1].Share), tellers[1])).Body!["result"]!;
        Assert.Equal((3, 2, 1), (result["yes"]!.GetValue<int>(), result["no"]!.GetValue<int>(), result["abstain"]!.GetValue<int>()));

        var board = await Board(motionId);
        Assert.Equal((2, 3), (board.Dealing!.Count, board.TellerKeys.Length));
        Assert.Empty(BoardVerifier.Faults(board));
        Assert.Contains(BoardVerifier.Faults(board with { Qualified = [1, 2, 3] }), f => f.StartsWith("The qualified set (1, 2, 3)", StringComparison.Ordinal));
        Assert.Contains(BoardVerifier.Faults(board with { Dealing = [board.Dealing[1], board.Dealing[0]] }), f => f.Contains("in teller order", StringComparison.Ordinal));
    }

    private Task<Answer> Disqualify(Guid motionId, int teller, Caller organiser) =>
        app.Host.Post($"/api/motions/{motionId}/keying/disqualifications", new { teller }, organiser);

    private Task<Answer> Commit(Guid motionId, TellerCommitments round, Caller teller) =>
        app.Host.Post($"/api/motions/{motionId}/keying/commitments", new { round.TransportKey, round.Commitments, round.Proof }, teller);

    private Task<Answer> Partial(Guid motionId, PartialDecryption partial, Caller teller) =>
        app.Host.Post($"/api/motions/{motionId}/tally/partials", new { partial.Lines }, teller);

    private async Task<KeyingDetails> Keying(Guid motionId) =>
        (await app.Host.Get($"/api/motions/{motionId}/keying")).Body!.Deserialize<KeyingDetails>(Json)!;

    private async Task<BoardDetails> Board(Guid motionId)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await BoardQueries.Load(session, motionId))!;
    }

    /// <summary>Every row of every table of the alba schema, as text, that holds any of these hex strings.</summary>
    private async Task<List<string>> RowsHoldingAny(IReadOnlyList<string> texts)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_name from information_schema.tables where table_schema = 'alba' and table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"select row_to_json(t)::text from alba.\"{table}\" t where lower(row_to_json(t)::text) like any(@texts)", connection);
            search.Parameters.AddWithValue("texts", texts.Select(t => $"%{t.ToLowerInvariant()}%").ToArray());
            await using var reader = await search.ExecuteReaderAsync();
            while (await reader.ReadAsync()) found.Add($"{table}: {reader.GetString(0)[..Math.Min(200, reader.GetString(0).Length)]}");
        }
        return found;
    }

    /// <summary>Every log line the host writes while the test runs, with its exception.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        /// <summary>The factory keeps its providers for the host's life: this one stops collecting when its test is done.</summary>
        public bool Stopped { get; set; }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose() { }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => !logs.Stopped;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!logs.Stopped) logs.Lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
