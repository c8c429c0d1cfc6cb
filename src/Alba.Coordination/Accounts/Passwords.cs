using Microsoft.AspNetCore.Identity;
using Zxcvbn.Matcher;

namespace Alba.Coordination.Accounts;

/// <summary>Which passwords an account may have, and checking one in the same time whether the account exists or not.</summary>
public sealed class Passwords(PasswordHasher<Account> hasher)
{
    public const int MinimumLength = 12;

    // Fewer different characters than this is a pattern (aaaa…, 1212…), not a password.
    private const int MinimumDistinctCharacters = 5;

    // What a password made of common ones may add and still count as made of them: a couple of characters of any kind,
    // or a few digits and signs (password1234 is listed; iloveyou + 2026, qwertyuiop + 12 are a listed word and a number).
    private const int AnyCharactersAllowance = 2;
    private const int DigitsAndSignsAllowance = 4;

    // zxcvbn's list of the 30,000 most frequent leaked passwords, matched case-insensitively anywhere in the password.
    private static readonly Lazy<DictionaryMatcher> CommonPasswords = new(() => new DictionaryMatcher("passwords", "passwords.lst"));

    private static readonly Account Decoy = new() { Sealed = "", Role = "" };
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Decoy, Secrets.NewCode()));

    /// <summary>Why this password may not be chosen, or null when it may.</summary>
    public static string? Weakness(string password)
    {
        if (password.Length < MinimumLength) return $"The password must have at least {MinimumLength} characters.";
        if (password.Distinct().Count() < MinimumDistinctCharacters)
            return $"The password must use at least {MinimumDistinctCharacters} different characters.";
        var covered = new bool[password.Length];
        foreach (var match in CommonPasswords.Value.MatchPassword(password).Where(m => m.Token.Length >= 4))
            Array.Fill(covered, true, match.i, match.j - match.i + 1);
        var rest = password.Where((_, i) => !covered[i]).ToList();
        return rest.Count <= AnyCharactersAllowance || (rest.Count <= DigitsAndSignsAllowance && !rest.Any(char.IsLetter))
            ? "This password is, or is made of, common passwords that attackers try first: choose a longer phrase of your own."
            : null;
    }

    /// <summary>Adds the field error a chosen password deserves, if any.</summary>
    public static Validation Check(Validation validation, string? password, string field = "password") =>
        string.IsNullOrWhiteSpace(password) || password.Length > 500 ? validation.Required(password, field, 500)
        : Weakness(password) is { } weakness ? validation.Add(field, weakness)
        : validation;

    public string Hash(Account account, string password) => hasher.HashPassword(account, password);

    /// <summary>
    /// True for an active account whose password this is. An unknown or inactive account costs the same hashing
    /// work, so the answer's time does not tell whether an email has an account.
    /// </summary>
    public bool Verify(Account? account, string password)
    {
        if (account is { IsActive: true, PasswordHash: { } hash })
            return hasher.VerifyHashedPassword(account, hash, password) != PasswordVerificationResult.Failed;
        hasher.VerifyHashedPassword(Decoy, _decoyHash.Value, password);
        return false;
    }
}
