using Alba.Coordination.Delegates;

namespace Alba.Coordination.Sessions;

/// <summary><c>text</c> is the whole motion text as the amendment would have it.</summary>
public sealed record ProposeAmendment(string Text);

public sealed record AmendmentCreated(Guid MotionId, Guid AmendmentId, int AmendsRevision);

public static class ProposeAmendmentEndpoint
{
    public static ProblemDetails Validate(ProposeAmendment command) => new Validation()
        .Required(command.Text, "text", TableMotionEndpoint.MaxTextLength)
        .ToProblem();

    public static Decision Decide(MotionState motion, DelegateView? proposer, ProposeAmendment command, Guid amendmentId, Actor actor, DateTimeOffset now)
    {
        var rights = MotionRights.MayPropose(actor, proposer, motion.AssemblyId);
        if (!Problems.IsOk(rights)) return rights;
        if (motion.Vote is not null) return Problems.Conflict("The motion has been put to the vote; it can no longer be amended.");
        return Decision.Append(new AmendmentProposed(motion.Id, motion.SessionId, amendmentId, command.Text.Trim(), motion.Revision, actor.Id, now));
    }

    [WolverinePost("/api/motions/{id}/amendments", Name = "ProposeAmendment"), Authorize]
    public static async Task<IResult> Post(ProposeAmendment command, [LockedStream("motion")] IEventStream<MotionState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock)
    {
        var actor = user.Actor();
        var proposer = actor.DelegateId is { } delegateId ? await session.LoadAsync<DelegateView>(delegateId) : null;
        var amendmentId = Guid.CreateVersion7();
        return await session.Decide(stream, state => Decide(state, proposer, command, amendmentId, actor, clock.GetUtcNow()),
            (after, _) => new AmendmentCreated(after.Id, amendmentId, after.Amendments.Single(a => a.Id == amendmentId).AmendsRevision),
            createdAt: $"/api/motions/{stream.Id}");
    }
}
