using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>What an erasure leaves in the printed records and in the history read back (docs/privacy.md).</summary>
[Collection(PrivacyCollection.Name)]
public sealed class what_an_erasure_leaves(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task the_badge_and_the_badge_sheet_are_printed_for_an_erased_person_without_the_name()
    {
        var organiser = await Host.Organiser();
        var assemblyId = await Host.AnAssembly();
        var person = await Host.ACheckedInPerson(assemblyId, await Host.AMovement());
        var named = await Badge(person, organiser);
        Assert.Equal(200, (await Host.Erase(person.Id, organiser)).Status);

        DelegateView view;
        MovementView? movement;
        AssemblyView? assembly;
        await using (var session = Host.Store().QuerySession())
        {
            view = (await session.LoadAsync<DelegateView>(person.Id))!;
            movement = await session.LoadAsync<MovementView>(view.MovementId);
            assembly = await session.LoadAsync<AssemblyView>(assemblyId);
        }
        byte[] Printed(PersonalRecord record) => BadgePrinter.Render(BadgeContent.For(view, record, movement, assembly), person.CredentialCode);

        // The printer draws what it is given: the badge served before the erasure is the one drawn with the name.
        Assert.Equal(Printed(new PersonalRecord(person.FullName, person.Email)), named);
        var badge = await Badge(person, organiser);
        Assert.Equal(Printed(PersonalRecord.ErasedPerson), badge);
        Assert.NotEqual(named, badge);

        // The sheet embeds the same erased badge, not the named one.
        using var sheet = await Host.Client(organiser).PostAsJsonAsync($"/api/assemblies/{assemblyId}/badges",
            new { badges = new[] { new { delegateId = person.Id, credentialCode = person.CredentialCode } } });
        Assert.Equal(200, (int)sheet.StatusCode);
        var pdf = await sheet.Content.ReadAsByteArrayAsync();
        Assert.Equal(WithoutDateAndId(BadgeSheet.Render([Printed(PersonalRecord.ErasedPerson)], assembly!.Title)), WithoutDateAndId(pdf));
        Assert.NotEqual(WithoutDateAndId(BadgeSheet.Render([named], assembly.Title)), WithoutDateAndId(pdf));
    }

    [Fact]
    public async Task an_erasure_recorded_under_the_empty_id_reads_as_the_retention_schedules()
    {
        var organiser = await Host.Organiser();
        var registered = await Host.ARegisteredDelegate(await Host.AnAssembly());
        // How the sweep recorded its erasures before the schedule had an id of its own.
        await using (var session = Host.Store().LightweightSession())
        {
            session.Events.Append(registered.Id,
                new PersonalDataErased(registered.Id, registered.AssemblyId, "The assembly's retention period ended.", Guid.Empty, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var entry = (await Host.Get($"/api/delegates/{registered.Id}/history", organiser)).Body!.AsArray().Last()!;
        Assert.Equal("PersonalDataErased", entry["type"]!.GetValue<string>());
        Assert.Equal(SystemActors.RetentionSchedule.Id, entry["by"]!.GetValue<Guid>());
        Assert.Equal("retention schedule", entry["byName"]!.GetValue<string>());
        var fact = (await Host.Get($"/api/delegates/{registered.Id}/personal-data", organiser)).Body!["facts"]!.AsArray()
            .Single(f => f!["type"]!.GetValue<string>() == "PersonalDataErased")!;
        Assert.Equal(SystemActors.RetentionSchedule.Id, fact["by"]!.GetValue<Guid>());
        Assert.Equal("retention schedule", fact["byName"]!.GetValue<string>());
    }

    [Fact]
    public void the_migration_of_personal_data_starts_before_the_first_organiser_is_ensured()
    {
        // Hosted services start one after the other in this order: an organiser stored in clear is sealed and indexed
        // before the first organiser from the environment is looked up by its index, so it is not created twice.
        var started = Host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.InRange(started.IndexOf(typeof(PersonalDataMigration)), 0, started.IndexOf(typeof(FirstOrganiserOnStart)) - 1);
    }

    /// <summary>A PDF's bytes as text without what differs from one rendering to the next (its dates and its ids).</summary>
    private static string WithoutDateAndId(byte[] pdf) =>
        Regex.Replace(Encoding.Latin1.GetString(pdf),
            @"/(CreationDate|ModDate)\s*\([^)]*\)|/ID\s*\[[^\]]*\]|uuid:[0-9a-fA-F-]{36}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[^<""]*", "");

    private async Task<byte[]> Badge(Person person, Caller caller)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/delegates/{person.Id}/badge");
        request.Headers.Add(BadgeEndpoint.CodeHeader, person.CredentialCode);
        using var response = await Host.Client(caller).SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
