namespace Alba.Coordination.Live;

/// <summary>
/// The names of live groups. What a group carries is what its GET routes show to whoever may join it: public groups
/// carry no per-person data; <see cref="LiveGroupAccess"/> checks every join like the matching GET.
/// </summary>
public static class LiveGroups
{
    public const string Movements = "movements";

    public static string Assembly(Guid id) => $"assembly:{id}";
    public static string Session(Guid id) => $"session:{id}";
    /// <summary>Public once published; a draft or an open statement only for those who may read it.</summary>
    public static string Statement(Guid id) => $"statement:{id}";
    public static string Mobilisation(Guid id) => $"mobilisation:{id}";
    /// <summary>Private: the movement's representatives and organisers.</summary>
    public static string Movement(Guid id) => $"movement:{id}";
    /// <summary>Private: the delegate itself and organisers.</summary>
    public static string Delegate(Guid id) => $"delegate:{id}";
    /// <summary>Private: every registration of the assembly, person by person, as its delegate list shows organisers.</summary>
    public static string Registrations(Guid assemblyId) => $"registrations:{assemblyId}";
}
