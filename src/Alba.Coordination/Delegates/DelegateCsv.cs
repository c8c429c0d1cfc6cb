using System.Globalization;
using System.Text;

namespace Alba.Coordination.Delegates;

/// <summary>The delegate list as CSV (RFC 4180) for spreadsheets.</summary>
public static class DelegateCsv
{
    private static readonly string[] Header =
        ["id", "fullName", "email", "movementId", "movement", "country", "languages", "role", "status", "registeredAt", "accreditedAt", "checkedInAt"];

    public static string Write(IEnumerable<DelegateListItem> items)
    {
        var csv = new StringBuilder();
        AppendRow(csv, Header);
        foreach (var i in items)
            AppendRow(csv, [i.Id.ToString(), i.FullName, i.Email, i.MovementId.ToString(), i.MovementName, i.Country, string.Join(' ', i.Languages),
                i.Role, i.Status.ToString().ToLowerInvariant(), Time(i.RegisteredAt), Time(i.AccreditedAt), Time(i.CheckedInAt)]);
        return csv.ToString();
    }

    /// <summary>UTF-8 with a byte-order mark, so spreadsheet programs read accented names right.</summary>
    public static byte[] Encode(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

    /// <summary>
    /// Quotes a field that holds a separator, quote or line break (doubling inner quotes), and
    /// defuses text a spreadsheet would run as a formula (a leading =, +, -, @, tab or CR).
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static void AppendRow(StringBuilder csv, IEnumerable<string?> fields) =>
        csv.Append(string.Join(',', fields.Select(Field))).Append("\r\n");

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
