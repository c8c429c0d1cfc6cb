using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Statements;

/// <summary>Who may see and who may steer a statement.</summary>
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
        _ => IsInvolved(statement, actor),
    };

    /// <summary>The actor represents the initiating movement or one with a signature on record.</summary>
    public static bool IsInvolved(StatementView statement, Actor actor) =>
        actor.Role == Roles.Representative && actor.MovementId is { } movementId && statement.InvolvedMovementIds.Contains(movementId);

    /// <summary>Revising, opening the signature and publishing belong to the initiating movement and organisers.</summary>
    public static bool MaySteer(StatementView statement, Actor actor) => actor.MaySpeakFor(statement.InitiatingMovementId);

    public static ProblemDetails NotFound(Guid id) => Problems.NotFound($"No statement has id {id}.");

    public static ProblemDetails Published(StatementView statement) =>
        Problems.Conflict($"The statement was published (revision {statement.Revision}) on {statement.PublishedAt:u}; its text and signatories are frozen.");

    /// <summary>A 409 naming the current revision, in the detail and as <c>currentRevision</c>, so the client can re-read and retry.</summary>
    public static ProblemDetails NotCurrent(StatementView statement, int revision, string action)
    {
        var problem = Problems.Conflict(
            $"Revision {revision} is not the current revision of this statement; the current revision is {statement.Revision}. Read it and {action} again.");
        problem.Extensions["currentRevision"] = statement.Revision;
        return problem;
    }
}

public static class StatementStream
{
    /// <summary>
    /// Loads the statement for writing with a row lock on its stream (Marten's exclusive fetch:
    /// <c>select version from mt_streams ... for update</c> inside the request's transaction), decides
    /// on that fresh state and appends with the version read as the expected version. Writers of one
    /// statement therefore decide one after another: concurrent signatures of different movements
    /// queue instead of failing each other, and a second revision on the same base sees the first.
    /// </summary>
    /// <returns>The statement as it was before the decision, and the decision.</returns>
    public static async Task<(StatementView? Statement, Decision Decision)> DecideAsync(IDocumentSession session, Guid id,
        Func<StatementView?, Decision> decide, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForExclusiveWriting<StatementView>(id, cancellationToken);
        var decision = decide(stream.Aggregate);
        if (decision.Refusal is null && decision.Events.Count > 0) stream.AppendMany(decision.Events.Cast<object>());
        return (stream.Aggregate, decision);
    }
}
