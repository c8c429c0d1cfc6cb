using Alba.Coordination.Accounts;
using Alba.Coordination.Movements;

namespace Alba.Coordination.Delegates;

public sealed record BadgeRequest(Guid DelegateId, string CredentialCode);

/// <summary>The badges of one print run: each delegate with the code its accreditation or re-issue just answered.</summary>
public sealed record PrintBadges(BadgeRequest[]? Badges);

/// <summary>
/// One PDF of many badges. Codes are stored only hashed, so the console keeps the codes a bulk
/// accreditation answered in the tab's memory and posts them here (in the body: never in a URL or a
/// log); each is checked against its delegate's current credential as for the single badge, the PDF
/// is drawn in memory and answered, and nothing is stored (see docs/delegates.md).
/// </summary>
public static class PrintBadgesEndpoint
{
    public const int MaxBadges = 500;

    public static ProblemDetails Validate(PrintBadges command) => new Validation()
        .Check(command.Badges is { Length: > 0 and <= MaxBadges }, "badges", $"'badges' needs 1 to {MaxBadges} badges, each {{delegateId, credentialCode}}.")
        .Check(command.Badges is null || command.Badges.All(b => b is not null && !string.IsNullOrWhiteSpace(b.CredentialCode) && b.CredentialCode.Length <= 100),
            "badges", "Each badge needs its 'credentialCode'.")
        .ToProblem();

    [WolverinePost("/api/assemblies/{id}/badges", Name = "PrintBadges"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> Post(Guid id, PrintBadges command, ClaimsPrincipal user, HttpContext context, IQuerySession session,
        Privacy.PersonalVault vault)
    {
        var assembly = await session.LoadAsync<AssemblyView>(id);
        if (assembly is null) return Results.Problem(Problems.NotFound($"No assembly has id {id}."));
        var badges = command.Badges!;
        var views = (await session.LoadManyAsync<DelegateView>(badges.Select(b => b.DelegateId).Distinct())).ToDictionary(v => v.Id);
        var credentials = (await session.LoadManyAsync<DelegateCredential>(badges.Select(b => Secrets.Hash(b.CredentialCode)).Distinct()))
            .ToDictionary(c => c.Id);
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < badges.Length; i++)
        {
            var problem = views.TryGetValue(badges[i].DelegateId, out var view) && view.AssemblyId == id
                ? BadgeEndpoint.MayPrint(view, credentials.GetValueOrDefault(Secrets.Hash(badges[i].CredentialCode)), codeGiven: true, user.Actor())
                : Problems.NotFound($"No delegate of this assembly has id {badges[i].DelegateId}.");
            if (!Problems.IsOk(problem)) errors[$"badges[{i}]"] = [problem.Detail ?? problem.Title ?? ""];
        }
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors, $"{errors.Count} of the {badges.Length} badges cannot be printed."));

        var people = await DelegatePeople.Read(session, vault, views.Keys);
        var movements = (await session.LoadManyAsync<MovementView>(views.Values.Select(v => v.MovementId).Distinct())).ToDictionary(m => m.Id);
        var images = badges.Select(b =>
        {
            var view = views[b.DelegateId];
            return BadgePrinter.Render(BadgeContent.For(view, people.GetValueOrDefault(view.Id), movements.GetValueOrDefault(view.MovementId), assembly),
                b.CredentialCode.Trim());
        }).ToList();
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(BadgeSheet.Render(images, assembly.Title), "application/pdf", $"badges-{id}.pdf");
    }
}
