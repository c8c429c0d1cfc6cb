using System.Text.RegularExpressions;
using Alba.Coordination.Infrastructure;

namespace Alba.Coordination.Statements;

/// <summary>The limits on a statement's text and the shape of its language tags.</summary>
public static partial class StatementText
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20_000;
    public const int MaxNote = 1_000;

    /// <summary>A BCP 47 tag as people write them for statements: "es", "pt-BR", "ht".</summary>
    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguageTag();

    public static Validation Language(this Validation validation, string? language, string field = "language")
    {
        if (string.IsNullOrWhiteSpace(language)) return validation.Add(field, $"'{field}' is required.");
        return validation.Check(LanguageTag().IsMatch(language.Trim()), field,
            $"'{language}' is not a language tag such as 'es', 'pt' or 'pt-BR'.");
    }
}
