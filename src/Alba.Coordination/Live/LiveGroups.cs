namespace Alba.Coordination.Live;

/// <summary>The names of live groups, and who may join which.</summary>
public static class LiveGroups
{
    public const string Movements = "movements";

    public static string Assembly(Guid id) => $"assembly:{id}";
    public static string Session(Guid id) => $"session:{id}";
    public static string Statement(Guid id) => $"statement:{id}";
    public static string Mobilisation(Guid id) => $"mobilisation:{id}";
    /// <summary>Private: the movement's representatives and organisers.</summary>
    public static string Movement(Guid id) => $"movement:{id}";
    /// <summary>Private: the delegate itself and organisers.</summary>
    public static string Delegate(Guid id) => $"delegate:{id}";

    private static readonly HashSet<string> PublicKinds = ["assembly", "session", "statement", "mobilisation"];

    public enum Access { Allowed, NeedsToken, Forbidden, Unknown }

    public static Access Check(string group, Infrastructure.Auth.Actor? actor)
    {
        if (group == Movements) return Access.Allowed;
        var parts = group.Split(':');
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id)) return Access.Unknown;
        if (PublicKinds.Contains(parts[0])) return Access.Allowed;
        if (parts[0] is not ("movement" or "delegate")) return Access.Unknown;
        if (actor is null) return Access.NeedsToken;
        if (actor.IsOrganiser) return Access.Allowed;
        return parts[0] switch
        {
            "movement" when actor.MovementId == id && actor.Role == Infrastructure.Auth.Roles.Representative => Access.Allowed,
            "delegate" when actor.IsDelegate(id) => Access.Allowed,
            _ => Access.Forbidden,
        };
    }
}
