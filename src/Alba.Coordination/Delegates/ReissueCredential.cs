using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public static class ReissueCredentialEndpoint
{
    /// <summary>Only an accredited delegate holds a credential; the new one replaces (invalidates) the old.</summary>
    public static Decision Decide(DelegateView view, IssuedCredential credential, Actor actor, DateTimeOffset now) =>
        view.Status == DelegateStatus.Accredited
            ? Decision.Append(new CredentialReissued(view.Id, view.AssemblyId, credential.Hash, actor.Id, now) { MovementId = view.MovementId })
            : Refusals.Status(view, "given a credential");

    [WolverinePost("/api/delegates/{id}/credential", Name = "ReissueCredential"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var credential = IssuedCredential.New();
        return DelegateCommands.Handle(id, session,
            view => Decide(view, credential, user.Actor(), clock.GetUtcNow()),
            (view, decision) => CredentialAnswer.For(id, view.Status, decision, credential));
    }
}
