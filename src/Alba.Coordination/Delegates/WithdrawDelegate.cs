using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public static class WithdrawDelegateEndpoint
{
    /// <summary>
    /// The delegate itself, its movement's representative or an organiser withdraws a registration
    /// that holds a place; the place is free again for the movement's quota and the capacity.
    /// </summary>
    public static Decision Decide(DelegateView view, Actor actor, DateTimeOffset now)
    {
        if (!DelegateAccess.MayActFor(actor, view))
            return Problems.Forbidden("Only the delegate, its movement's representative or an organiser may withdraw it.");
        return view.Status switch
        {
            DelegateStatus.Withdrawn => Decision.Nothing,
            DelegateStatus.Registered or DelegateStatus.Accredited => Decision.Append(new DelegateWithdrew(view.Id, view.AssemblyId, actor.Id, now)),
            _ => Refusals.Status(view, "withdrawn"),
        };
    }

    [WolverinePost("/api/delegates/{id}/withdrawal", Name = "WithdrawDelegate"), Authorize]
    public static Task<IResult> Post(Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock) =>
        DelegateCommands.Handle(id, session,
            view => Decide(view, user.Actor(), clock.GetUtcNow()),
            (_, decision) => new DelegateChanged(id, DelegateStatus.Withdrawn, decision.Events.Count > 0));
}
