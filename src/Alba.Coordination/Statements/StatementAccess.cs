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

    /// <summary>
    /// The drafting trail (the history, the statement as of a past time, earlier revisions and signatures that do not back
    /// the current text) is for the movements involved and organisers: the public and other movements see the record as
    /// it stands, so a movement that withdrew along the way is not exposed (SPEC §4).
    /// </summary>
    public static bool MaySeeTrail(StatementView statement, Actor? actor) =>
        actor is not null && (actor.IsOrganiser || IsInvolved(statement.InvolvedMovementIds, actor));

    /// <summary>401 for an anonymous caller, 403 for one who is signed in but not involved.</summary>
    public static ProblemDetails TrailRefused(Guid id, Actor? actor, string what)
    {
        var detail = $"{what} of statement {id} is shown only to the movements involved in it and to organisers; " +
                     $"the statement itself is at /api/statements/{id}.";
        return actor is null ? Problems.Unauthorized(detail + " Sign in as a representative of an involved movement.") : Problems.Forbidden(detail);
    }

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
