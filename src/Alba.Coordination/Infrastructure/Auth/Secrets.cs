using System.Security.Cryptography;
using System.Text;

namespace Alba.Coordination.Infrastructure.Auth;

/// <summary>One-time codes (invitations, delegate credentials): random, shown once, stored only as a hash.</summary>
public static class Secrets
{
    // Crockford-style alphabet: no 0/O or 1/I/L confusion when a code is typed from a badge.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string NewCode(int length = 20) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        });

    /// <summary>A fresh security stamp: random, not secret (it sits in signed tokens), only compared.</summary>
    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>SHA-256 is enough here: the codes are long and random, not user-chosen passwords.</summary>
    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(code))));

    private static string Normalise(string code) => code.Trim().Replace("-", "").Replace(" ", "").ToUpperInvariant();
}
