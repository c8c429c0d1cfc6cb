using CsvHelper;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Every CSV export: RFC 4180 with a header row, UTF-8 with one byte-order mark (so spreadsheets read accented names
/// right), fields holding a comma, a semicolon (the separator of semicolon-locale spreadsheets), a quote, a line
/// break or outer spaces quoted, and text a spreadsheet would run as a formula (= + - @ tab CR) defused with a
/// leading apostrophe.
/// </summary>
public static class CsvFile
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        ShouldQuote = (field, _, _, _) => NeedsQuotes(field),
    };

    /// <summary>
    /// Whether a field must be quoted to read back as one field in every spreadsheet: it holds a comma, a semicolon,
    /// a quote or a line break, or starts or ends with white space.
    /// </summary>
    public static bool NeedsQuotes(ReadOnlySpan<char> field) =>
        field.IndexOfAny(",;\"\r\n") >= 0 || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])));

    /// <summary>The file's bytes: the header, then one record per row (a null field is empty).</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = CsvWriter.Create(stream, Options, leaveOpen: true))
        {
            writer.WriteRecord([.. header]);
            foreach (var row in rows) writer.WriteRecord([.. row]);
        }
        return stream.ToArray();
    }

    /// <summary>The file as a download answer.</summary>
    public static IResult Answer(string fileName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) =>
        Results.File(Write(header, rows), "text/csv; charset=utf-8", fileName);

    /// <summary>Times in CSV files: UTC, to the second, ISO 8601.</summary>
    public static string? Time(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
