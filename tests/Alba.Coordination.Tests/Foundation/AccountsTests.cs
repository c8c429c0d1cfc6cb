using Alba.Coordination.Accounts;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Foundation;

[Collection(AppCollection.Name)]
public class signing_in(AppFixture app)
{
    [Fact]
    public async Task the_first_organiser_from_the_environment_signs_in()
    {
        var answer = await app.Host.Post("/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword });
        Assert.Equal(200, answer.Status);
        Assert.Equal("organiser", answer.Get<string>("role"));
        Assert.False(string.IsNullOrEmpty(answer.Get<string>("accessToken")));
        Assert.True(DateTimeOffset.Parse(answer.Get<string>("expiresAt")) > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task a_wrong_password_is_401_problem()
    {
        var answer = await app.Host.Post("/api/auth/login", new { email = AppFixture.OrganiserEmail.ToUpperInvariant(), password = "wrong-password" });
        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.False(string.IsNullOrEmpty(answer.Get<string>("detail")));
    }

    [Fact]
    public async Task repeated_failures_are_throttled_with_retry_after_even_for_the_right_password()
    {
        var movement = await app.Host.AMovement();
        var rep = await app.Host.ARepresentativeOf(movement);
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var account = await session.Query<Account>().SingleAsync(a => a.MovementId == movement);
        var email = (await AccountPeople.Read(session, app.Host.Services.GetRequiredService<PersonalVault>(), account)).Email;

        for (var i = 0; i < 3; i++)
            Assert.Equal(401, (await app.Host.Post("/api/auth/login", new { email, password = $"guess-{i}" })).Status);

        var throttled = await app.Host.Post("/api/auth/login", new { email, password = "representative-pass" });
        Assert.Equal(429, throttled.Status);
        Assert.Equal("application/problem+json", throttled.ContentType);
        Assert.True(int.Parse(throttled.Response.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("representative", rep.Role);
    }

    [Fact]
    public async Task missing_fields_are_400_with_field_errors()
    {
        var answer = await app.Host.Post("/api/auth/login", new { email = "" });
        Assert.Equal(400, answer.Status);
        Assert.NotNull(answer.Body!["errors"]!["email"]);
        Assert.NotNull(answer.Body!["errors"]!["password"]);
    }
}

[Collection(AppCollection.Name)]
public class accepting_invitations(AppFixture app)
{
    private async Task<(string Code, string Email)> Invite(Guid movementId)
    {
        var email = Scenarios.UniqueEmail("rep");
        var answer = await app.Host.Post($"/api/movements/{movementId}/representatives",
            new { fullName = "Ana Pérez", email }, await app.Host.Organiser());
        Assert.Equal(201, answer.Status);
        Assert.Equal($"/api/movements/{movementId}", answer.Location);
        return (answer.Get<string>("invitationCode"), email);
    }

    [Fact]
    public async Task an_invitation_is_accepted_once_and_the_representative_signs_in_for_its_movement()
    {
        var movement = await app.Host.AMovement();
        var (code, email) = await Invite(movement);

        Assert.Equal(401, (await app.Host.Post("/api/auth/login", new { email, password = "chosen-password" })).Status);
        var accepted = await app.Host.Post($"/api/auth/invitations/{code}/acceptance", new { password = "chosen-password" });
        Assert.Equal(200, accepted.Status);

        var rep = await app.Host.Login(email, "chosen-password");
        Assert.Equal("representative", rep.Role);
        Assert.Equal(movement, rep.MovementId);

        var reuse = await app.Host.Post($"/api/auth/invitations/{code}/acceptance", new { password = "another-password" });
        Assert.Equal(409, reuse.Status);
        Assert.Equal(401, (await app.Host.Post("/api/auth/login", new { email, password = "another-password" })).Status);
    }

    [Fact]
    public async Task concurrent_acceptances_of_one_invitation_let_exactly_one_through()
    {
        var (code, _) = await Invite(await app.Host.AMovement());
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            app.Host.Post($"/api/auth/invitations/{code}/acceptance", new { password = $"password-number-{i}" })));
        Assert.Equal(1, answers.Count(a => a.Status == 200));
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal(409, a.Status));
    }

    [Fact]
    public async Task an_expired_invitation_is_refused()
    {
        var movement = await app.Host.AMovement();
        var (code, _) = await Invite(movement);
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            var invitation = await session.LoadAsync<Invitation>(Secrets.Hash(code));
            invitation!.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            session.Store(invitation);
            await session.SaveChangesAsync();
        }
        var answer = await app.Host.Post($"/api/auth/invitations/{code}/acceptance", new { password = "chosen-password" });
        Assert.Equal(410, answer.Status);
        Assert.Contains("expired", answer.Get<string>("detail"));
    }

    [Fact]
    public async Task an_unknown_code_is_404_and_a_short_password_is_400()
    {
        Assert.Equal(404, (await app.Host.Post("/api/auth/invitations/NOSUCHCODE/acceptance", new { password = "chosen-password" })).Status);
        var (code, _) = await Invite(await app.Host.AMovement());
        var weak = await app.Host.Post($"/api/auth/invitations/{code}/acceptance", new { password = "short" });
        Assert.Equal(400, weak.Status);
        Assert.NotNull(weak.Body!["errors"]!["password"]);
    }

    [Fact]
    public async Task only_organisers_appoint_representatives_and_emails_are_unique()
    {
        var movement = await app.Host.AMovement();
        var rep = await app.Host.ARepresentativeOf(movement);
        var email = Scenarios.UniqueEmail();
        Assert.Equal(403, (await app.Host.Post($"/api/movements/{movement}/representatives", new { fullName = "X Y", email }, rep)).Status);
        Assert.Equal(401, (await app.Host.Post($"/api/movements/{movement}/representatives", new { fullName = "X Y", email })).Status);
        Assert.Equal(404, (await app.Host.Post($"/api/movements/{Guid.CreateVersion7()}/representatives", new { fullName = "X Y", email }, await app.Host.Organiser())).Status);
        Assert.Equal(201, (await app.Host.Post($"/api/movements/{movement}/representatives", new { fullName = "X Y", email }, await app.Host.Organiser())).Status);
        Assert.Equal(409, (await app.Host.Post($"/api/movements/{movement}/representatives", new { fullName = "X Y", email }, await app.Host.Organiser())).Status);
    }
}

[Collection(AppCollection.Name)]
public class delegate_credential_login(AppFixture app)
{
    [Fact]
    public async Task a_valid_credential_gives_a_delegate_token_and_an_invalidated_one_does_not()
    {
        var code = Secrets.NewCode();
        var delegateId = Guid.CreateVersion7();
        var movementId = Guid.CreateVersion7();
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Store(new DelegateCredential
            {
                Id = Secrets.Hash(code), DelegateId = delegateId, MovementId = movementId, AssemblyId = Guid.CreateVersion7(),
                IssuedAt = DateTimeOffset.UtcNow,
            });
            await session.SaveChangesAsync();
        }

        var answer = await app.Host.Post("/api/auth/credential-login", new { credentialCode = code });
        Assert.Equal(200, answer.Status);
        Assert.Equal("delegate", answer.Get<string>("role"));
        Assert.Equal(delegateId, answer.Id("delegateId"));

        await using (var session = store.LightweightSession())
        {
            var credential = await session.LoadAsync<DelegateCredential>(Secrets.Hash(code));
            credential!.InvalidatedAt = DateTimeOffset.UtcNow;
            session.Store(credential);
            await session.SaveChangesAsync();
        }
        Assert.Equal(401, (await app.Host.Post("/api/auth/credential-login", new { credentialCode = code })).Status);
        Assert.Equal(400, (await app.Host.Post("/api/auth/credential-login", new { credentialCode = "" })).Status);
    }
}
