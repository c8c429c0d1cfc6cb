using Alba.Coordination.Delegates;

namespace Alba.Coordination.Privacy;

/// <summary>The system acting on its own, no person: well-known ids that events record as their actor (docs/privacy.md).</summary>
public static class SystemActors
{
    /// <summary>The retention schedule, the actor of erasures by retention.</summary>
    public static readonly Actor RetentionSchedule = new(new Guid("00000000-0000-0000-0000-00000000da7e"), "system", null, null);

    public const string RetentionScheduleName = "retention schedule";

    /// <summary>What answers show for a system actor's id; null for a person (its id says who it is).</summary>
    public static string? NameOf(Guid actorId) => actorId == RetentionSchedule.Id ? RetentionScheduleName : null;
}

/// <summary>What one sweep erased in one assembly.</summary>
public sealed record RetentionReport(Guid AssemblyId, DateTimeOffset RetainedUntil, IReadOnlyList<Guid> ErasedDelegateIds);

/// <summary>
/// Erases the personal data of every delegate of an assembly whose retention date has passed, through the same erasure as
/// an organiser's (the delegate's lock, <see cref="ErasePersonalDataEndpoint.Decide"/>), then records what it erased on the
/// assembly's stream (<see cref="PersonalDataRetentionApplied"/>) and in the log. Several nodes may sweep at once: each
/// delegate is erased once under its lock, and a node that finds nothing left records nothing.
/// </summary>
public sealed class RetentionSweep(IDocumentStore store, TimeProvider clock, ILogger<RetentionSweep> logger)
{
    public async Task<IReadOnlyList<RetentionReport>> SweepAsync(CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        List<AssemblyView> due;
        await using (var query = store.QuerySession())
            due = (await query.Query<AssemblyView>().Where(a => a.PersonalDataRetainedUntil != null && a.PersonalDataRetainedUntil < now)
                .ToListAsync(cancellation)).ToList();
        var reports = new List<RetentionReport>();
        foreach (var assembly in due)
            if (await EraseAssemblyAsync(assembly.Id, assembly.PersonalDataRetainedUntil!.Value, now, cancellation) is { ErasedDelegateIds.Count: > 0 } report)
                reports.Add(report);
        return reports;
    }

    /// <summary>
    /// The job scheduled for an assembly's retention date (<see cref="ApplyPersonalDataRetention"/>): erases its delegates
    /// when that date still stands and has come on the app's clock. A date changed since has its own job; one not yet come
    /// on the app's clock is left to the hourly sweep rather than scheduled again (two clocks that disagree would loop).
    /// </summary>
    public async Task<RetentionReport?> ApplyAsync(ApplyPersonalDataRetention job, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        AssemblyView? assembly;
        await using (var query = store.QuerySession())
            assembly = await query.LoadAsync<AssemblyView>(job.AssemblyId, cancellation);
        if (assembly?.PersonalDataRetainedUntil != job.RetainedUntil || job.RetainedUntil >= now) return null;
        return await EraseAssemblyAsync(job.AssemblyId, job.RetainedUntil, now, cancellation);
    }

    private async Task<RetentionReport> EraseAssemblyAsync(Guid assemblyId, DateTimeOffset retainedUntil, DateTimeOffset now, CancellationToken cancellation)
    {
        IReadOnlyList<Guid> remaining;
        await using (var query = store.QuerySession())
            remaining = await query.Query<DelegateView>().Where(d => d.AssemblyId == assemblyId && d.PersonalDataErasedAt == null)
                .Select(d => d.Id).ToListAsync(cancellation);
        var reason = new ErasePersonalData($"The assembly's retention period ended on {retainedUntil:O}.");
        var erased = new List<Guid>();
        foreach (var delegateId in remaining)
        {
            await using var session = store.LightweightSession();
            var stream = await session.Events.FetchForExclusiveWriting<DelegateState>(delegateId, cancellation);
            // Another node may have erased it since the list was read: then nothing is appended.
            if (stream.Aggregate is not { PersonalDataErased: false }) continue;
            await ErasePersonalDataEndpoint.Erase(session, stream, reason, SystemActors.RetentionSchedule, now);
            await session.SaveChangesAsync(cancellation);
            erased.Add(delegateId);
        }
        if (erased.Count > 0)
        {
            await using var session = store.LightweightSession();
            // Under the assembly stream's lock: another node's sweep, or a command, may be appending to it at the same time.
            await session.Events.AppendExclusive(assemblyId, cancellation, new PersonalDataRetentionApplied(assemblyId, retainedUntil, erased.ToArray(), now));
            await session.SaveChangesAsync(cancellation);
            logger.LogInformation("Retention erased the personal data of {Count} delegates of assembly {AssemblyId} (retained until {RetainedUntil:O})",
                erased.Count, assemblyId, retainedUntil);
        }
        return new RetentionReport(assemblyId, retainedUntil, erased);
    }
}

/// <summary>An assembly's retention date has come: a Wolverine message scheduled for that date when it is set, kept in the outbox.</summary>
public sealed record ApplyPersonalDataRetention(Guid AssemblyId, DateTimeOffset RetainedUntil);

public static class ApplyPersonalDataRetentionHandler
{
    public static Task Handle(ApplyPersonalDataRetention job, RetentionSweep sweep, CancellationToken cancellation) =>
        sweep.ApplyAsync(job, cancellation);
}

/// <summary>
/// The catch-up for what no job covers (people registered after the date, dates set before the jobs existed): runs the
/// sweep at start and then every <c>Alba:Privacy:RetentionSweepMinutes</c> (60 by default) on the app's clock.</summary>
public sealed class RetentionSchedule(RetentionSweep sweep, TimeProvider clock, IConfiguration configuration, ILogger<RetentionSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(configuration.GetValue("Alba:Privacy:RetentionSweepMinutes", 60.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweep.SweepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // An outage of the database: the next round tries again; nothing is half-erased (one transaction per delegate).
                logger.LogWarning(e, "The retention sweep failed; it runs again in {Interval}", interval);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
