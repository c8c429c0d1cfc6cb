using Alba.Coordination.Infrastructure;
using Marten;

namespace Alba.Coordination.Delegates;

public sealed record RegistrationWindow(Guid AssemblyId, RegistrationStatus Registration);

internal static class AssemblyCommands
{
    /// <summary>
    /// Loads the assembly under its stream lock (registrations take the same lock, so none is
    /// accepted across a closing), applies the decision and answers the resulting window.
    /// </summary>
    public static async Task<IResult> Handle(Guid id, IDocumentSession session, Func<AssemblyView, Decision> decide,
        RegistrationStatus resulting)
    {
        var stream = await session.Events.FetchForExclusiveWriting<AssemblyView>(id);
        if (stream.Aggregate is not { } assembly) return Results.Problem(Problems.NotFound($"No assembly has id {id}."));
        var decision = decide(assembly);
        if (decision.Problem is { } problem) return Results.Problem(problem);
        stream.AppendMany(decision.Events);
        return Results.Ok(new RegistrationWindow(id, resulting));
    }
}
