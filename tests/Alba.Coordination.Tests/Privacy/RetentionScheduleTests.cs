using Alba.Coordination.Delegates;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// The hourly catch-up (docs/privacy.md, "The hourly catch-up"): its timer on the app's clock, and several nodes sweeping
/// the same due delegates at once.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class the_retention_catch_up(PrivacyFixture fixture, ITestOutputHelper output)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task sweeps_at_start_and_again_sixty_minutes_later_on_the_apps_clock_by_default()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var now = DateTimeOffset.UtcNow;
        var clock = new WatchedClock(now.AddDays(2));
        var past = await Host.AnAssembly();
        var soon = await Host.AnAssembly();
        var erasedAtStart = await Host.ARegisteredDelegate(past, movementId);
        var erasedAnHourLater = await Host.ARegisteredDelegate(soon, movementId);
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{past}/personal-data-retention", new { personalDataRetainedUntil = now.AddDays(1) }, organiser)).Status);
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{soon}/personal-data-retention",
            new { personalDataRetainedUntil = clock.GetUtcNow().AddMinutes(30) }, organiser)).Status);

        // No setting: the default interval.
        var schedule = new RetentionSchedule(new RetentionSweep(Host.Store(), clock, NullLogger<RetentionSweep>.Instance), clock,
            new ConfigurationBuilder().Build(), NullLogger<RetentionSchedule>.Instance);
        await schedule.StartAsync(CancellationToken.None);
        try
        {
            // Each round ends by setting its timer: the first round has swept.
            await clock.NextTimer();
            Assert.True(await Erased(erasedAtStart.Id, organiser));
            Assert.False(await Erased(erasedAnHourLater.Id, organiser));

            clock.Advance(TimeSpan.FromMinutes(59));
            Assert.False(await clock.NextTimer(TimeSpan.FromSeconds(2)), "a sweep ran before 60 minutes had passed");
            Assert.False(await Erased(erasedAnHourLater.Id, organiser));

            clock.Advance(TimeSpan.FromMinutes(1));
            await clock.NextTimer();
            Assert.True(await Erased(erasedAnHourLater.Id, organiser));
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task two_nodes_sweeping_at_once_erase_each_due_delegate_exactly_once()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var assemblyId = await Host.AnAssembly(capacity: 100, delegatesPerMovement: 20);
        var due = new List<Guid>();
        for (var i = 0; i < 12; i++) due.Add((await Host.ARegisteredDelegate(assemblyId, movementId)).Id);
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(200, (await Host.Put($"/api/assemblies/{assemblyId}/personal-data-retention", new { personalDataRetainedUntil = now.AddDays(1) }, organiser)).Status);

        // Two nodes' sweeps, started together on the one database (each erasure takes the delegate's lock there).
        var nodes = Enumerable.Range(0, 2).Select(_ => new RetentionSweep(Host.Store(), new FakeTimeProvider(now.AddDays(2)), NullLogger<RetentionSweep>.Instance));
        var go = new TaskCompletionSource();
        var sweeping = nodes.Select(node => Task.Run(async () =>
        {
            await go.Task;
            return await node.SweepAsync(CancellationToken.None);
        })).ToList();
        go.SetResult();
        var erasedByNode = (await Task.WhenAll(sweeping))
            .Select(reports => reports.SingleOrDefault(r => r.AssemblyId == assemblyId)?.ErasedDelegateIds ?? []).ToList();
        output.WriteLine($"erased by each node: {string.Join(", ", erasedByNode.Select(ids => ids.Count))}");

        Assert.Equal(due.Order(), erasedByNode.SelectMany(ids => ids).Order());
        foreach (var id in due) Assert.Single(await Host.EventTypes(id), type => type == "PersonalDataErased");
        // The assembly records what each node erased, together each delegate once; a node that erased nobody records nothing.
        await using var session = Host.Store().QuerySession();
        var applied = (await session.Events.FetchStreamAsync(assemblyId)).Select(e => e.Data).OfType<PersonalDataRetentionApplied>().ToList();
        Assert.Equal(erasedByNode.Count(ids => ids.Count > 0), applied.Count);
        Assert.Equal(due.Order(), applied.SelectMany(a => a.ErasedDelegateIds).Order());
        Assert.Equal(12, (await Host.Get($"/api/assemblies/{assemblyId}/personal-data-retention", organiser)).Body!["erasedByRetention"]!.GetValue<int>());
    }

    private async Task<bool> Erased(Guid delegateId, Caller organiser) =>
        (await Host.Get($"/api/delegates/{delegateId}", organiser)).Get<string>("fullName") == PersonalRecord.ErasedMarker;

    /// <summary>A fake clock that tells when a timer is set on it (the schedule's wait between two rounds).</summary>
    private sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly SemaphoreSlim _timersSet = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timersSet.Release();
            return timer;
        }

        public async Task NextTimer() => Assert.True(await NextTimer(TimeSpan.FromSeconds(60)), "no sweep round ended within 60 s");

        public Task<bool> NextTimer(TimeSpan within) => _timersSet.WaitAsync(within);
    }
}
