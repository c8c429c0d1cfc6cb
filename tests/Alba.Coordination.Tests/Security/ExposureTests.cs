using Alba.Coordination.Live;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Alba.Coordination.Tests.Security;

/// <summary>Issue 15, item 3: a representative names only its own movement; any backer can withdraw.</summary>
[Collection(AppCollection.Name)]
public class Exposure_conveners_and_endorsements(AppFixture app)
{
    [Fact]
    public async Task a_representative_cannot_make_another_movement_convene_a_call()
    {
        var convener = await app.Host.AMovementWithRep("CO");
        var other = await app.Host.AMovement(country: "CO");

        var refused = await app.Host.Post("/api/mobilisations", MobilisationsScenarios.CallBody([convener.Id, other], ["CO"]), convener.Rep);

        Assert.Equal(403, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Contains("only its own movement", refused.Get<string>("detail"));
        Assert.Equal(201, (await app.Host.Post("/api/mobilisations", MobilisationsScenarios.CallBody([convener.Id], ["CO"]), convener.Rep)).Status);
        Assert.Equal(201, (await app.Host.Post("/api/mobilisations", MobilisationsScenarios.CallBody([convener.Id, other], ["CO"]),
            await app.Host.Organiser())).Status);
    }

    [Fact]
    public async Task a_named_convener_and_an_endorser_withdraw_and_the_dashboard_and_the_feed_follow()
    {
        var named = await app.Host.AMovementWithRep();
        var other = await app.Host.AMovementWithRep();
        var call = await app.Host.ACall(named.Id, other.Id);
        var endorser = await app.Host.AMovementWithRep("BR");
        Assert.Equal(201, (await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = endorser.Id }, endorser.Rep)).Status);
        await using var live = await LiveClient.Connect(app.Host);
        await live.Join($"mobilisation:{call}");

        var forbidden = await app.Host.Delete($"/api/mobilisations/{call}/endorsements/{named.Id}", other.Rep);
        Assert.Equal(403, forbidden.Status);
        Assert.Contains("representative", forbidden.Get<string>("detail"));
        Assert.Equal(401, (await app.Host.Delete($"/api/mobilisations/{call}/endorsements/{named.Id}")).Status);

        var convenerLeaves = await app.Host.Delete($"/api/mobilisations/{call}/endorsements/{named.Id}", named.Rep);
        Assert.Equal(200, convenerLeaves.Status);
        Assert.Equal(2, convenerLeaves.Get<int>("endorsements"));
        var endorserLeaves = await app.Host.Delete($"/api/mobilisations/{call}/endorsements/{endorser.Id}", await app.Host.Organiser());
        Assert.Equal(200, endorserLeaves.Status);
        Assert.Equal(1, endorserLeaves.Get<int>("endorsements"));
        Assert.Equal(404, (await app.Host.Delete($"/api/mobilisations/{call}/endorsements/{endorser.Id}", endorser.Rep)).Status);

        var view = await app.Host.Get($"/api/mobilisations/{call}");
        Assert.Equal([other.Id.ToString()], view.Body!["convenedBy"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Empty(view.Body!["endorsedBy"]!.AsArray());
        Assert.Equal(1, (await app.Host.Get($"/api/mobilisations/{call}/dashboard")).Get<int>("endorsements"));
        var pushed = await live.WaitFor(u => u.Kind == "MobilisationEndorsementWithdrawn" && u.Data.GetProperty("movementId").GetGuid() == endorser.Id);
        Assert.Equal(call, pushed.StreamId);

        // Withdrawing is not final: the movement may endorse again.
        Assert.Equal(201, (await app.Host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = named.Id }, named.Rep)).Status);
    }
}

/// <summary>Issue 15, item 4: no secret stays in the idempotency records.</summary>
[Collection(AppCollection.Name)]
public class Exposure_secrets_in_idempotency_records(AppFixture app)
{
    private async Task<string> StoredRecords()
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var all = new Npgsql.NpgsqlCommand("select coalesce(string_agg(r::text, E'\\n'), '') from alba.wolverine_deduplicated_responses r",
            connection);
        return (string)(await all.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Opening a vote takes no key at all (IdempotencyExempt): its answer holds the tellers' key shares, shown once, which a
    /// stored answer would keep; a repeat under the same key is not replayed but refused as a second opening.
    /// </summary>
    [Fact]
    public async Task a_votes_opening_under_a_key_leaves_no_record_of_its_tellers_shares_and_a_repeat_is_a_conflict()
    {
        var assembly = await app.Host.AnAssembly();
        var motionId = await app.Host.AMotion(await app.Host.AnOpenSession(assembly));
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = new { secret = true, majority = "simple", quorum = 0, tellers = 1 };

        var first = await app.Host.Post($"/api/motions/{motionId}/vote", body, organiser, key);
        var repeat = await app.Host.Post($"/api/motions/{motionId}/vote", body, organiser, key);

        Assert.Equal(200, first.Status);
        var share = first.Body!["tellerShares"]![0]!["share"]!.GetValue<string>();
        Assert.DoesNotContain(share, await StoredRecords());
        Assert.Equal(409, repeat.Status);
    }

    [Fact]
    public async Task a_credential_code_is_answered_once_and_replayed_without_it()
    {
        var registered = await app.Host.ARegisteredDelegate(await app.Host.AnAssembly());
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = new { decision = "accredit" };

        var first = await app.Host.Post($"/api/delegates/{registered.Id}/accreditation", body, organiser, key);
        var replay = await app.Host.Post($"/api/delegates/{registered.Id}/accreditation", body, organiser, key);

        Assert.Equal(200, first.Status);
        var code = first.Get<string>("credentialCode");
        Assert.False(string.IsNullOrEmpty(code));
        Assert.DoesNotContain(code, await StoredRecords());
        Assert.Equal(200, replay.Status);
        Assert.Null(replay.Body!["credentialCode"]);
        Assert.Contains("only once", replay.Body!["withheld"]!["credentialCode"]!.GetValue<string>());
        Assert.Equal(first.Get<string>("status"), replay.Get<string>("status"));
    }

    [Fact]
    public async Task an_invitation_code_is_answered_once_and_replayed_without_it()
    {
        var movement = await app.Host.AMovement();
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = new { fullName = "Berta Cáceres", email = Scenarios.UniqueEmail("rep") };

        var first = await app.Host.Post($"/api/movements/{movement}/representatives", body, organiser, key);
        var replay = await app.Host.Post($"/api/movements/{movement}/representatives", body, organiser, key);

        Assert.Equal(201, first.Status);
        var code = first.Get<string>("invitationCode");
        Assert.DoesNotContain(code, await StoredRecords());
        Assert.Equal(201, replay.Status);
        Assert.Equal(first.Location, replay.Location);
        Assert.Null(replay.Body!["invitationCode"]);
        Assert.Contains("only once", replay.Body!["withheld"]!["invitationCode"]!.GetValue<string>());
        Assert.Equal(first.Get<string>("representativeId"), replay.Get<string>("representativeId"));
    }
}

/// <summary>Issue 15, item 9: the public reads the published record, not the drafting trail (SPEC §4).</summary>
[Collection(AppCollection.Name)]
public class Exposure_statement_history(AppFixture app)
{
    [Fact]
    public async Task a_movement_that_withdrew_is_not_exposed_to_the_public()
    {
        var initiator = await app.Host.AParty();
        var steadfast = await app.Host.AParty();
        var pressured = await app.Host.AParty();
        var outsider = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(201, (await app.Host.Sign(id, pressured, 1)).Status);
        var signedBeforeWithdrawal = DateTimeOffset.UtcNow;
        Assert.Equal(200, (await app.Host.Delete($"/api/statements/{id}/signatures/{pressured.MovementId}", pressured.Rep)).Status);
        Assert.Equal(201, (await app.Host.Sign(id, steadfast, 1)).Status);
        Assert.Equal(201, (await app.Host.Revise(id, initiator.Rep, 1, "Texto definitivo.")).Status);
        Assert.Equal(201, (await app.Host.Sign(id, initiator, 2)).Status);
        Assert.Equal(200, (await app.Host.Publish(id, initiator.Rep)).Status);
        var asOf = $"?asOf={Uri.EscapeDataString(signedBeforeWithdrawal.ToString("O"))}";

        var record = await app.Host.Get($"/api/statements/{id}");
        Assert.Equal(200, record.Status);
        Assert.Equal("Texto definitivo.", record.Get<string>("body"));
        Assert.Equal([initiator.MovementId], record.Body!.MovementIds("signatories"));
        Assert.Equal([initiator.MovementId], record.Body!.MovementIds("signatures"));
        Assert.Empty(record.Body!["revisions"]!.AsArray());
        Assert.DoesNotContain(pressured.MovementId.ToString(), record.Body!.ToJsonString());
        Assert.DoesNotContain(steadfast.MovementId.ToString(), record.Body!.ToJsonString());
        var csv = await (await app.Host.Get($"/api/statements/{id}/signatories.csv")).Response.Content.ReadAsStringAsync();
        Assert.Equal(3, csv.Split("\r\n").Length); // header, the one signatory, the final line break

        var history = await app.Host.Get($"/api/statements/{id}/history");
        Assert.Equal(401, history.Status);
        Assert.Contains("involved", history.Get<string>("detail"));
        Assert.Equal(401, (await app.Host.Get($"/api/statements/{id}{asOf}")).Status);
        Assert.Equal(403, (await app.Host.Get($"/api/statements/{id}/history", outsider.Rep)).Status);
        Assert.Equal(403, (await app.Host.Get($"/api/statements/{id}{asOf}", outsider.Rep)).Status);
        Assert.DoesNotContain(steadfast.MovementId.ToString(), (await app.Host.Get($"/api/statements/{id}", outsider.Rep)).Body!.ToJsonString());

        // The movements involved and organisers keep the whole record.
        Assert.Equal(200, (await app.Host.Get($"/api/statements/{id}/history", initiator.Rep)).Status);
        var then = await app.Host.Statement(id, await app.Host.Organiser(), asOf);
        Assert.Contains(pressured.MovementId, then.MovementIds("signatures"));
        Assert.Contains(steadfast.MovementId, (await app.Host.Statement(id, initiator.Rep)).MovementIds("signatures"));
    }
}

/// <summary>Issue 15, item 8: public groups carry what public GETs show; private groups are joined like the GETs.</summary>
[Collection(AppCollection.Name)]
public class Exposure_live_groups(AppFixture app)
{
    [Fact]
    public async Task a_delegates_own_movement_follows_its_delegations_registrations_and_others_cannot()
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovementWithRep();
        var other = await app.Host.AMovementWithRep();
        await using var own = await LiveClient.Connect(app.Host, movement.Rep.Token);
        await own.Join($"movement:{movement.Id}");
        await using var outsider = await LiveClient.Connect(app.Host, other.Rep.Token);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => outsider.Join($"registrations:{assembly}"));
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => outsider.Join($"movement:{movement.Id}"));
        await using var anonymous = await LiveClient.Connect(app.Host);
        var refusal = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => anonymous.Join($"registrations:{assembly}"));
        Assert.Contains("access token", refusal.Message);

        var delegateId = (await app.Host.AnAccreditedDelegate(assembly, movement.Id)).Id;

        var accredited = await own.WaitFor(u => u.Kind == "DelegateAccredited" && u.StreamId == delegateId);
        Assert.Equal("accredited", accredited.Data.GetProperty("status").GetString());
        Assert.Equal($"movement:{movement.Id}", accredited.Group);
    }

    [Fact]
    public async Task a_draft_cannot_be_followed_by_those_who_cannot_read_it()
    {
        var initiator = await app.Host.AParty();
        var outsider = await app.Host.AParty();
        var draft = await app.Host.ADraft(initiator);
        await using var anonymous = await LiveClient.Connect(app.Host);
        await using var stranger = await LiveClient.Connect(app.Host, outsider.Rep.Token);
        await using var author = await LiveClient.Connect(app.Host, initiator.Rep.Token);

        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => anonymous.Join($"statement:{draft}"));
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => stranger.Join($"statement:{draft}"));
        await author.Join($"statement:{draft}");
        Assert.Equal(201, (await app.Host.Revise(draft, initiator.Rep, 1, "Nuevo texto.")).Status);
        await author.WaitFor(u => u.Kind == "StatementRevised" && u.StreamId == draft);
        Assert.DoesNotContain(anonymous.Received, u => u.StreamId == draft);
        Assert.DoesNotContain(stranger.Received, u => u.StreamId == draft);
    }

    [Fact]
    public async Task a_connection_follows_a_bounded_number_of_groups()
    {
        await using var client = await LiveClient.Connect(app.Host);
        var groups = Enumerable.Range(0, LiveGroupAccess.GroupsPerConnection).Select(_ => $"mobilisation:{Guid.CreateVersion7()}").ToList();
        foreach (var group in groups) await client.Join(group);
        await client.Join(groups[0]); // again: not one more
        var refusal = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => client.Join($"session:{Guid.CreateVersion7()}"));
        Assert.Contains("at most", refusal.Message);
        await client.Leave(groups[0]);
        await client.Join($"session:{Guid.CreateVersion7()}");
    }

    [Fact]
    public void new_connections_per_address_are_limited()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [LiveGroupAccess.ConnectionsPerMinuteSetting] = "2" }).Build();
        using var access = new LiveGroupAccess(app.Host.Store(), configuration,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LiveGroupAccess>.Instance);
        var context = new FromAddress(System.Net.IPAddress.Parse("203.0.113.7"));
        access.AdmitConnection(context);
        access.AdmitConnection(context);
        var refusal = Assert.Throws<Microsoft.AspNetCore.SignalR.HubException>(() => access.AdmitConnection(context));
        Assert.Contains("Too many", refusal.Message);
        access.AdmitConnection(new FromAddress(System.Net.IPAddress.Parse("203.0.113.8")));
    }

    /// <summary>A hub caller reached over HTTP from one address.</summary>
    private sealed class FromAddress : Microsoft.AspNetCore.SignalR.HubCallerContext
    {
        private readonly Microsoft.AspNetCore.Http.Features.FeatureCollection _features = new();

        public FromAddress(System.Net.IPAddress address)
        {
            var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            http.Connection.RemoteIpAddress = address;
            _features.Set<Microsoft.AspNetCore.Http.Connections.Features.IHttpContextFeature>(new HttpContextFeature(http));
        }

        private sealed class HttpContextFeature(Microsoft.AspNetCore.Http.HttpContext context) : Microsoft.AspNetCore.Http.Connections.Features.IHttpContextFeature
        {
            public Microsoft.AspNetCore.Http.HttpContext? HttpContext { get; set; } = context;
        }

        public override string ConnectionId => "test";
        public override string? UserIdentifier => null;
        public override System.Security.Claims.ClaimsPrincipal? User => null;
        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();
        public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features => _features;
        public override CancellationToken ConnectionAborted => CancellationToken.None;
        public override void Abort() { }
    }
}
