using Alba.Coordination.Accounts;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// An organiser's or a representative's name and e-mail are personal data too: sealed with a key of the account, found at
/// sign-in by the e-mail's blind index, and erasable by an organiser on the person's request.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class when_a_representative_is_appointed_and_later_erased(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task the_name_and_email_are_held_only_sealed_sign_in_finds_the_account_and_erasure_ends_it()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var (fullName, email) = UniquePerson("Nilce de Souza");
        var invited = await Host.Post($"/api/movements/{movementId}/representatives", new { fullName, email }, organiser);
        Assert.Equal(201, invited.Status);
        var accountId = invited.Id("representativeId");
        var accepted = await Host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance", new { password = Password });
        Assert.Equal(email, accepted.Get<string>("email"));

        Assert.Empty(await fixture.TablesHolding(fullName));
        Assert.Empty(await fixture.TablesHolding(email));
        Assert.Equal(200, (await SignIn(email.ToUpperInvariant())).Status);
        // The same e-mail, however written, is one account.
        Assert.Equal(409, (await Host.Post($"/api/movements/{movementId}/representatives", new { fullName, email = $" {email.ToUpperInvariant()}" },
            organiser)).Status);

        var representative = await Host.Login(email, Password);
        var listed = await Listed(accountId, organiser);
        Assert.Equal((fullName, email, "active", false, movementId), (listed["fullName"]!.GetValue<string>(), listed["email"]!.GetValue<string>(),
            listed["status"]!.GetValue<string>(), listed["personalDataErased"]!.GetValue<bool>(), listed["movementId"]!.GetValue<Guid>()));
        Assert.Equal(403, (await Host.Get("/api/accounts", representative)).Status);
        Assert.Equal(400, (await Host.Post($"/api/accounts/{accountId}/erasure", new { reason = "" }, organiser)).Status);
        Assert.Equal(403, (await Host.Post($"/api/accounts/{accountId}/erasure", new { reason = "Asked" }, representative)).Status);
        Assert.Equal(404, (await Host.Post($"/api/accounts/{Guid.CreateVersion7()}/erasure", new { reason = "Asked" }, organiser)).Status);
        var erased = await Host.Post($"/api/accounts/{accountId}/erasure", new { reason = "The person asked to be erased." }, organiser);
        Assert.Equal(200, erased.Status);
        Assert.Equal(accountId, erased.Id("accountId"));
        var again = await Host.Post($"/api/accounts/{accountId}/erasure", new { reason = "Asked" }, organiser);
        Assert.Equal((409, "alreadyErased"), (again.Status, again.Get<string>("refusal")));
        listed = await Listed(accountId, organiser);
        Assert.Equal((PersonalRecord.ErasedMarker, null, "erased", true), (listed["fullName"]!.GetValue<string>(), listed["email"]?.GetValue<string>(),
            listed["status"]!.GetValue<string>(), listed["personalDataErased"]!.GetValue<bool>()));
        Assert.Empty(await fixture.TablesHolding(fullName));

        // Access ended: the token and the password no longer work.
        Assert.Equal(401, (await Host.Get($"/api/movements/{movementId}/workspace", representative)).Status);
        Assert.Equal(401, (await SignIn(email)).Status);
        await using (var session = Host.Store().QuerySession())
        {
            var account = (await session.LoadAsync<Account>(accountId))!;
            Assert.Null(account.EmailIndex);
            Assert.Equal(PersonalRecord.ErasedPerson, await AccountPeople.Read(session, Host.Services.GetRequiredService<PersonalVault>(), account));
        }
        // Nothing derived from the e-mail is left: it may be invited again, as a new account.
        Assert.Equal(201, (await Host.Post($"/api/movements/{movementId}/representatives", new { fullName, email }, organiser)).Status);
        // No log line of the appointment, the sign-ins (refused ones included) or the erasure names the person (Debug level).
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(fullName) || line.Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task an_invitation_not_yet_accepted_cannot_be_accepted_once_its_account_is_erased()
    {
        var organiser = await Host.Organiser();
        var (fullName, email) = UniquePerson("Bruno Pereira");
        var invited = await Host.Post($"/api/movements/{await Host.AMovement()}/representatives", new { fullName, email }, organiser);
        Assert.Equal(200, (await Host.Post($"/api/accounts/{invited.Id("representativeId")}/erasure", new { reason = "Asked" }, organiser)).Status);
        Assert.Equal(410, (await Host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance", new { password = Password })).Status);
        Assert.Equal(401, (await SignIn(email)).Status);
    }

    [Fact]
    public async Task an_organiser_cannot_erase_its_own_account()
    {
        var organiser = await Host.Organiser();
        await using var session = Host.Store().QuerySession();
        var own = (await AccountPeople.WithEmail(session, Host.Services.GetRequiredService<PersonalVault>(), AppFixture.OrganiserEmail))!;
        var refused = await Host.Post($"/api/accounts/{own.Id}/erasure", new { reason = "Asked" }, organiser);
        Assert.Equal((409, "ownAccount"), (refused.Status, refused.Get<string>("refusal")));
        Assert.Equal(200, (await SignIn(AppFixture.OrganiserEmail, AppFixture.OrganiserPassword)).Status);
        // The console lists it as the caller's own, which it offers no erasure for.
        Assert.True((await Listed(own.Id, organiser))["isCaller"]!.GetValue<bool>());
    }

    [Fact]
    public async Task an_account_stored_in_clear_before_is_sealed_at_start_and_still_signs_in()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var (fullName, email) = UniquePerson("Marcelino Maia");
        var invited = await Host.Post($"/api/movements/{movementId}/representatives", new { fullName, email }, organiser);
        var accountId = invited.Id("representativeId");
        Assert.Equal(200, (await Host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance", new { password = Password })).Status);

        // The account as the old code stored it: name and e-mail in clear, no index, no key.
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand(
                $"update {store.Options.Schema.For<Account>()} set data = (data - 'EmailIndex' - 'Sealed') || " +
                "jsonb_build_object('Email', @email, 'FullName', @name) where id = @id", connection);
            update.Parameters.AddWithValue("id", accountId);
            update.Parameters.AddWithValue("email", email);
            update.Parameters.AddWithValue("name", fullName);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
            await using var delete = new NpgsqlCommand($"delete from {store.Options.Schema.For<PersonalDataKey>()} where id = @id", connection);
            delete.Parameters.AddWithValue("id", accountId);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }
        Assert.NotEmpty(await fixture.TablesHolding(email));
        Assert.Equal(401, (await SignIn(email)).Status);

        var migration = new PersonalDataMigration(store, Host.Services.GetRequiredService<PersonalVault>(), NullLogger<PersonalDataMigration>.Instance);
        Assert.True(await migration.SealClearAccountsAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await migration.SealClearAccountsAsync(CancellationToken.None));

        Assert.Empty(await fixture.TablesHolding(fullName));
        Assert.Empty(await fixture.TablesHolding(email));
        Assert.Equal(200, (await SignIn(email)).Status);
    }

    private const string Password = "a river of maize, 2026";

    private static (string FullName, string Email) UniquePerson(string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        return ($"{name} {suffix}", $"rep.{suffix}@alba.test");
    }

    private async Task<System.Text.Json.Nodes.JsonNode> Listed(Guid accountId, Caller organiser) =>
        (await Host.Get("/api/accounts", organiser)).Body!.AsArray().Single(a => a!["id"]!.GetValue<Guid>() == accountId)!;

    private Task<Answer> SignIn(string email, string password = Password) => Host.Post("/api/auth/login", new { email, password });
}
