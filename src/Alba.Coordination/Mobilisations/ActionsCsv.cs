using System.Globalization;
using System.Text;

namespace Alba.Coordination.Mobilisations;

/// <summary>The actions of a call with their latest figures as RFC 4180 CSV, for organisers' spreadsheets.</summary>
public static class ActionsCsv
{
    public static readonly string[] Header =
    [
        "action_id", "city", "country", "kind", "starts_at", "organising_movement_id", "organising_movement",
        "turnout", "arrests", "injuries", "deaths", "figures_as_of", "reports",
    ];

    public static string Write(IEnumerable<ActionView> actions, IReadOnlyDictionary<Guid, string> movementNames)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var a in actions)
        {
            Line(csv,
            [
                a.Id.ToString(), Text(a.City), a.Country, a.Kind, Time(a.StartsAt), a.OrganisingMovementId.ToString(),
                Text(movementNames.GetValueOrDefault(a.OrganisingMovementId, "")),
                Number(a.Figures.Turnout), Number(a.Figures.Arrests), Number(a.Figures.Injuries), Number(a.Figures.Deaths),
                a.FiguresAsOf is { } asOf ? Time(asOf) : "", Number(a.ReportIds.Count),
            ]);
        }
        return csv.ToString();
    }

    /// <summary>Quotes a field that holds a separator, a quote or a line break, doubling inner quotes.</summary>
    public static string Escape(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field != field.Trim()
            ? '"' + field.Replace("\"", "\"\"", StringComparison.Ordinal) + '"'
            : field;

    /// <summary>
    /// Free text typed by representatives: a leading = + - @ would run as a formula when a
    /// spreadsheet opens the file, so such a value is kept as text with a leading apostrophe.
    /// </summary>
    private static string Text(string value) => value.Length > 0 && "=+-@\t\r".Contains(value[0]) ? "'" + value : value;

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(',', fields.Select(Escape))).Append("\r\n");
}
