namespace Alba.Coordination.Live;

/// <summary>
/// Which live groups an event belongs to. Capabilities declare it once per event type in their
/// Configuration; the subscription turns every committed event with a route into pushes.
/// </summary>
public sealed class LiveRoutes
{
    private readonly Dictionary<Type, Func<object, IEnumerable<string>>> _routes = new();

    public LiveRoutes Route<TEvent>(Func<TEvent, IEnumerable<string>> groups) where TEvent : notnull
    {
        _routes[typeof(TEvent)] = data => groups((TEvent)data);
        return this;
    }

    public IReadOnlyList<string> GroupsFor(object data) =>
        _routes.TryGetValue(data.GetType(), out var groups) ? groups(data).Distinct().ToList() : [];

    public bool IsRouted(Type eventType) => _routes.ContainsKey(eventType);
}

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
