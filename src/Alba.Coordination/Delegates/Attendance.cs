using System.Linq.Expressions;

namespace Alba.Coordination.Delegates;

public sealed record CountryAttendance(string Country, int Registered, int Accredited, int CheckedIn);

public sealed record MovementAttendance(Guid MovementId, string Name, int Registered, int Accredited, int CheckedIn);

/// <summary>
/// Public attendance, counted from the delegate views: registered = holding a place (registered,
/// accredited or revoked; not rejected or withdrawn), accredited = accredited now, checked in =
/// accredited now and scanned at a door at least once.
/// </summary>
public sealed record Attendance(Guid AssemblyId, int Registered, int Accredited, int CheckedIn,
    IReadOnlyList<CountryAttendance> ByCountry, IReadOnlyList<MovementAttendance> ByMovement)
{
    /// <summary>Whether a registration takes one of the assembly's places: the one definition, for queries and counts.</summary>
    public static readonly Expression<Func<DelegateView, bool>> HoldingPlace =
        d => d.Status != DelegateStatus.Withdrawn && d.Status != DelegateStatus.Rejected;

    private static readonly Func<DelegateView, bool> HoldsPlaceCompiled = HoldingPlace.Compile();

    public static bool HoldsPlace(DelegateView view) => HoldsPlaceCompiled(view);

    public static bool IsAccredited(DelegateView view) => view.Status == DelegateStatus.Accredited;

    public static bool IsPresent(DelegateView view) => IsAccredited(view) && view.IsCheckedIn;

    public static Attendance Count(Guid assemblyId, IReadOnlyCollection<DelegateView> delegates, IReadOnlyDictionary<Guid, string> movementNames)
    {
        var holding = delegates.Where(HoldsPlace).ToList();
        var byCountry = holding.GroupBy(d => d.Country)
            .Select(g => new CountryAttendance(g.Key, g.Count(), g.Count(IsAccredited), g.Count(IsPresent)))
            .OrderByDescending(c => c.Registered).ThenBy(c => c.Country, StringComparer.Ordinal)
            .ToList();
        var byMovement = holding.GroupBy(d => d.MovementId)
            .Select(g => new MovementAttendance(g.Key, movementNames.GetValueOrDefault(g.Key, ""), g.Count(), g.Count(IsAccredited), g.Count(IsPresent)))
            .OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.MovementId)
            .ToList();
        return new Attendance(assemblyId, holding.Count, holding.Count(IsAccredited), holding.Count(IsPresent), byCountry, byMovement);
    }
}
