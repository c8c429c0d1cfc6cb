using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public sealed record RevokeDelegate(string Reason);

public static class RevokeDelegateEndpoint
{
    public static ProblemDetails Validate(RevokeDelegate command) => new Validation()
        .Required(command.Reason, "reason", 1000)
        .ToProblem();

    /// <summary>
    /// Ends an accreditation at once (the view no longer lets the delegate vote, the credential
    /// stops working). A revoked delegate keeps its place, so revoking cannot be used to swap a
    /// delegation in the middle of an assembly.
    /// </summary>
    public static Decision Decide(DelegateView view, RevokeDelegate command, Actor actor, DateTimeOffset now) => view.Status switch
    {
        DelegateStatus.Revoked => Decision.Nothing,
        DelegateStatus.Accredited => Decision.Append(new DelegateRevoked(view.Id, view.AssemblyId, command.Reason.Trim(), actor.Id, now)),
        _ => Refusals.Status(view, "revoked (only an accredited delegate can be)"),
    };

    [WolverinePost("/api/delegates/{id}/revocation", Name = "RevokeDelegate"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid id, RevokeDelegate command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        DelegateCommands.Handle(id, session,
            view => Decide(view, command, user.Actor(), clock.GetUtcNow()),
            (_, decision) => new DelegateChanged(id, DelegateStatus.Revoked, decision.Events.Count > 0));
}
