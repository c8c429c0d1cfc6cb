using System.Security.Claims;
using Alba.Coordination.Accounts;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Movements;
using Alba.Coordination.Privacy;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Delegates;

/// <summary>
/// The printable badge. The credential code is stored only hashed, so the server cannot print it
/// later: the caller sends the code it was given (the accreditation or re-issue answer, or the code
/// the delegate signed in with) in the <c>Credential-Code</c> header, kept out of URLs and access logs.
/// The code must be the delegate's current credential, so an old badge cannot be reprinted.
/// </summary>
public static class BadgeEndpoint
{
    public const string CodeHeader = "Credential-Code";

    /// <summary>Pure: whether this caller may print this delegate's badge with this credential.</summary>
    public static ProblemDetails MayPrint(DelegateView view, DelegateCredential? credential, bool codeGiven, Actor actor)
    {
        if (!DelegateAccess.MayActFor(actor, view.Id, view.MovementId))
            return Problems.Forbidden("Only organisers, the delegate's representative or the delegate itself may print its badge.");
        if (view.Status != DelegateStatus.Accredited) return Refusals.Status(view.Id, view.Status, "given a badge (only an accredited delegate can be)");
        if (!codeGiven)
            return Problems.Invalid(CodeHeader, $"Send the credential code in the '{CodeHeader}' header: it is stored only hashed and cannot be printed without it.");
        return credential is { InvalidatedAt: null } && credential.DelegateId == view.Id
            ? Problems.Ok
            : Problems.Invalid(CodeHeader, "This is not the delegate's current credential code.");
    }

    [WolverineGet("/api/delegates/{id}/badge", Name = "GetBadge"), Authorize]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, HttpContext context, IQuerySession session, PersonalVault vault)
    {
        var view = await session.LoadAsync<DelegateView>(id);
        if (view is null) return Results.Problem(Problems.NotFound($"No delegate has id {id}."));
        var code = context.Request.Headers[CodeHeader].ToString().Trim();
        var credential = code.Length is > 0 and <= 100 ? await session.LoadAsync<DelegateCredential>(Secrets.Hash(code)) : null;
        var problem = MayPrint(view, credential, code.Length > 0, user.Actor());
        if (!Problems.IsOk(problem)) return Results.Problem(problem);

        var person = await DelegatePeople.Read(session, vault, id);
        var movement = await session.LoadAsync<MovementView>(view.MovementId);
        var assembly = await session.LoadAsync<AssemblyView>(view.AssemblyId);
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(BadgePrinter.Render(BadgeContent.For(view, person, movement, assembly), code), "image/png", $"badge-{id}.png");
    }
}
