using Alba.Coordination.Accounts;
using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Security;

[Collection(AppCollection.Name)]
public class Access_when_a_credential_is_reissued(AppFixture app)
{
    [Fact]
    public async Task the_stolen_badge_stops_voting_at_once_and_the_real_delegate_votes()
    {
        var assemblyId = await app.Host.AnAssembly();
        var accredited = await app.Host.AnAccreditedDelegate(assemblyId);
        Assert.Equal(200, (await app.Host.CheckIn(accredited.Id, DateTimeOffset.UtcNow.AddMinutes(-1))).Status);
        var stolen = await app.Host.SignInAsDelegate(accredited);

        var reissued = await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, await app.Host.Organiser());
        Assert.Equal(200, reissued.Status);
        var real = await app.Host.SignInAsDelegate(accredited with { CredentialCode = reissued.Get<string>("credentialCode") });

        var motionId = await app.Host.AMotionUnderVote(assemblyId, secret: true);
        var refused = await app.Host.Vote(motionId, stolen, "no");
        Assert.Equal(401, refused.Status);
        Assert.Contains("sign in again", refused.Get<string>("detail"));
        Assert.Equal(200, (await app.Host.Vote(motionId, real, "yes")).Status);
        Assert.Equal(401, (await app.Host.CredentialLogin(accredited.CredentialCode)).Status);
    }
}

[Collection(AppCollection.Name)]
public class Access_when_a_delegate_is_revoked_or_withdraws(AppFixture app)
{
    [Fact]
    public async Task revocation_ends_every_token_of_the_delegate_at_once()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var first = await app.Host.SignInAsDelegate(accredited);
        var second = await app.Host.SignInAsDelegate(accredited);
        Assert.Equal(200, (await app.Host.Get($"/api/delegates/{accredited.Id}", first)).Status);

        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "Badge lent" }, await app.Host.Organiser())).Status);

        foreach (var token in new[] { first, second })
            Assert.Equal(401, (await app.Host.Get($"/api/delegates/{accredited.Id}", token)).Status);
    }

    [Fact]
    public async Task a_delegate_that_withdraws_ends_its_own_tokens()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var caller = await app.Host.SignInAsDelegate(accredited);

        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/withdrawal", null, caller)).Status);

        Assert.Equal(401, (await app.Host.Get($"/api/delegates/{accredited.Id}", caller)).Status);
    }
}

[Collection(AppCollection.Name)]
public class Access_when_a_representative_is_withdrawn(AppFixture app)
{
    private static string Withdrawal(AppointedRepresentative rep) => $"/api/movements/{rep.MovementId}/representatives/{rep.AccountId}/withdrawal";

    [Fact]
    public async Task its_tokens_stop_it_cannot_sign_in_and_the_movement_no_longer_lists_it()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var assemblyId = await app.Host.AnAssembly();
        var delegates = $"/api/assemblies/{assemblyId}/delegates?movementId={rep.MovementId}";
        Assert.Equal(200, (await app.Host.Get(delegates, rep.Caller)).Status);

        var withdrawn = await app.Host.Post(Withdrawal(rep), null, await app.Host.Organiser());
        Assert.Equal(200, withdrawn.Status);
        Assert.True(withdrawn.Get<bool>("changed"));

        Assert.Equal(401, (await app.Host.Get(delegates, rep.Caller)).Status);
        Assert.Equal(401, (await app.Host.Post("/api/auth/login", new { email = rep.Email, password = rep.Password })).Status);
        Assert.Equal(0, (await app.Host.Get($"/api/movements/{rep.MovementId}")).Get<int>("representatives"));
        Assert.Equal(["MovementRegistered", "RepresentativeAppointed", "RepresentativeWithdrawn"], await app.Host.EventTypes(rep.MovementId));

        var again = await app.Host.Post(Withdrawal(rep), null, await app.Host.Organiser());
        Assert.Equal(200, again.Status);
        Assert.False(again.Get<bool>("changed"));
        Assert.Equal(3, (await app.Host.EventTypes(rep.MovementId)).Count);
    }

    [Fact]
    public async Task only_an_organiser_withdraws_and_only_a_representative_of_that_movement()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var colleague = await app.Host.AnAppointedRepresentative(rep.MovementId);
        var other = await app.Host.AnAppointedRepresentative();

        var byRepresentative = await app.Host.Post(Withdrawal(rep), null, colleague.Caller);
        Assert.Equal(403, byRepresentative.Status);
        Assert.Contains("organisers", byRepresentative.Get<string>("detail"));
        Assert.Equal(401, (await app.Host.Post(Withdrawal(rep), null)).Status);
        var wrongMovement = await app.Host.Post($"/api/movements/{rep.MovementId}/representatives/{other.AccountId}/withdrawal", null,
            await app.Host.Organiser());
        Assert.Equal(404, wrongMovement.Status);

        Assert.Equal(200, (await app.Host.Get($"/api/assemblies/{await app.Host.AnAssembly()}/delegates?movementId={other.MovementId}",
            other.Caller)).Status);
    }
}

[Collection(AppCollection.Name)]
public class Access_when_an_account_is_deactivated(AppFixture app)
{
    [Fact]
    public async Task its_tokens_stop_at_once_and_its_pending_invitation_is_gone()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var invited = await app.Host.Post($"/api/movements/{rep.MovementId}/representatives",
            new { fullName = "Marielle Franco", email = Scenarios.UniqueEmail("rep") }, await app.Host.Organiser());

        var deactivated = await app.Host.Post($"/api/accounts/{rep.AccountId}/deactivation", null, await app.Host.Organiser());
        Assert.Equal(200, deactivated.Status);
        Assert.True(deactivated.Get<bool>("changed"));
        Assert.Equal(401, (await app.Host.Get($"/api/assemblies/{await app.Host.AnAssembly()}/delegates?movementId={rep.MovementId}", rep.Caller)).Status);
        Assert.Equal(401, (await app.Host.Post("/api/auth/login", new { email = rep.Email, password = rep.Password })).Status);
        Assert.False((await app.Host.Post($"/api/accounts/{rep.AccountId}/deactivation", null, await app.Host.Organiser())).Get<bool>("changed"));

        Assert.Equal(200, (await app.Host.Post($"/api/accounts/{invited.Id("representativeId")}/deactivation", null, await app.Host.Organiser())).Status);
        Assert.Equal(410, (await app.Host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance",
            new { password = AccessScenarios.RepresentativePassword })).Status);
    }

    [Fact]
    public async Task only_organisers_deactivate_never_their_own_account_and_unknown_ids_are_404()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var organiser = await app.Host.Organiser();
        await using var session = app.Host.Store().QuerySession();
        var vault = app.Host.Services.GetRequiredService<PersonalVault>();
        var organiserId = (await AccountPeople.WithEmail(session, vault, AppFixture.OrganiserEmail))!.Id;

        Assert.Equal(403, (await app.Host.Post($"/api/accounts/{organiserId}/deactivation", null, rep.Caller)).Status);
        var own = await app.Host.Post($"/api/accounts/{organiserId}/deactivation", null, organiser);
        Assert.Equal(409, own.Status);
        Assert.Equal(404, (await app.Host.Post($"/api/accounts/{Guid.CreateVersion7()}/deactivation", null, organiser)).Status);
        Assert.Equal(200, (await app.Host.Get($"/api/movements/{rep.MovementId}", organiser)).Status);
    }
}

[Collection(AppCollection.Name)]
public class Access_refusals_say_what_is_missing(AppFixture app)
{
    [Fact]
    public async Task no_token_a_broken_token_and_the_wrong_role_each_get_a_problem_with_a_detail()
    {
        var url = $"/api/assemblies/{Guid.CreateVersion7()}/registration/opening";

        var anonymous = await app.Host.Post(url, null);
        Assert.Equal((401, "application/problem+json"), (anonymous.Status, anonymous.ContentType));
        Assert.Contains("needs an access token", anonymous.Get<string>("detail"));
        Assert.Equal("Bearer", anonymous.Response.Headers.WwwAuthenticate.Single().Scheme);

        var forged = await app.Host.Post(url, null, new Caller("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", Guid.Empty, "organiser"));
        Assert.Equal(401, forged.Status);
        Assert.Contains("not valid", forged.Get<string>("detail"));

        var rep = await app.Host.AnAppointedRepresentative();
        var forbidden = await app.Host.Post(url, null, rep.Caller);
        Assert.Equal((403, "application/problem+json"), (forbidden.Status, forbidden.ContentType));
        Assert.Equal("This operation is for organisers only. Your access token is for a representative.", forbidden.Get<string>("detail"));
    }
}

[Collection(AppCollection.Name)]
public class Access_when_many_tokens_arrive_at_once(AppFixture app)
{
    [Fact]
    public async Task each_token_is_judged_by_its_own_subjects_stamp_though_the_stamps_are_read_together()
    {
        var assemblyId = await app.Host.AnAssembly();
        var organiser = await app.Host.Organiser();
        var requests = new List<(string Path, Caller Token, int Expected)>();
        for (var i = 0; i < 8; i++)
        {
            var accredited = await app.Host.AnAccreditedDelegate(assemblyId);
            var token = await app.Host.SignInAsDelegate(accredited);
            var reissued = i % 2 == 1;
            if (reissued) Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/credential", null, organiser)).Status);
            requests.Add(($"/api/delegates/{accredited.Id}", token, reissued ? 401 : 200));
        }
        var standing = await app.Host.AnAppointedRepresentative();
        var withdrawn = await app.Host.AnAppointedRepresentative();
        Assert.Equal(200, (await app.Host.Post($"/api/movements/{withdrawn.MovementId}/representatives/{withdrawn.AccountId}/withdrawal",
            null, organiser)).Status);
        requests.Add(($"/api/assemblies/{assemblyId}/delegates?movementId={standing.MovementId}", standing.Caller, 200));
        requests.Add(($"/api/assemblies/{assemblyId}/delegates?movementId={withdrawn.MovementId}", withdrawn.Caller, 401));
        // Every subject's stamp missing from the cache, so all of them are read at the same moment.
        var stamps = app.Host.Services.GetRequiredService<AccessStamps>();
        foreach (var request in requests) stamps.Forget(request.Token.Id);

        var answers = await Task.WhenAll(requests.Select(r => app.Host.Get(r.Path, r.Token)));

        Assert.Equal(requests.Select(r => r.Expected), answers.Select(a => a.Status));
    }
}
