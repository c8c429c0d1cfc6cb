using Alba.Coordination.Infrastructure;
using Marten;

namespace Alba.Coordination.Delegates;

/// <summary>The outcome of a command on one delegate; <c>Changed</c> is false for a repeat that appended nothing.</summary>
public sealed record DelegateChanged(Guid DelegateId, DelegateStatus Status, bool Changed);

internal static class DelegateCommands
{
    /// <summary>
    /// Loads the delegate under its stream lock, so two commands on one delegate (a repeated
    /// accreditation, a duplicate scan uploaded twice at once) are decided one after the other
    /// and the second sees the first's outcome instead of failing on a version conflict;
    /// then appends what the decision returned and answers.
    /// </summary>
    public static async Task<IResult> Handle(Guid id, IDocumentSession session, Func<DelegateView, Decision> decide,
        Func<DelegateView, Decision, object> answer)
    {
        var stream = await session.Events.FetchForExclusiveWriting<DelegateView>(id);
        if (stream.Aggregate is not { } view) return Results.Problem(Problems.NotFound($"No delegate has id {id}."));
        var decision = decide(view);
        if (decision.Problem is { } problem) return Results.Problem(problem);
        stream.AppendMany(decision.Events);
        return Results.Ok(answer(view, decision));
    }
}
