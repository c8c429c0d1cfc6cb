using System.Diagnostics;
using System.Net;
using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;

namespace Alba.Coordination.Tests.Security;

[Collection(AppCollection.Name)]
public class Access_when_strangers_guess_a_password(AppFixture app)
{
    [Fact]
    public async Task guesses_from_other_addresses_never_lock_the_owner_out()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        for (var attacker = 0; attacker < 6; attacker++)
        {
            var address = AccessScenarios.AnAddress();
            for (var guess = 0; guess < 5; guess++) await app.Host.LoginFrom(address, rep.Email, $"guess-{attacker}-{guess}-password");
        }

        Assert.Equal(200, (await app.Host.LoginFrom(AccessScenarios.AnAddress(), rep.Email, rep.Password)).Status);
    }

    [Fact]
    public async Task one_address_guessing_waits_longer_after_each_further_failure_even_with_the_right_password()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var address = AccessScenarios.AnAddress();
        for (var guess = 0; guess < 3; guess++)
            Assert.Equal(401, (await app.Host.LoginFrom(address, rep.Email, $"guess-{guess}-password")).Status);

        var blocked = await app.Host.LoginFrom(address, rep.Email, rep.Password);
        Assert.Equal((429, "Too many failed sign-ins from here. Try again later."), (blocked.Status, blocked.Body?["detail"]?.GetValue<string>()));
        var firstWait = blocked.Response.Headers.RetryAfter!.Delta!.Value;
        await Task.Delay(firstWait + TimeSpan.FromMilliseconds(200));

        Assert.Equal(401, (await app.Host.LoginFrom(address, rep.Email, "one-more-guess-password")).Status);
        var secondWait = (await app.Host.LoginFrom(address, rep.Email, rep.Password)).Response.Headers.RetryAfter!.Delta!.Value;
        Assert.True(secondWait > firstWait, $"waited {firstWait} then {secondWait}");
    }

    [Fact]
    public async Task an_unknown_email_takes_as_long_to_refuse_as_a_known_one()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        async Task<double> MedianMilliseconds(Func<int, string> email)
        {
            var times = new List<double>();
            for (var i = 0; i < 9; i++)
            {
                var watch = Stopwatch.StartNew();
                Assert.Equal(401, (await app.Host.LoginFrom(AccessScenarios.AnAddress(), email(i), "not-the-password-at-all")).Status);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            return times.Order().ElementAt(times.Count / 2);
        }

        await MedianMilliseconds(_ => rep.Email);
        var known = await MedianMilliseconds(_ => rep.Email);
        var unknown = await MedianMilliseconds(i => Scenarios.UniqueEmail($"nobody{i}"));

        // Both pay for one password hash check; without the decoy an unknown email answered about 25 times faster.
        Assert.True(unknown > known * 0.5, $"known {known:F1} ms, unknown {unknown:F1} ms");
    }
}

[Collection(AppCollection.Name)]
public class Access_when_a_hall_signs_in_behind_one_address(AppFixture app)
{
    [Fact]
    public async Task two_hundred_and_fifty_delegates_each_mistyping_once_all_sign_in()
    {
        var venue = AccessScenarios.AnAddress();
        var assemblyId = Guid.CreateVersion7();
        var codes = Enumerable.Range(0, 250).Select(_ => Secrets.NewCode()).ToList();
        await using (var session = app.Host.Store().LightweightSession())
        {
            foreach (var code in codes)
            {
                var delegateId = Guid.CreateVersion7();
                session.Events.StartStream<DelegateState>(delegateId,
                    new DelegateRegistered(delegateId, assemblyId, Guid.CreateVersion7(), "BO", ["es"], "delegate", Guid.Empty, DateTimeOffset.UtcNow),
                    new DelegateAccredited(delegateId, assemblyId, Secrets.Hash(code), Guid.Empty, DateTimeOffset.UtcNow));
            }
            await session.SaveChangesAsync();
        }

        var statuses = new List<int>();
        foreach (var code in codes)
        {
            var typo = code[..^1] + (code[^1] == 'A' ? 'B' : 'A');
            Assert.Equal(401, (await app.Host.PostFrom(venue, "/api/auth/credential-login", new { credentialCode = typo })).Status);
            statuses.Add((await app.Host.PostFrom(venue, "/api/auth/credential-login", new { credentialCode = code })).Status);
        }

        Assert.All(statuses, status => Assert.Equal(200, status));
    }
}

[Collection(AppCollection.Name)]
public class Access_when_requests_carry_x_forwarded_for(AppFixture app)
{
    [Fact]
    public async Task the_configured_proxy_is_believed_so_its_clients_are_throttled_apart()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var proxy = IPAddress.Parse(AppFixture.AccessProxy);
        var guesser = AccessScenarios.AnAddress().ToString();
        for (var guess = 0; guess < 3; guess++) await app.Host.LoginFrom(proxy, rep.Email, $"guess-{guess}-password", forwardedFor: guesser);

        Assert.Equal(429, (await app.Host.LoginFrom(proxy, rep.Email, rep.Password, forwardedFor: guesser)).Status);
        Assert.Equal(200, (await app.Host.LoginFrom(proxy, rep.Email, rep.Password, forwardedFor: AccessScenarios.AnAddress().ToString())).Status);
    }

    [Fact]
    public async Task anyone_else_cannot_choose_the_address_it_is_counted_against()
    {
        var rep = await app.Host.AnAppointedRepresentative();
        var caller = AccessScenarios.AnAddress();
        for (var guess = 0; guess < 3; guess++)
            await app.Host.LoginFrom(caller, rep.Email, $"guess-{guess}-password", forwardedFor: AccessScenarios.AnAddress().ToString());

        Assert.Equal(429, (await app.Host.LoginFrom(caller, rep.Email, rep.Password, forwardedFor: AccessScenarios.AnAddress().ToString())).Status);
    }
}

[Collection(AppCollection.Name)]
public class Access_when_a_password_is_chosen(AppFixture app)
{
    [Theory]
    [InlineData("aaaaaaaaaa")]
    [InlineData("1234567890")]
    [InlineData("password12")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("123456789012")]
    [InlineData("password1234")]
    [InlineData("iloveyou2026")]
    [InlineData("Qwertyuiop12")]
    public async Task weak_ones_are_refused_with_a_field_error(string password)
    {
        var invited = await app.Host.Post($"/api/movements/{await app.Host.AMovement()}/representatives",
            new { fullName = "Ana Pérez", email = Scenarios.UniqueEmail("rep") }, await app.Host.Organiser());
        var answer = await app.Host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance", new { password });

        Assert.Equal(400, answer.Status);
        var error = answer.Body!["errors"]!["password"]![0]!.GetValue<string>();
        Assert.Equal(Passwords.Weakness(password), error);
        Assert.Contains(error, answer.Get<string>("detail"));
    }
}

public class Access_password_rules
{
    [Theory]
    [InlineData("short-one", "at least 12 characters")]
    [InlineData("abababababab", "different characters")]
    [InlineData("trustno1trustno1", "common passwords")]
    [InlineData("dragon123456", "common passwords")]
    public void what_is_wrong_is_named(string password, string reason) => Assert.Contains(reason, Passwords.Weakness(password));

    [Theory]
    [InlineData("a river of maize, 2026")]
    [InlineData("chosen-password")]
    [InlineData("organiser-password-1")]
    [InlineData("Xk7#pL9!qR2m")]
    public void phrases_of_ones_own_pass(string password) => Assert.Null(Passwords.Weakness(password));
}
