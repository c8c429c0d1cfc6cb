using System.Diagnostics;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alba.Coordination.Tests.Privacy;

[Collection(PrivacyCollection.Name)]
public sealed class when_an_assemblys_retention_date_passes(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task the_sweep_erases_exactly_that_assemblys_delegates_and_reports_them()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var now = DateTimeOffset.UtcNow;
        var ending = await Host.AnAssembly();
        var lasting = await Host.AnAssembly();
        var ended = new[] { await Host.ACheckedInPerson(ending, movementId), await Host.ACheckedInPerson(ending, movementId) };
        var kept = await Host.ACheckedInPerson(lasting, movementId);

        var set = await Host.Put($"/api/assemblies/{ending}/personal-data-retention", new { personalDataRetainedUntil = now.AddDays(1) }, organiser);
        Assert.Equal(200, set.Status);
        Assert.True(set.Get<bool>("changed"));
        Assert.False((await Host.Put($"/api/assemblies/{ending}/personal-data-retention", new { personalDataRetainedUntil = now.AddDays(1) }, organiser))
            .Get<bool>("changed"));
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{lasting}/personal-data-retention", new { personalDataRetainedUntil = now.AddDays(30) }, organiser)).Status);
        Assert.Equal(403, (await Host.Put($"/api/assemblies/{lasting}/personal-data-retention", new { personalDataRetainedUntil = now }, kept.Caller)).Status);
        Assert.NotNull((await Host.Get($"/api/assemblies/{ending}")).Body!["personalDataRetainedUntil"]);

        // Not yet: the clock has not reached the date.
        Assert.DoesNotContain(await Sweep(now), r => r.AssemblyId == ending || r.AssemblyId == lasting);

        var reports = await Sweep(now.AddDays(2));
        var report = Assert.Single(reports, r => r.AssemblyId == ending);
        Assert.Equal(ended.Select(p => p.Id).Order(), report.ErasedDelegateIds.Order());
        Assert.DoesNotContain(reports, r => r.AssemblyId == lasting);
        foreach (var person in ended)
            Assert.Equal("erased person", (await Host.Get($"/api/delegates/{person.Id}", organiser)).Get<string>("fullName"));
        Assert.Equal(kept.FullName, (await Host.Get($"/api/delegates/{kept.Id}", organiser)).Get<string>("fullName"));
        var history = (await Host.Get($"/api/delegates/{ended[0].Id}/history", organiser)).Body!.AsArray();
        Assert.Contains("retention", history.Last()!["details"]!["reason"]!.GetValue<string>());
        // Recorded by the schedule's well-known id, shown by name.
        Assert.Equal(SystemActors.RetentionSchedule.Id, history.Last()!["by"]!.GetValue<Guid>());
        Assert.Equal("retention schedule", history.Last()!["byName"]!.GetValue<string>());

        var recorded = (await Host.Get($"/api/assemblies/{ending}/personal-data-retention", organiser)).Body!;
        Assert.Equal(2, recorded["erasedByRetention"]!.GetValue<int>());
        Assert.NotNull(recorded["lastErasedByRetentionAt"]);
        Assert.Equal(["PersonalDataRetentionSet", "PersonalDataRetentionApplied"], (await Host.EventTypes(ending)).TakeLast(2));

        // Swept again: nothing is left to erase and nothing more is recorded.
        Assert.DoesNotContain(await Sweep(now.AddDays(3)), r => r.AssemblyId == ending);
        Assert.Equal(2, (await Host.Get($"/api/assemblies/{ending}/personal-data-retention", organiser)).Body!["erasedByRetention"]!.GetValue<int>());

        // Someone registered in that assembly after its date is erased by the next sweep, and only that person.
        var latecomer = await Host.ACheckedInPerson(ending, movementId);
        var late = Assert.Single(await Sweep(now.AddDays(4)), r => r.AssemblyId == ending);
        Assert.Equal(latecomer.Id, Assert.Single(late.ErasedDelegateIds));
        Assert.Equal("erased person", (await Host.Get($"/api/delegates/{latecomer.Id}", organiser)).Get<string>("fullName"));
        Assert.Equal(3, (await Host.Get($"/api/assemblies/{ending}/personal-data-retention", organiser)).Body!["erasedByRetention"]!.GetValue<int>());
    }

    [Fact]
    public async Task the_job_scheduled_for_the_date_erases_that_assemblys_delegates_when_it_comes_and_a_date_moved_later_waits()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var ending = await Host.AnAssembly();
        var moved = await Host.AnAssembly();
        var person = await Host.ACheckedInPerson(ending, movementId);
        var spared = await Host.ACheckedInPerson(moved, movementId);
        var soon = DateTimeOffset.UtcNow.AddSeconds(2);
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{ending}/personal-data-retention", new { personalDataRetainedUntil = soon }, organiser)).Status);
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{moved}/personal-data-retention", new { personalDataRetainedUntil = soon }, organiser)).Status);
        // Moved a month later: the job of the first date finds it changed and leaves the assembly to its new date's job.
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{moved}/personal-data-retention", new { personalDataRetainedUntil = soon.AddDays(30) }, organiser)).Status);

        // No sweep is run here (the hourly one ran at the host's start): Wolverine's job for the date does the erasure. It
        // erases each delegate in a transaction of its own and then records the count on the assembly in another, so the
        // test waits for both.
        var waited = Stopwatch.StartNew();
        while ((await Host.Get($"/api/delegates/{person.Id}", organiser)).Get<string>("fullName") != "erased person"
               || (await Host.Get($"/api/assemblies/{ending}/personal-data-retention", organiser)).Body!["erasedByRetention"]!.GetValue<int>() == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "The job scheduled for the retention date did not erase the delegate within 60 s.");
            await Task.Delay(250);
        }
        var history = (await Host.Get($"/api/delegates/{person.Id}/history", organiser)).Body!.AsArray();
        Assert.Equal("retention schedule", history.Last()!["byName"]!.GetValue<string>());
        Assert.Equal(1, (await Host.Get($"/api/assemblies/{ending}/personal-data-retention", organiser)).Body!["erasedByRetention"]!.GetValue<int>());
        Assert.Equal(spared.FullName, (await Host.Get($"/api/delegates/{spared.Id}", organiser)).Get<string>("fullName"));
        Assert.Equal(0, (await Host.Get($"/api/assemblies/{moved}/personal-data-retention", organiser)).Body!["erasedByRetention"]!.GetValue<int>());
    }

    private Task<IReadOnlyList<RetentionReport>> Sweep(DateTimeOffset at) =>
        new RetentionSweep(Host.Services.GetRequiredService<IDocumentStore>(), new FakeTimeProvider(at), NullLogger<RetentionSweep>.Instance)
            .SweepAsync(CancellationToken.None);
}
