using Alba.Coordination.Delegates;
using Wolverine;

namespace Alba.Coordination.Privacy;

/// <summary>The date after which the assembly's delegates' personal data is erased; null keeps it until erased on request.</summary>
public sealed record SetPersonalDataRetention(DateTimeOffset? PersonalDataRetainedUntil);

/// <summary>The retention and what the sweep has erased so far (the report).</summary>
public sealed record PersonalDataRetention(Guid AssemblyId, DateTimeOffset? PersonalDataRetainedUntil, int ErasedByRetention,
    DateTimeOffset? LastErasedByRetentionAt)
{
    public static PersonalDataRetention From(AssemblyView view) =>
        new(view.Id, view.PersonalDataRetainedUntil, view.ErasedByRetention, view.LastErasedByRetentionAt);
}

public sealed record RetentionAnswer(Guid AssemblyId, DateTimeOffset? PersonalDataRetainedUntil, bool Changed);

public static class SetPersonalDataRetentionEndpoint
{
    public static Decision Decide(AssemblyState assembly, SetPersonalDataRetention command, Actor actor, DateTimeOffset now)
    {
        var until = command.PersonalDataRetainedUntil?.ToUniversalTime();
        return until == assembly.PersonalDataRetainedUntil
            ? Decision.Nothing
            : Decision.Append(new PersonalDataRetentionSet(assembly.Id, until, actor.Id, now));
    }

    /// <summary>
    /// A new date schedules the job that applies it at that date (<see cref="ApplyPersonalDataRetention"/>), in the outbox of
    /// the transaction that records the date: both are kept, or neither.
    /// </summary>
    [WolverinePut("/api/assemblies/{id}/personal-data-retention", Name = "SetPersonalDataRetention"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Put(SetPersonalDataRetention command, [LockedStream("assembly")] IEventStream<AssemblyState> stream,
        ClaimsPrincipal user, IDocumentSession session, IMessageBus bus, TimeProvider clock)
    {
        var answer = await session.Decide(stream, state => Decide(state, command, user.Actor(), clock.GetUtcNow()),
            (after, decision) => new RetentionAnswer(after.Id, after.PersonalDataRetainedUntil, decision.Changes));
        if (stream.Events.Select(e => e.Data).OfType<PersonalDataRetentionSet>().LastOrDefault() is { RetainedUntil: { } until } set)
            await bus.ScheduleAsync(new ApplyPersonalDataRetention(set.AssemblyId, until), until);
        return answer;
    }

    [WolverineGet("/api/assemblies/{id}/personal-data-retention", Name = "GetPersonalDataRetention"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Get(Guid id, IQuerySession session) =>
        await session.LoadAsync<AssemblyView>(id) is { } view
            ? Results.Ok(PersonalDataRetention.From(view))
            : Results.Problem(Problems.NotFound($"No assembly has id {id}."));
}
