using Alba.Coordination.Delegates;

namespace Alba.Coordination.Privacy;

/// <summary>The erasure of a delegate's personal data, on the person's request (or at the end of its assembly's retention).</summary>
public sealed record ErasePersonalData(string Reason);

/// <summary>
/// On the delegate's stream. Names no personal data: the reason says why (a request, the retention date), not who.
/// Readers show the person as <see cref="PersonalRecord.ErasedMarker"/> from then on.
/// </summary>
public sealed record PersonalDataErased(Guid DelegateId, Guid AssemblyId, string Reason, Guid By, DateTimeOffset At);

public sealed record ErasureAnswer(Guid DelegateId, DateTimeOffset ErasedAt);

public static class ErasePersonalDataEndpoint
{
    public const int MaxReasonLength = 500;

    public static ProblemDetails Validate(ErasePersonalData command) => new Validation()
        .Required(command.Reason, "reason", MaxReasonLength)
        .ToProblem();

    /// <summary>An erasure happens once: a second one is a conflict (there is nothing left to erase, and the first is the record).</summary>
    public static Decision Decide(DelegateState state, ErasePersonalData command, Actor actor, DateTimeOffset now) =>
        state.PersonalDataErased
            ? Problems.Conflict("This person's personal data was already erased.")
            : Decision.Append(new PersonalDataErased(state.Id, state.AssemblyId, command.Reason.Trim(), actor.Id, now));

    /// <summary>Erases within the delegate's lock: the event and the deletion of the key commit together or not at all.</summary>
    [WolverinePost("/api/delegates/{id}/erasure", Name = "ErasePersonalData"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(ErasePersonalData command, [LockedStream("delegate")] IEventStream<DelegateState> stream,
        ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        Erase(session, stream, command, user.Actor(), clock.GetUtcNow());

    /// <summary>The erasure on a stream already locked; the retention sweep erases through it too.</summary>
    public static Task<IResult> Erase(IDocumentSession session, IEventStream<DelegateState> stream, ErasePersonalData command, Actor actor,
        DateTimeOffset now)
    {
        var decision = Decide(stream.Loaded(), command, actor, now);
        if (decision.Changes) DelegatePeople.Shred(session, stream.Id);
        return session.Decide(stream, _ => decision, (after, _) => new ErasureAnswer(after.Id, now));
    }
}
