using Microsoft.AspNetCore.DataProtection;

namespace Alba.Coordination.Partners;

public sealed record RegisterPartner(string Name, string Url, string[]? Kinds, PartnerFilter? Filter);

/// <summary>The new partner; <c>secret</c> signs its deliveries and is shown this once.</summary>
public sealed record PartnerCreated(Guid PartnerId, string Name, string Url, string[] Kinds, PartnerFilter Filter, string Secret);

public static class RegisterPartnerEndpoint
{
    public static ProblemDetails Validate(RegisterPartner command)
    {
        var validation = new Validation().Required(command.Name, "name")
            .Check(Uri.TryCreate(command.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && command.Url.Length <= 2000,
                "url", "'url' must be an absolute http or https address.");
        foreach (var kind in command.Kinds ?? [])
            validation.Check(PartnerKinds.Public.Contains(kind), "kinds",
                $"'{kind}' is not a public kind a partner can receive; they are: {string.Join(", ", PartnerKinds.Public.Order())}.");
        foreach (var country in command.Filter?.Countries ?? []) validation.Country(country, "filter.countries");
        if (command.Filter?.Language is { } language)
            validation.Check(Languages.IsIso639_1(language), "filter.language", $"'{language}' is not a two-letter ISO 639-1 language code.");
        return validation.ToProblem();
    }

    [WolverinePost("/api/partners", Name = "RegisterPartner"), Authorize(Roles = Roles.Organiser)]
    public static IResult Post(RegisterPartner command, ClaimsPrincipal user, IDocumentSession session, IDataProtectionProvider protection,
        TimeProvider clock)
    {
        var secret = WebhookSignature.NewSecret();
        var partner = new Partner
        {
            Id = Guid.CreateVersion7(), Name = command.Name.Trim(), Url = command.Url, Kinds = command.Kinds?.Distinct().ToArray() ?? [],
            Filter = command.Filter ?? new PartnerFilter(), ProtectedSecret = PartnerSecrets.Protector(protection).Protect(secret),
            RegisteredBy = user.Actor().Id, RegisteredAt = clock.GetUtcNow(),
        };
        session.Store(partner);
        return Results.Created($"/api/partners/{partner.Id}",
            new PartnerCreated(partner.Id, partner.Name, partner.Url, partner.Kinds, partner.Filter, secret));
    }
}
