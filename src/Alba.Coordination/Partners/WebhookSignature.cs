using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Alba.Coordination.Partners;

/// <summary>
/// The Standard Webhooks signature: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the
/// secret is shown to the partner as <c>whsec_</c> + base64(key). The platform signs its deliveries with it, and a
/// partner signs its own requests (a replay) the same way with the same secret.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, long timestamp, string body) =>
        Compute(secret, id, timestamp.ToString(CultureInfo.InvariantCulture), body);

    /// <summary>
    /// Why a signed request must be refused, or null when one of its signatures (the header may hold several, separated by
    /// spaces) is the secret's over exactly these bytes, and its timestamp is within <paramref name="tolerance"/> of now.
    /// </summary>
    public static string? Refusal(string secret, string id, string timestamp, string body, string signatures, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return "'webhook-timestamp' must be the time of signing in Unix seconds.";
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
            return $"'webhook-timestamp' is more than {tolerance.TotalMinutes:0.#} minutes away from the server's time: sign the request again, now.";
        var expected = Encoding.ASCII.GetBytes(Compute(secret, id, timestamp, body));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected))
            ? null
            : "'webhook-signature' does not match: sign \"{webhook-id}.{webhook-timestamp}.{body}\" with this partner's secret (v1, HMAC-SHA256).";
    }

    private static string Compute(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }
}
