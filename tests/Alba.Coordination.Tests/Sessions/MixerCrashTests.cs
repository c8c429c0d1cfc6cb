using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// The app as its own process, killed while a secret ballot waits in its mixer (registered, its receipt answered, not on the
/// board): after the restart the closing is refused with the number missing, the voter's device sends the same ballot again
/// with its nonce, and the vote closes with every ballot. Forged resubmissions are refused and record nothing.
/// </summary>
public class when_the_node_holding_a_secret_ballot_is_killed_before_posting_it : IAsyncLifetime
{
    // Three ballots make a batch: the first three voters' ballots reach the board, the fourth's waits in memory.
    // A configured signing key: the voters' tokens outlive the restart, as on any node behind a load balancer.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Alba__Ballots__MixBatch"] = "3",
        ["Alba__Jwt__SigningKey"] = "a-signing-key-the-restarted-node-keeps-0123456789",
    };
    private static readonly string[] Choices = ["yes", "no", "yes", "abstain"];
    private string _database = "";
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.ConnectionStringAsync("ballots_crash");
        _app = await AppProcess.StartAsync(_database, Settings);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task the_device_sends_it_again_and_the_vote_closes_with_every_ballot()
    {
        var organiser = await Organiser();
        var (motionId, voters, shares) = await ASecretVote(organiser, Choices.Length);
        var key = ParsePoint((await Get(organiser, $"/api/motions/{motionId}/board"))["publicKey"]!.GetValue<string>())!;
        var cast = new List<(EncryptedBallot Ballot, string Nonce, string Receipt)>();
        for (var i = 0; i < voters.Count; i++)
        {
            var ballot = EncryptedBallot.Encrypt(Choices[i], key, motionId);
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var answer = await Post(voters[i], $"/api/motions/{motionId}/ballots", new { ballot, nonce });
            Assert.Equal(200, (int)answer.Status);
            cast.Add((ballot, nonce, answer.Body!["receipt"]!.GetValue<string>()));
        }
        Assert.Equal(3, (await Board(organiser, motionId)).Ballots.Count);

        await _app.DisposeAsync(); // killed: the fourth ballot was only in its memory
        _app = await AppProcess.StartAsync(_database, Settings);
        organiser = await Organiser();
        voters = voters.Select(Reconnected).ToList();

        var refused = await Post(organiser, $"/api/motions/{motionId}/vote/closing", new { shares });
        Assert.Equal(409, refused.Status);
        Assert.StartsWith("1 of the 4 ballots registered are still on their way to the board", refused.Body!["detail"]!.GetValue<string>());

        var lost = cast[3];
        var forgeries = new[]
        {
            (Voter: voters[3], Body: (object)new { ballot = lost.Ballot, nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) }, "This is not the ballot you cast"),
            (Voter: voters[1], Body: new { ballot = lost.Ballot, nonce = lost.Nonce }, "This is not the ballot you cast"),
            (Voter: voters[0], Body: new { ballot = cast[0].Ballot, nonce = cast[0].Nonce }, "Your ballot is already on the board."),
        };
        foreach (var (voter, body, detail) in forgeries)
        {
            var answer = await Post(voter, $"/api/motions/{motionId}/ballots/resubmission", body);
            Assert.Equal(409, answer.Status);
            Assert.StartsWith(detail, answer.Body!["detail"]!.GetValue<string>());
        }
        // Nothing recorded, nothing added to the mixer: the closing still misses the one ballot.
        Assert.Equal(409, (await Post(organiser, $"/api/motions/{motionId}/vote/closing", new { shares })).Status);

        for (var again = 0; again < 2; again++)
        {
            var resent = await Post(voters[3], $"/api/motions/{motionId}/ballots/resubmission", new { ballot = lost.Ballot, nonce = lost.Nonce });
            Assert.Equal(200, resent.Status);
            Assert.Equal(lost.Receipt, resent.Body!["receipt"]!.GetValue<string>());
        }

        var closed = await Post(organiser, $"/api/motions/{motionId}/vote/closing", new { shares });
        Assert.Equal(200, closed.Status);
        Assert.Equal((2, 1, 1, 4), (closed.Body!["yes"]!.GetValue<int>(), closed.Body["no"]!.GetValue<int>(), closed.Body["abstain"]!.GetValue<int>(),
            closed.Body["cast"]!.GetValue<int>()));
        var board = await Board(organiser, motionId);
        Assert.Equal(cast.Select(c => c.Receipt).Order(), board.Ballots.Select(b => b.Receipt).Order());
        Assert.Empty(BoardVerifier.Faults(board));
    }

    private async Task<(Guid MotionId, List<HttpClient> Voters, JsonNode Shares)> ASecretVote(HttpClient organiser, int count)
    {
        var movementId = (await Created(organiser, "/api/movements", new { name = Scenarios.Unique("Movimiento"), country = "BO", region = "r", sector = "s" }))["movementId"]!.GetValue<Guid>();
        var assemblyId = (await Created(organiser, "/api/assemblies", DelegatesScenarios.AssemblyBody()))["assemblyId"]!.GetValue<Guid>();
        Assert.Equal(200, (await Post(organiser, $"/api/assemblies/{assemblyId}/registration/opening", null)).Status);
        var voters = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            var delegateId = (await Created(organiser, $"/api/assemblies/{assemblyId}/registrations",
                DelegatesScenarios.RegistrationBody(movementId)))["delegateId"]!.GetValue<Guid>();
            var code = (await Created(organiser, $"/api/delegates/{delegateId}/accreditation", new { decision = "accredit" }))["credentialCode"]!.GetValue<string>();
            await Created(organiser, $"/api/delegates/{delegateId}/check-ins",
                new { station = "Puerta 1", scannedAt = DateTimeOffset.UtcNow, scanId = Guid.NewGuid().ToString("N") });
            var voter = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
            var signedIn = await Created(voter, "/api/auth/credential-login", new { credentialCode = code });
            voter.DefaultRequestHeaders.Authorization = new("Bearer", signedIn["accessToken"]!.GetValue<string>());
            voters.Add(voter);
        }
        var sessionId = (await Created(organiser, $"/api/assemblies/{assemblyId}/sessions", new
        {
            title = Scenarios.Unique("Plenaria"), kind = "plenary", scheduledAt = DateTimeOffset.UtcNow.AddHours(1), agenda = new[] { new { title = "Apertura" } },
        }))["sessionId"]!.GetValue<Guid>();
        Assert.Equal(200, (await Post(organiser, $"/api/sessions/{sessionId}/opening", null)).Status);
        var motionId = (await Created(organiser, $"/api/sessions/{sessionId}/motions", new { title = "Moción", text = "Resuelve." }))["motionId"]!.GetValue<Guid>();
        var opened = await Post(organiser, $"/api/motions/{motionId}/vote", new { secret = true, majority = "simple", quorum = 0 });
        Assert.Equal(200, opened.Status);
        return (motionId, voters, opened.Body!["tellerShares"]!);
    }

    /// <summary>The same caller, on the restarted app's new address.</summary>
    private HttpClient Reconnected(HttpClient before)
    {
        var after = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        after.DefaultRequestHeaders.Authorization = before.DefaultRequestHeaders.Authorization;
        return after;
    }

    private async Task<HttpClient> Organiser()
    {
        var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var login = await Post(http, "/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword });
        Assert.Equal(200, login.Status);
        http.DefaultRequestHeaders.Authorization = new("Bearer", login.Body!["accessToken"]!.GetValue<string>());
        return http;
    }

    private static async Task<BoardDetails> Board(HttpClient http, Guid motionId) =>
        (await Get(http, $"/api/motions/{motionId}/board")).Deserialize<BoardDetails>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static async Task<JsonNode> Get(HttpClient http, string path) => JsonNode.Parse(await http.GetStringAsync(path))!;

    private static async Task<JsonNode> Created(HttpClient http, string path, object body)
    {
        var answer = await Post(http, path, body);
        Assert.True(answer.Status is 200 or 201, $"POST {path}: {answer.Status} {answer.Body}");
        return answer.Body!;
    }

    private static async Task<(int Status, JsonNode? Body)> Post(HttpClient http, string path, object? body)
    {
        using var response = body is null ? await http.PostAsync(path, null) : await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }
}

[Collection(AppCollection.Name)]
public class when_the_chair_closes_accepting_ballots_that_never_reached_the_board(AppFixture app)
{
    /// <summary>
    /// A node that stopped took a registered ballot with it and its voter cannot send it again: the closing is refused until
    /// the chair accepts exactly that many lost, and then the board records the loss and the verifier names it.
    /// </summary>
    [Fact]
    public async Task the_board_records_the_loss_and_the_verifier_names_it()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(3);
        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true);
        Assert.Equal(200, (await app.Host.Vote(motionId, delegates[0], "yes")).Status);
        // What a crash does to the ballots waiting in a node's mixer.
        Assert.Single(app.Host.Services.GetRequiredService<BallotMixer>().Take(motionId));
        Assert.Equal(200, (await app.Host.Vote(motionId, delegates[1], "no")).Status);
        Assert.Equal(200, (await app.Host.Vote(motionId, delegates[2], "no")).Status);
        var organiser = await app.Host.Organiser();
        var shares = SessionsScenarios.SharesOf(motionId, 1);

        foreach (var accepted in new int?[] { null, 2 })
        {
            var refused = await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { shares, acceptMissing = accepted }, organiser);
            Assert.Equal(409, refused.Status);
            Assert.StartsWith("1 of the 3 ballots registered are still on their way to the board", refused.Get<string>("detail"));
        }
        var closed = await app.Host.Post($"/api/motions/{motionId}/vote/closing", new { shares, acceptMissing = 1 }, organiser);
        Assert.Equal(200, closed.Status);
        Assert.Equal((0, 2, 0, 2), (closed.Get<int>("yes"), closed.Get<int>("no"), closed.Get<int>("abstain"), closed.Get<int>("cast")));

        var board = (await app.Host.Get($"/api/motions/{motionId}/board")).Body!.Deserialize<BoardDetails>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((2, 3, 1), (board.Ballots.Count, board.Cast, board.Lost));
        Assert.Equal(["1 registered ballots never reached the board: the vote was closed accepting their loss."], BoardVerifier.Faults(board));
    }
}
