using Alba.Coordination.Delegates;
using Alba.Coordination.Mobilisations;
using Alba.Coordination.Statements;

namespace Alba.Coordination.Movements;

/// <summary>An assembly the movement has registered delegates for, with how many are still in its delegation.</summary>
public sealed record WorkspaceDelegation(Guid AssemblyId, string Title, string City, string Country, DateOnly OpensOn, int Delegates);

/// <summary>
/// A statement in the workspace: <c>initiated</c> when the movement steers it; <c>signedRevision</c> the revision its
/// signature is on (null when unsigned), so the page can ask to confirm again when it is not the current one.
/// </summary>
public sealed record WorkspaceStatement(Guid Id, string Title, string Language, StatementStatus Status, int Revision, bool Initiated,
    int? SignedRevision, DateTimeOffset UpdatedAt);

/// <summary>A call the movement convenes or endorses (<c>role</c>: convener, endorser) or, with role null, may endorse.</summary>
public sealed record WorkspaceCall(Guid Id, string Title, DateOnly StartsOn, DateOnly EndsOn, string? Role, int Endorsements);

/// <summary>What one movement's representative works on, gathered in one read for its workspace page.</summary>
public sealed record MovementWorkspaceAnswer(MovementSummary Movement, IReadOnlyList<WorkspaceDelegation> Delegations,
    IReadOnlyList<WorkspaceStatement> Statements, IReadOnlyList<WorkspaceCall> Calls, IReadOnlyList<ActionSummary> Actions);

public static class MovementWorkspaceEndpoint
{
    private const int Limit = 200;

    /// <summary>
    /// The movement's delegations, the statements it initiates or signed plus those open for its signature, every call
    /// (its own first) and the local actions it organises. Only its representatives and organisers read it.
    /// </summary>
    [WolverineGet("/api/movements/{id}/workspace", Name = "MovementWorkspace"), Authorize]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!user.Actor().MaySpeakFor(id))
            return Results.Problem(Problems.Forbidden("Only the movement's representatives, or an organiser, may open its workspace."));
        if (await session.LoadAsync<MovementView>(id, cancellationToken) is not { } movement)
            return Results.Problem(Problems.NotFound($"No movement has id {id}."));

        var delegates = await session.Query<DelegateView>().Where(d => d.MovementId == id).ToListAsync(cancellationToken);
        var assemblies = await session.LoadManyAsync<AssemblyView>(cancellationToken, delegates.Select(d => d.AssemblyId).Distinct());
        var delegations = assemblies.OrderByDescending(a => a.OpensOn)
            .Select(a => new WorkspaceDelegation(a.Id, a.Title, a.City, a.Country, a.OpensOn,
                delegates.Count(d => d.AssemblyId == a.Id && d.Status != DelegateStatus.Withdrawn)))
            .ToList();

        var statements = await session.Query<StatementView>()
            .Where(s => s.InvolvedMovementIds.Contains(id) || s.Status == StatementStatus.Open)
            .OrderByDescending(s => s.UpdatedAt).Take(Limit).ToListAsync(cancellationToken);

        var calls = await session.Query<MobilisationView>().OrderByDescending(m => m.CalledAt).Take(Limit).ToListAsync(cancellationToken);
        var actions = await session.Query<ActionView>().Where(a => a.OrganisingMovementId == id)
            .OrderByDescending(a => a.StartsAt).Take(Limit).ToListAsync(cancellationToken);

        return Results.Ok(new MovementWorkspaceAnswer(MovementSummary.From(movement), delegations,
            statements.Select(s => new WorkspaceStatement(s.Id, s.Title, s.Language, s.Status, s.Revision, s.InitiatingMovementId == id,
                s.Signatures.Find(x => x.MovementId == id)?.Revision, s.UpdatedAt)).ToList(),
            calls.Select(c => new WorkspaceCall(c.Id, c.Title, c.StartsOn, c.EndsOn, RoleIn(c, id), c.Endorsements))
                .OrderBy(c => c.Role is null).ToList(),
            actions.Select(ActionSummary.From).ToList()));
    }

    private static string? RoleIn(MobilisationView call, Guid movementId) =>
        call.ConvenedBy.Contains(movementId) ? "convener" : call.EndorsedBy.Contains(movementId) ? "endorser" : null;
}
