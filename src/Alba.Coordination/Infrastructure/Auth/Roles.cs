using System.Security.Claims;

namespace Alba.Coordination.Infrastructure.Auth;

public static class Roles
{
    public const string Organiser = "organiser";
    public const string Representative = "representative";
    public const string Delegate = "delegate";
}

public static class AlbaClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string MovementId = "movementId";
    public const string DelegateId = "delegateId";
    public const string AssemblyId = "assemblyId";
    /// <summary>The security stamp of what the token was issued from (<see cref="Accounts.AccessStamps"/>).</summary>
    public const string Stamp = "stamp";
}

/// <summary>Who is acting, read from the token: what every decision and event records as the actor.</summary>
public sealed record Actor(Guid Id, string Role, Guid? MovementId, Guid? DelegateId)
{
    public bool IsOrganiser => Role == Roles.Organiser;

    public bool Represents(Guid movementId) => Role == Roles.Representative && MovementId == movementId;

    /// <summary>Organisers act for every movement; a representative only for its own.</summary>
    public bool MaySpeakFor(Guid movementId) => IsOrganiser || Represents(movementId);

    public bool IsDelegate(Guid delegateId) => Role == Roles.Delegate && DelegateId == delegateId;
}

public static class ActorExtensions
{
    /// <summary>The actor behind an authenticated principal; null for an anonymous caller.</summary>
    public static Actor? ToActor(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (!Guid.TryParse(user.FindFirstValue(AlbaClaims.Subject), out var id)) return null;
        var role = user.FindFirstValue(AlbaClaims.Role) ?? "";
        return new Actor(id, role, ParseGuid(user, AlbaClaims.MovementId), ParseGuid(user, AlbaClaims.DelegateId));
    }

    /// <summary>For endpoints behind [Authorize]: authentication already guaranteed an actor.</summary>
    public static Actor Actor(this ClaimsPrincipal user) =>
        user.ToActor() ?? throw new InvalidOperationException("The endpoint requires an authenticated caller.");

    private static Guid? ParseGuid(ClaimsPrincipal user, string claim) =>
        Guid.TryParse(user.FindFirstValue(claim), out var value) ? value : null;
}
