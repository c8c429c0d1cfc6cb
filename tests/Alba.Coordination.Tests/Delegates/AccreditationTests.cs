using Alba.Coordination.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class accrediting_a_delegate(AppFixture app)
{
    [Fact]
    public async Task accreditation_issues_a_credential_code_once_that_signs_the_delegate_in()
    {
        var assembly = await app.Host.AnAssembly();
        var registered = await app.Host.ARegisteredDelegate(assembly);

        var answer = await app.Host.Decide(registered.Id, "accredit");
        Assert.Equal(200, answer.Status);
        Assert.Equal("accredited", answer.Get<string>("status"));
        Assert.True(answer.Get<bool>("changed"));
        var code = answer.Get<string>("credentialCode");
        Assert.Equal(20, code.Length);
        Assert.Equal($"/api/delegates/{registered.Id}/badge", answer.Get<string>("badgeUrl"));

        var login = await app.Host.CredentialLogin(code);
        Assert.Equal(200, login.Status);
        Assert.Equal("delegate", login.Get<string>("role"));
        Assert.Equal(registered.Id.ToString(), login.Get<string>("delegateId"));
        Assert.Equal(registered.MovementId.ToString(), login.Get<string>("movementId"));

        var again = await app.Host.Decide(registered.Id, "accredit");
        Assert.Equal(200, again.Status);
        Assert.False(again.Get<bool>("changed"));
        Assert.Null(again.Body!["credentialCode"]);
        Assert.Equal(["DelegateRegistered", "DelegateAccredited"], await app.Host.EventTypes(registered.Id));
    }

    [Fact]
    public async Task the_event_stores_only_the_hash_of_the_code()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        await using var session = app.Host.Store().QuerySession();
        var events = await session.Events.FetchStreamAsync(accredited.Id);
        var stored = System.Text.Json.JsonSerializer.Serialize(events.Select(e => e.Data).ToList());
        Assert.DoesNotContain(accredited.CredentialCode, stored);
        Assert.Contains(Infrastructure.Auth.Secrets.Hash(accredited.CredentialCode), stored);
    }

    [Fact]
    public async Task a_different_decision_afterwards_is_a_conflict_and_a_repeated_rejection_changes_nothing()
    {
        var assembly = await app.Host.AnAssembly();
        var accredited = await app.Host.AnAccreditedDelegate(assembly);
        var reversal = await app.Host.Decide(accredited.Id, "reject", "Changed our mind");
        Assert.Equal(409, reversal.Status);
        Assert.Equal("application/problem+json", reversal.ContentType);

        var registered = await app.Host.ARegisteredDelegate(assembly);
        var rejected = await app.Host.Decide(registered.Id, "reject", "Not a member");
        Assert.Equal(200, rejected.Status);
        Assert.Equal("rejected", rejected.Get<string>("status"));
        Assert.Null(rejected.Body!["credentialCode"]);
        Assert.Equal(200, (await app.Host.Decide(registered.Id, "reject")).Status);
        Assert.Equal(409, (await app.Host.Decide(registered.Id, "accredit")).Status);
        Assert.Equal(["DelegateRegistered", "DelegateRejected"], await app.Host.EventTypes(registered.Id));
    }

    [Fact]
    public async Task racing_accreditations_of_one_delegate_issue_one_credential()
    {
        var registered = await app.Host.ARegisteredDelegate(await app.Host.AnAssembly());
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Host.Decide(registered.Id, "accredit")));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Single(answers, a => a.Body!["credentialCode"] is not null);
        Assert.Equal(["DelegateRegistered", "DelegateAccredited"], await app.Host.EventTypes(registered.Id));
    }

    [Fact]
    public async Task only_organisers_decide_and_the_decision_must_be_known()
    {
        var assembly = await app.Host.AnAssembly();
        var registered = await app.Host.ARegisteredDelegate(assembly);
        var rep = await app.Host.ARepresentativeOf(registered.MovementId);
        Assert.Equal(403, (await app.Host.Post($"/api/delegates/{registered.Id}/accreditation", new { decision = "accredit" }, rep)).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/delegates/{registered.Id}/accreditation", new { decision = "accredit" })).Status);
        var unknown = await app.Host.Decide(registered.Id, "maybe");
        Assert.Equal(400, unknown.Status);
        Assert.NotNull(unknown.Body!["errors"]!["decision"]);
        Assert.Equal(404, (await app.Host.Decide(Guid.CreateVersion7(), "accredit")).Status);
    }
}

[Collection(AppCollection.Name)]
public class reissuing_a_credential(AppFixture app)
{
    [Fact]
    public async Task the_new_code_signs_in_and_the_old_one_no_longer_does()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var answer = await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, await app.Host.Organiser());
        Assert.Equal(200, answer.Status);
        var fresh = answer.Get<string>("credentialCode");
        Assert.NotEqual(accredited.CredentialCode, fresh);
        Assert.Equal($"/api/delegates/{accredited.Id}/badge", answer.Get<string>("badgeUrl"));

        Assert.Equal(401, (await app.Host.CredentialLogin(accredited.CredentialCode)).Status);
        Assert.Equal(200, (await app.Host.CredentialLogin(fresh)).Status);
    }

    [Fact]
    public async Task the_credentials_rebuild_from_events_to_the_same_state()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var fresh = (await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, await app.Host.Organiser())).Get<string>("credentialCode");

        using (var daemon = await app.Host.Store().BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<DelegateCredentialProjection>(CancellationToken.None);

        Assert.Equal(401, (await app.Host.CredentialLogin(accredited.CredentialCode)).Status);
        Assert.Equal(200, (await app.Host.CredentialLogin(fresh)).Status);
    }

    [Fact]
    public async Task only_an_accredited_delegate_gets_one_and_only_from_an_organiser()
    {
        var assembly = await app.Host.AnAssembly();
        var registered = await app.Host.ARegisteredDelegate(assembly);
        Assert.Equal(409, (await app.Host.Post($"/api/delegates/{registered.Id}/credential", null, await app.Host.Organiser())).Status);
        var accredited = await app.Host.AnAccreditedDelegate(assembly);
        var rep = await app.Host.ARepresentativeOf(accredited.MovementId);
        Assert.Equal(403, (await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, rep)).Status);
    }
}

[Collection(AppCollection.Name)]
public class revoking_a_delegate(AppFixture app)
{
    [Fact]
    public async Task voting_rights_and_the_credential_end_at_once()
    {
        var organiser = await app.Host.Organiser();
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        Assert.Equal(200, (await app.Host.CheckIn(accredited.Id, DateTimeOffset.UtcNow.AddMinutes(-5))).Status);
        Assert.True((await app.Host.Get($"/api/delegates/{accredited.Id}", organiser)).Get<bool>("mayVote"));

        var revoked = await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "Credential lent to someone else" }, organiser);
        Assert.Equal(200, revoked.Status);
        Assert.Equal("revoked", revoked.Get<string>("status"));

        var details = await app.Host.Get($"/api/delegates/{accredited.Id}", organiser);
        Assert.False(details.Get<bool>("mayVote"));
        Assert.Equal("Credential lent to someone else", details.Get<string>("revocationReason"));
        Assert.Equal(401, (await app.Host.CredentialLogin(accredited.CredentialCode)).Status);

        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "again" }, organiser)).Status);
        Assert.Equal(409, (await app.Host.Decide(accredited.Id, "accredit")).Status);
        Assert.Equal(409, (await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, organiser)).Status);
        Assert.Equal(1, (await app.Host.EventTypes(accredited.Id)).Count(t => t == "DelegateRevoked"));
    }

    [Fact]
    public async Task only_an_accredited_delegate_can_be_revoked_with_a_reason_by_an_organiser()
    {
        var organiser = await app.Host.Organiser();
        var assembly = await app.Host.AnAssembly();
        var registered = await app.Host.ARegisteredDelegate(assembly);
        Assert.Equal(409, (await app.Host.Post($"/api/delegates/{registered.Id}/revocation", new { reason = "x" }, organiser)).Status);
        var accredited = await app.Host.AnAccreditedDelegate(assembly);
        var noReason = await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "" }, organiser);
        Assert.Equal(400, noReason.Status);
        Assert.NotNull(noReason.Body!["errors"]!["reason"]);
        var rep = await app.Host.ARepresentativeOf(accredited.MovementId);
        Assert.Equal(403, (await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "x" }, rep)).Status);
    }
}

[Collection(AppCollection.Name)]
public class withdrawing_a_delegate(AppFixture app)
{
    [Fact]
    public async Task the_delegate_itself_withdraws_and_its_credential_stops_working()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var self = await app.Host.SignInAsDelegate(accredited);
        var answer = await app.Host.Post($"/api/delegates/{accredited.Id}/withdrawal", null, self);
        Assert.Equal(200, answer.Status);
        Assert.Equal("withdrawn", answer.Get<string>("status"));
        Assert.Equal(401, (await app.Host.CredentialLogin(accredited.CredentialCode)).Status);
        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/withdrawal", null, await app.Host.Organiser())).Status);
        Assert.Equal(1, (await app.Host.EventTypes(accredited.Id)).Count(t => t == "DelegateWithdrawn"));
    }

    [Fact]
    public async Task its_representative_may_withdraw_it_but_no_other_movement_or_delegate()
    {
        var assembly = await app.Host.AnAssembly();
        var registered = await app.Host.ARegisteredDelegate(assembly);
        var otherRep = await app.Host.ARepresentativeOf(await app.Host.AMovement());
        var otherDelegate = await app.Host.SignInAsDelegate(await app.Host.AnAccreditedDelegate(assembly));
        Assert.Equal(403, (await app.Host.Post($"/api/delegates/{registered.Id}/withdrawal", null, otherRep)).Status);
        Assert.Equal(403, (await app.Host.Post($"/api/delegates/{registered.Id}/withdrawal", null, otherDelegate)).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/delegates/{registered.Id}/withdrawal", null)).Status);

        var rep = await app.Host.ARepresentativeOf(registered.MovementId);
        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{registered.Id}/withdrawal", null, rep)).Status);
        Assert.Equal("withdrawn", await app.Host.Status(registered.Id));
    }

    [Fact]
    public async Task a_rejected_registration_cannot_be_withdrawn()
    {
        var registered = await app.Host.ARegisteredDelegate(await app.Host.AnAssembly());
        await app.Host.Decide(registered.Id, "reject");
        Assert.Equal(409, (await app.Host.Post($"/api/delegates/{registered.Id}/withdrawal", null, await app.Host.Organiser())).Status);
    }
}
