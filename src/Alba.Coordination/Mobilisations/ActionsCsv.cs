using System.Globalization;

namespace Alba.Coordination.Mobilisations;

/// <summary>The actions of a call with their latest figures, for organisers' spreadsheets (written by <see cref="CsvFile"/>).</summary>
public static class ActionsCsv
{
    public static readonly string[] Header =
    [
        "action_id", "city", "country", "kind", "starts_at", "organising_movement_id", "organising_movement",
        "turnout", "arrests", "injuries", "deaths", "figures_as_of", "reports",
    ];

    public static IEnumerable<IReadOnlyList<string?>> Rows(IEnumerable<ActionView> actions, IReadOnlyDictionary<Guid, string> movementNames) =>
        actions.Select(a => (IReadOnlyList<string?>)
        [
            a.Id.ToString(), a.City, a.Country, a.Kind, CsvFile.Time(a.StartsAt), a.OrganisingMovementId.ToString(),
            movementNames.GetValueOrDefault(a.OrganisingMovementId),
            Number(a.Figures.Turnout), Number(a.Figures.Arrests), Number(a.Figures.Injuries), Number(a.Figures.Deaths),
            CsvFile.Time(a.FiguresAsOf), Number(a.ReportIds.Count),
        ]);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
