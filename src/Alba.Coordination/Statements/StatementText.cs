namespace Alba.Coordination.Statements;

/// <summary>The limits on a statement's text and the shape of its language tags.</summary>
public static class StatementText
{
    public const int MaxTitle = 200;
    public const int MaxBody = 20_000;
    public const int MaxNote = 1_000;

    public static Validation Language(this Validation validation, string? language, string field = "language")
    {
        if (string.IsNullOrWhiteSpace(language)) return validation.Add(field, $"'{field}' is required.");
        return validation.Check(Languages.IsTag(language.Trim()), field,
            $"'{language}' is not a language tag such as 'es', 'pt' or 'pt-BR'.");
    }
}
