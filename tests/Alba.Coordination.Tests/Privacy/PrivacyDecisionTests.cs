using System.Security.Cryptography;
using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Privacy;

public class erasure_decisions
{
    private static readonly ErasePersonalData Request = new("The person asked to be erased.");

    [Fact]
    public void an_erasure_records_who_erased_when_and_why_and_names_nobody()
    {
        var state = Given.Delegate(DelegateStatus.Accredited);
        var decision = ErasePersonalDataEndpoint.Decide(state, new ErasePersonalData("  The person asked to be erased. "), Given.Organiser, Given.Now);
        Assert.Equal(new PersonalDataErased(state.Id, state.AssemblyId, "The person asked to be erased.", Given.Organiser.Id, Given.Now),
            Assert.Single(decision.Events));
    }

    [Fact]
    public void a_second_erasure_is_a_conflict()
    {
        var erased = Given.Delegate(DelegateStatus.Accredited).Apply(new PersonalDataErased(Guid.Empty, Guid.Empty, "r", Guid.Empty, Given.Now));
        Assert.True(erased.PersonalDataErased);
        Assert.Equal(409, ErasePersonalDataEndpoint.Decide(erased, Request, Given.Organiser, Given.Now).Refusal?.Status);
    }

    [Fact]
    public void an_erasure_needs_a_reason_of_at_most_500_characters()
    {
        Assert.Equal(["reason"], Given.Errors(ErasePersonalDataEndpoint.Validate(new ErasePersonalData(" "))).Keys);
        Assert.Equal(["reason"], Given.Errors(ErasePersonalDataEndpoint.Validate(new ErasePersonalData(new string('r', 501)))).Keys);
        Assert.True(Problems.IsOk(ErasePersonalDataEndpoint.Validate(new ErasePersonalData(new string('r', 500)))));
        Assert.True(Problems.IsOk(ErasePersonalDataEndpoint.Validate(Request)));
    }

    [Fact]
    public void whatever_the_status_a_person_can_be_erased()
    {
        foreach (var status in Enum.GetValues<DelegateStatus>())
            Assert.True(ErasePersonalDataEndpoint.Decide(Given.Delegate(status), Request, Given.Organiser, Given.Now).Changes);
    }
}

public class retention_decisions
{
    [Fact]
    public void setting_a_date_records_it_in_utc_and_setting_it_again_records_nothing()
    {
        var assembly = Given.Assembly();
        var until = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.FromHours(-3));
        var set = Decided.Single<PersonalDataRetentionSet>(
            SetPersonalDataRetentionEndpoint.Decide(assembly, new SetPersonalDataRetention(until), Given.Organiser, Given.Now));
        Assert.Equal(until.ToUniversalTime(), set.RetainedUntil);
        Assert.Equal(TimeSpan.Zero, set.RetainedUntil!.Value.Offset);
        var after = assembly.Apply(set);
        Assert.Same(Decision.Nothing, SetPersonalDataRetentionEndpoint.Decide(after, new SetPersonalDataRetention(until), Given.Organiser, Given.Now));
        Assert.Null(Decided.Single<PersonalDataRetentionSet>(
            SetPersonalDataRetentionEndpoint.Decide(after, new SetPersonalDataRetention(null), Given.Organiser, Given.Now)).RetainedUntil);
    }
}

internal static class Decided
{
    public static T Single<T>(Decision decision) => Assert.IsType<T>(Assert.Single(decision.Events));
}

public class the_vault
{
    private static readonly PersonalVault Vault = new(new EphemeralDataProtectionProvider(), null!);

    [Fact]
    public void a_sealed_record_opens_with_its_key_and_reads_as_erased_without_it()
    {
        var subject = Guid.CreateVersion7();
        var (key, clearKey) = Vault.NewKey(subject);
        var record = new PersonalRecord("Berta Cáceres", "berta@alba.test");
        var sealedRecord = Vault.Seal(clearKey, subject, record);
        Assert.DoesNotContain("Berta", sealedRecord);
        Assert.DoesNotContain(Convert.ToBase64String(clearKey), key.Wrapped);
        Assert.Equal(record, Vault.Open(key, subject, sealedRecord));
        Assert.Equal(PersonalRecord.ErasedPerson, Vault.Open(null, subject, sealedRecord));
        Assert.Equal("erased person", PersonalRecord.ErasedPerson.FullName);
    }

    [Fact]
    public void a_sealed_record_cannot_be_moved_to_another_person()
    {
        var subject = Guid.CreateVersion7();
        var (key, clearKey) = Vault.NewKey(subject);
        var sealedRecord = Vault.Seal(clearKey, subject, new PersonalRecord("Berta Cáceres", "berta@alba.test"));
        Assert.ThrowsAny<CryptographicException>(() => Vault.Open(key, Guid.CreateVersion7(), sealedRecord));
    }

    [Fact]
    public void a_key_wrapped_under_another_master_key_does_not_open()
    {
        var subject = Guid.CreateVersion7();
        var (key, clearKey) = Vault.NewKey(subject);
        var sealedRecord = Vault.Seal(clearKey, subject, new PersonalRecord("Berta Cáceres", "berta@alba.test"));
        var otherMaster = new PersonalVault(new EphemeralDataProtectionProvider(), null!);
        var refused = Assert.Throws<MasterKeyUnavailableException>(() => otherMaster.Open(key, subject, sealedRecord));
        Assert.IsAssignableFrom<CryptographicException>(refused.InnerException);
    }

    [Fact]
    public void a_key_wrapped_before_the_master_key_ring_made_a_new_key_still_opens()
    {
        // A key ring on disk, as Alba:DataProtection:KeysDirectory keeps it; a new provider on it is a node started later.
        var directory = Directory.CreateTempSubdirectory("alba-ring-");
        try
        {
            var subject = Guid.CreateVersion7();
            var record = new PersonalRecord("Berta Cáceres", "berta@alba.test");
            using var before = Ring(directory);
            var vault = new PersonalVault(before.GetRequiredService<IDataProtectionProvider>(), null!);
            var (key, clearKey) = vault.NewKey(subject);
            var sealedRecord = vault.Seal(clearKey, subject, record);

            // Rotation: a new default key, active at once (Data Protection makes one every 90 days by default).
            before.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90));
            using var after = Ring(directory);
            var rotated = new PersonalVault(after.GetRequiredService<IDataProtectionProvider>(), null!);
            Assert.Equal(2, after.GetRequiredService<IKeyManager>().GetAllKeys().Count);
            Assert.Equal(record, rotated.Open(key, subject, sealedRecord));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static ServiceProvider Ring(DirectoryInfo directory) =>
        new ServiceCollection().AddDataProtection().SetApplicationName("Alba.Coordination").PersistKeysToFileSystem(directory).Services
            .BuildServiceProvider();

    [Fact]
    public void a_note_about_a_person_is_sealed_with_the_persons_key_and_reads_as_erased_without_it()
    {
        var subject = Guid.CreateVersion7();
        var (key, clearKey) = Vault.NewKey(subject);
        var sealedNote = Vault.SealText(clearKey, subject, "Lent the credential to a cousin");
        Assert.DoesNotContain("cousin", sealedNote);
        Assert.Equal("Lent the credential to a cousin", Vault.OpenText(key, subject, sealedNote));
        Assert.Equal(PersonalRecord.ErasedText, Vault.OpenText(null, subject, sealedNote));
        Assert.ThrowsAny<CryptographicException>(() => Vault.OpenText(key, Guid.CreateVersion7(), sealedNote));
    }
}

public class account_erasure_checks
{
    private static readonly Actor Organiser = new(Guid.CreateVersion7(), Roles.Organiser, null, null);

    private static Account AnAccount(Guid? id = null, DateTimeOffset? erasedAt = null) =>
        new() { Id = id ?? Guid.CreateVersion7(), Sealed = "", Role = Roles.Representative, ErasedAt = erasedAt };

    [Fact]
    public void another_account_not_yet_erased_may_be_erased() =>
        Assert.True(Problems.IsOk(EraseAccountEndpoint.CheckErasable(AnAccount(), Organiser)));

    [Fact]
    public void ones_own_account_or_an_erased_one_is_a_conflict()
    {
        Assert.Equal(409, EraseAccountEndpoint.CheckErasable(AnAccount(Organiser.Id), Organiser).Status);
        Assert.Equal(409, EraseAccountEndpoint.CheckErasable(AnAccount(erasedAt: Given.Now), Organiser).Status);
    }

    [Fact]
    public void an_erasure_needs_a_reason_of_at_most_500_characters()
    {
        Assert.Equal(["reason"], Given.Errors(EraseAccountEndpoint.Validate(new EraseAccount(" "))).Keys);
        Assert.Equal(["reason"], Given.Errors(EraseAccountEndpoint.Validate(new EraseAccount(new string('r', 501)))).Keys);
        Assert.True(Problems.IsOk(EraseAccountEndpoint.Validate(new EraseAccount(new string('r', 500)))));
    }
}

public class the_subject_access_page
{
    [Fact]
    public void every_value_is_encoded_and_the_labels_follow_the_language()
    {
        var report = new SubjectAccessReport(Guid.CreateVersion7(), Given.Now,
            new PersonalDataHeld("<script>alert(1)</script>", "a@b.org", false, null),
            new RegistrationHeld(Guid.CreateVersion7(), "III Asamblea", Given.Movement, "MST", "BR", ["pt"], "delegate", DelegateStatus.Accredited,
                Given.Now, Given.Now, Given.Now, true),
            [new HeldFact("motion", Guid.CreateVersion7(), "MotionTabled", Given.Now, Guid.Empty, new { Text = "<img src=x>" })]);
        var page = SubjectAccessPage.Render(report, "fr");
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain("<img", page);
        Assert.Contains("&lt;script&gt;", page);
        Assert.Contains("Données personnelles conservées", page);
        Assert.Contains("lang=\"fr\"", page);
    }

    [Fact]
    public void a_reason_reads_as_written_and_an_erased_one_in_the_pages_language()
    {
        var report = new SubjectAccessReport(Guid.CreateVersion7(), Given.Now, new PersonalDataHeld("erased person", null, true, Given.Now),
            new RegistrationHeld(Guid.CreateVersion7(), "III Asamblea", Given.Movement, "MST", "BR", ["pt"], "delegate", DelegateStatus.Revoked,
                Given.Now, Given.Now, null, false),
            [
                new HeldFact("delegate", Guid.CreateVersion7(), "DelegateRejected", Given.Now, Guid.Empty, new ReasonDetails("Cupo <cubierto>", false)),
                new HeldFact("delegate", Guid.CreateVersion7(), "DelegateRevoked", Given.Now, Guid.Empty, new ReasonDetails("erased", true)),
            ]);
        var page = SubjectAccessPage.Render(report, "fr");
        Assert.Contains("<td>Cupo &lt;cubierto&gt;</td>", page);
        Assert.Contains("<td>motif effacé avec les données de la personne</td>", page);
        Assert.DoesNotContain(">erased<", page);
    }

    [Theory]
    [InlineData("pt", "es-AR", "pt")]
    [InlineData(null, "fr-FR,fr;q=0.9,en;q=0.8", "fr")]
    [InlineData(null, "de-DE", "es")]
    [InlineData("xx", "en", "en")]
    public void the_language_is_the_asked_one_or_the_browsers(string? asked, string acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = acceptLanguage;
        Assert.Equal(expected, SubjectAccessPage.LanguageFor(asked, context));
    }
}
