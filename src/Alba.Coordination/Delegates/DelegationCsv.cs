using CsvHelper;

namespace Alba.Coordination.Delegates;

/// <summary>One data row of a delegation list, as read from the file (line = the file's line, header = 1).</summary>
public sealed record DelegationRow(int Line, string FullName, string Email, string Country, string[] Languages, string Role)
{
    public RegisterDelegate For(Guid movementId) => new(movementId, FullName, Email, Country, Languages, Role);
}

/// <summary>
/// Reads a delegation list: a header row naming the columns fullName (or name), email, country, languages (codes
/// separated by spaces, commas or '|'), role (optional, delegate when empty); separator ',', ';' or tab (detected,
/// as spreadsheets write it), UTF-8 with or without a byte-order mark.
/// </summary>
public static class DelegationCsv
{
    public const int MaxRows = 5000;
    public static readonly string[] Columns = ["fullName", "email", "country", "languages", "role"];
    private static readonly char[] LanguageSeparators = [' ', ',', '|', '/'];

    private static readonly CsvReaderOptions Options = CsvReaderOptions.Default with
    {
        TrimWhitespace = true,
        TrackLineNumbers = true,
        // "Full name", "full_name" and "FullName" all name one column.
        NormalizeHeaderName = name => name.Replace(" ", "").Replace("_", "").Replace("-", "").ToLowerInvariant(),
    };

    /// <summary>The rows, or the problem with the file as a whole (a missing column, no rows, too many rows).</summary>
    public static (IReadOnlyList<DelegationRow>? Rows, ProblemDetails? Problem) Read(string text)
    {
        using var reader = CsvReader.FromText(text.TrimStart('\uFEFF'), Options);
        var headers = reader.Headers.Select(h => Options.NormalizeHeaderName!(h)).ToHashSet();
        var nameColumn = headers.Contains("fullname") ? "fullname" : "name";
        var missing = new[] { nameColumn, "email", "country", "languages" }.Where(c => !headers.Contains(c)).ToList();
        if (missing.Count > 0)
            return (null, Problems.Invalid("csv", $"The header row must name the columns {string.Join(", ", Columns)} (role may be left out); missing: {string.Join(", ", missing)}."));
        var hasRole = headers.Contains("role");
        var rows = new List<DelegationRow>();
        while (reader.Read())
        {
            if (rows.Count == MaxRows) return (null, Problems.Invalid("csv", $"A file holds at most {MaxRows} delegates; split it."));
            var role = hasRole ? reader.GetString("role").ToLowerInvariant() : "";
            rows.Add(new DelegationRow((int)reader.LineNumber, reader.GetString(nameColumn), reader.GetString("email"),
                reader.GetString("country").ToUpperInvariant(),
                reader.GetString("languages").ToLowerInvariant().Split(LanguageSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                role.Length == 0 ? DelegateRoles.Delegate : role));
        }
        return rows.Count == 0 ? (null, Problems.Invalid("csv", "The file has a header but no delegates.")) : (rows, null);
    }
}
