namespace Alba.Coordination.Statements;

/// <summary>
/// Who may see and who may steer a statement, and the refusals commands share. The rules take the few fields they
/// judge, so the read model (GETs) and the write model (commands) apply the same ones.
/// </summary>
public static class StatementAccess
{
    /// <summary>
    /// Published: everyone. Open for signature: also every representative, since any member
    /// movement is asked to read and sign it. A draft: the involved movements and organisers.
    /// </summary>
    public static bool MaySee(StatementView statement, Actor? actor) => statement.Status switch
    {
        StatementStatus.Published => true,
        _ when actor is null => false,
        _ when actor.IsOrganiser => true,
        StatementStatus.Open => actor.Role == Roles.Representative,
        _ => IsInvolved(statement.InvolvedMovementIds, actor),
    };

    /// <summary>The actor represents one of the involved movements (see <see cref="StatementRules.Involved"/>).</summary>
    public static bool IsInvolved(IEnumerable<Guid> involvedMovementIds, Actor actor) =>
        actor.Role == Roles.Representative && actor.MovementId is { } movementId && involvedMovementIds.Contains(movementId);

    /// <summary>Revising, opening the signature and publishing belong to the initiating movement and organisers.</summary>
    public static bool MaySteer(StatementState statement, Actor actor) => actor.MaySpeakFor(statement.InitiatingMovementId);

    public static ProblemDetails NotFound(Guid id) => Problems.NotFound($"No statement has id {id}.");

    public static ProblemDetails Published(StatementState statement) =>
        Problems.Conflict($"The statement was published (revision {statement.Revision}) on {statement.PublishedAt:u}; its text and signatories are frozen.");

    /// <summary>A 409 naming the current revision, in the detail and as <c>currentRevision</c>, so the client can re-read and retry.</summary>
    public static ProblemDetails NotCurrent(StatementState statement, int revision, string action)
    {
        var problem = Problems.Conflict(
            $"Revision {revision} is not the current revision of this statement; the current revision is {statement.Revision}. Read it and {action} again.");
        problem.Extensions["currentRevision"] = statement.Revision;
        return problem;
    }
}
