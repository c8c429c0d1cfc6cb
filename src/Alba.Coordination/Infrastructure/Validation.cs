using System.Net.Mail;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Infrastructure;

/// <summary>Collects field errors for one request and turns them into a 400 problem.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

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
