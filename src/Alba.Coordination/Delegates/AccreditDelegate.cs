using System.Security.Claims;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

public sealed record AccreditDelegate(string Decision, string? Reason);

public static class AccreditDelegateEndpoint
{
    public const string Accredit = "accredit";
    public const string Reject = "reject";

    public static ProblemDetails Validate(AccreditDelegate command) => new Validation()
        .Check(command.Decision is Accredit or Reject, "decision", $"'decision' must be '{Accredit}' or '{Reject}'.")
        .Check(command.Reason is null || command.Reason.Length <= 1000, "reason", "'reason' must be at most 1000 characters.")
        .ToProblem();

    /// <summary>
    /// A registration is decided once: the same decision again changes nothing, the other one is a
    /// conflict. Accrediting issues the credential whose hash the event carries.
    /// </summary>
    public static Decision Decide(DelegateView view, AccreditDelegate command, IssuedCredential credential, Actor actor, DateTimeOffset now)
    {
        var decided = Outcome(command);
        if (view.Status == decided) return Decision.Nothing;
        if (view.Status != DelegateStatus.Registered)
            return Problems.Conflict($"Delegate {view.Id} is already {view.Status.ToString().ToLowerInvariant()}; that decision cannot be changed.");
        return decided == DelegateStatus.Accredited
            ? Decision.Append(new DelegateAccredited(view.Id, view.AssemblyId, credential.Hash, actor.Id, now) { MovementId = view.MovementId })
            : Decision.Append(new DelegateRejected(view.Id, view.AssemblyId, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), actor.Id, now));
    }

    public static DelegateStatus Outcome(AccreditDelegate command) =>
        command.Decision == Accredit ? DelegateStatus.Accredited : DelegateStatus.Rejected;

    [WolverinePost("/api/delegates/{id}/accreditation", Name = "AccreditDelegate"), Authorize(Roles = Roles.Organiser)]
    public static Task<IResult> Post(Guid id, AccreditDelegate command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var credential = IssuedCredential.New();
        return DelegateCommands.Handle(id, session,
            view => Decide(view, command, credential, user.Actor(), clock.GetUtcNow()),
            (_, decision) => CredentialAnswer.For(id, Outcome(command), decision, credential));
    }
}
