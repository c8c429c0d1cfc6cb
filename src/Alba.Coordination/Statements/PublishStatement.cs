namespace Alba.Coordination.Statements;

public sealed record PublicationAnswer(Guid StatementId, int Revision, Guid[] Signatories, DateTimeOffset PublishedAt);

public static class PublishStatementEndpoint
{
    /// <summary>
    /// Publishing freezes the current revision; its signatories are exactly the movements that
    /// signed that revision (signatures of earlier revisions stay on record but do not count).
    /// </summary>
    public static Decision Decide(StatementState statement, Actor actor, DateTimeOffset now)
    {
        if (!StatementAccess.MaySteer(statement, actor))
            return Problems.Forbidden("Only a representative of the initiating movement, or an organiser, may publish this statement.");
        if (statement.Status == StatementStatus.Published) return StatementAccess.Published(statement);
        if (statement.Status != StatementStatus.Open) return Problems.Conflict("Open the statement for signature before publishing it.");
        var signatories = statement.Supporters().Select(s => s.MovementId).ToArray();
        if (signatories.Length == 0)
            return Problems.Conflict($"No movement has signed revision {statement.Revision}, the current text; a statement needs at least one signatory.");
        return Decision.Append(new StatementPublished(statement.Id, statement.Revision, signatories, actor.Id, now));
    }

    [WolverinePost("/api/statements/{id}/publication", Name = "PublishStatement"), Authorize]
    public static Task<IResult> Post([LockedStream("statement")] IEventStream<StatementState> stream, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock) =>
        session.Decide(stream, state => Decide(state, user.Actor(), clock.GetUtcNow()),
            (after, _) => new PublicationAnswer(after.Id, after.Revision, [.. after.Supporters().Select(s => s.MovementId)], after.PublishedAt!.Value));
}
