using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Infrastructure;

/// <summary>Collects field errors for one request and turns them into a 400 problem.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public Validation Check(bool condition, string field, string message)
    {
        if (!condition) Add(field, message);
        return this;
    }

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' is required.");
        return Check(value.Length <= maxLength, field, $"'{field}' must be at most {maxLength} characters.");
    }

    /// <summary>
    /// A person's or a movement's name: required, and free of the invisible characters that change how text around them
    /// displays (bidirectional overrides, embeddings, isolates and marks) and of control characters, so a name cannot pose
    /// as another on a badge, a page or in a spreadsheet.
    /// </summary>
    public Validation Name(string? value, string field, int maxLength = 200)
    {
        Required(value, field, maxLength);
        if (string.IsNullOrEmpty(value)) return this;
        return Check(!value.Any(IsDisplayControl), field,
            $"'{field}' contains an invisible control character (such as a right-to-left override); type the name as plain text.");
    }

    public static bool IsDisplayControl(char c) =>
        char.IsControl(c) || c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public Validation Email(string? value, string field = "email")
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' is required.");
        return Check(IsEmail(value), field, $"'{value}' is not a valid email address.");
    }

    public Validation Country(string? value, string field = "country")
    {
        if (string.IsNullOrWhiteSpace(value)) return Add(field, $"'{field}' is required.");
        return Check(Countries.IsIsoAlpha2(value), field,
            $"'{value}' is not an ISO 3166-1 alpha-2 country code (for example AR, VE, CO).");
    }

    /// <summary>
    /// The dates any request may name: wide enough for every assembly, call or report on record, narrow enough that the
    /// date arithmetic on them (a day of time-zone slack, the day after a call ends) can never overflow.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    public static readonly DateOnly LatestDate = new(2199, 12, 31);

    private static string DateRange => $"between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}";

    public Validation Date(DateOnly value, string field)
    {
        if (value == default) return Add(field, $"'{field}' is required.");
        return Check(value >= EarliestDate && value <= LatestDate, field, $"'{field}' must be a date {DateRange}.");
    }

    public Validation Time(DateTimeOffset value, string field)
    {
        if (value == default) return Add(field, $"'{field}' is required.");
        var day = DateOnly.FromDateTime(value.UtcDateTime);
        return Check(day >= EarliestDate && day <= LatestDate, field, $"'{field}' must be a time {DateRange}.");
    }

    public Validation NotEmpty(Guid value, string field) =>
        Check(value != Guid.Empty, field, $"'{field}' is required.");

    public ProblemDetails ToProblem() => IsValid
        ? Problems.Ok
        : Problems.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public static bool IsEmail(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value.Trim()
        && value.Contains('.', StringComparison.Ordinal);

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();
}
