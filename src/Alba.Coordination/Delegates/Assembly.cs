using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Delegates;

public sealed record AssemblyConvened(Guid AssemblyId, string Title, string City, string Country, DateOnly OpensOn, DateOnly ClosesOn,
    int Capacity, int DelegatesPerMovement, Guid By, DateTimeOffset At);

public sealed record RegistrationOpened(Guid AssemblyId, Guid By, DateTimeOffset At);

public sealed record RegistrationClosed(Guid AssemblyId, Guid By, DateTimeOffset At);

public sealed record AssemblyLimitsChanged(Guid AssemblyId, int Capacity, int DelegatesPerMovement, Guid By, DateTimeOffset At);

/// <summary>After <paramref name="RetainedUntil"/> the assembly's delegates' personal data is erased (null: kept until erased by request).</summary>
public sealed record PersonalDataRetentionSet(Guid AssemblyId, DateTimeOffset? RetainedUntil, Guid By, DateTimeOffset At);

/// <summary>The retention sweep's report: these delegates' personal data was erased because the retention date had passed.</summary>
public sealed record PersonalDataRetentionApplied(Guid AssemblyId, DateTimeOffset RetainedUntil, Guid[] ErasedDelegateIds, DateTimeOffset At);

public enum RegistrationStatus { NotOpened, Open, Closed }

/// <summary>What commands on an assembly decide on (its registration window and limits), folded live from its stream.</summary>
public sealed record AssemblyState(Guid Id, string Title, int Capacity, int DelegatesPerMovement, RegistrationStatus Registration)
{
    public DateTimeOffset? PersonalDataRetainedUntil { get; init; }

    public static AssemblyState Create(AssemblyConvened e) =>
        new(e.AssemblyId, e.Title, e.Capacity, e.DelegatesPerMovement, RegistrationStatus.NotOpened);

    public AssemblyState Apply(RegistrationOpened _) => this with { Registration = RegistrationStatus.Open };

    public AssemblyState Apply(RegistrationClosed _) => this with { Registration = RegistrationStatus.Closed };

    public AssemblyState Apply(AssemblyLimitsChanged e) => this with { Capacity = e.Capacity, DelegatesPerMovement = e.DelegatesPerMovement };

    public AssemblyState Apply(PersonalDataRetentionSet e) => this with { PersonalDataRetainedUntil = e.RetainedUntil };
}

/// <summary>The assembly as every reader sees it; one document per assembly stream.</summary>
public sealed class AssemblyView : IRevisioned
{
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public string City { get; set; } = "";
    public string Country { get; set; } = "";
    public DateOnly OpensOn { get; set; }
    public DateOnly ClosesOn { get; set; }
    public int Capacity { get; set; }
    public int DelegatesPerMovement { get; set; }
    public RegistrationStatus Registration { get; set; }
    public DateTimeOffset ConvenedAt { get; set; }
    public DateTimeOffset? PersonalDataRetainedUntil { get; set; }
    /// <summary>How many delegates' personal data the retention sweep has erased, and when it last did.</summary>
    public int ErasedByRetention { get; set; }
    public DateTimeOffset? LastErasedByRetentionAt { get; set; }
    public int Version { get; set; }
}

public sealed partial class AssemblyViewProjection : SingleStreamProjection<AssemblyView, Guid>
{
    public static AssemblyView Create(AssemblyConvened e) => new()
    {
        Id = e.AssemblyId, Title = e.Title, City = e.City, Country = e.Country, OpensOn = e.OpensOn, ClosesOn = e.ClosesOn,
        Capacity = e.Capacity, DelegatesPerMovement = e.DelegatesPerMovement, ConvenedAt = e.At,
    };

    public static void Apply(RegistrationOpened _, AssemblyView view) => view.Registration = RegistrationStatus.Open;

    public static void Apply(RegistrationClosed _, AssemblyView view) => view.Registration = RegistrationStatus.Closed;

    public static void Apply(AssemblyLimitsChanged e, AssemblyView view)
    {
        view.Capacity = e.Capacity;
        view.DelegatesPerMovement = e.DelegatesPerMovement;
    }

    public static void Apply(PersonalDataRetentionSet e, AssemblyView view) => view.PersonalDataRetainedUntil = e.RetainedUntil;

    public static void Apply(PersonalDataRetentionApplied e, AssemblyView view)
    {
        view.ErasedByRetention += e.ErasedDelegateIds.Length;
        view.LastErasedByRetentionAt = e.At;
    }
}
