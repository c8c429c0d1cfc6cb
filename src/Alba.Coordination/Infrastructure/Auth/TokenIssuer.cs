using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Alba.Coordination.Accounts;
using Microsoft.IdentityModel.Tokens;

namespace Alba.Coordination.Infrastructure.Auth;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Signs the built-in JWT access tokens (HMAC-SHA256). Each carries the stamp of the account or credential it
/// was issued from, checked on every request (<see cref="AccessStamps"/>), so ending that access ends the token.
/// </summary>
public sealed class TokenIssuer(JwtSettings settings, TimeProvider clock)
{
    public AccessToken ForAccount(Account account) => Issue(account.Id, account.Role, account.Stamp, account.MovementId);

    public AccessToken ForDelegate(DelegateCredential credential) =>
        Issue(credential.DelegateId, Roles.Delegate, credential.Stamp, credential.MovementId, credential.DelegateId, credential.AssemblyId);

    private AccessToken Issue(Guid subject, string role, string stamp, Guid? movementId = null, Guid? delegateId = null, Guid? assemblyId = null)
    {
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(settings.LifetimeMinutes);
        var claims = new List<Claim>
        {
            new(AlbaClaims.Subject, subject.ToString()),
            new(AlbaClaims.Role, role),
            new(AlbaClaims.Stamp, stamp),
            new(JwtRegisteredClaimNames.Jti, Guid.CreateVersion7().ToString()),
        };
        if (movementId is { } m) claims.Add(new Claim(AlbaClaims.MovementId, m.ToString()));
        if (delegateId is { } d) claims.Add(new Claim(AlbaClaims.DelegateId, d.ToString()));
        if (assemblyId is { } a) claims.Add(new Claim(AlbaClaims.AssemblyId, a.ToString()));

        var token = new JwtSecurityToken(settings.Issuer, settings.Audience, claims, now.UtcDateTime, expires.UtcDateTime,
            new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256));
        return new AccessToken(new JwtSecurityTokenHandler().WriteToken(token), expires);
    }
}

public sealed class JwtSettings
{
    public required string Issuer { get; init; }
    public required string Audience { get; init; }
    public required int LifetimeMinutes { get; init; }
    public required SymmetricSecurityKey SigningKey { get; init; }

    /// <summary>
    /// The key comes from Alba:Jwt:SigningKey; without one, a random key lives as long as the
    /// process (tokens end at restart, and several nodes need a configured key).
    /// </summary>
    public static JwtSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Alba:Jwt");
        var configured = section["SigningKey"];
        var key = string.IsNullOrWhiteSpace(configured) ? RandomNumberGenerator.GetBytes(64) : Encoding.UTF8.GetBytes(configured);
        if (key.Length < 32) throw new InvalidOperationException("Alba:Jwt:SigningKey must be at least 32 bytes.");
        return new JwtSettings
        {
            Issuer = section["Issuer"] ?? "alba-coordination",
            Audience = section["Audience"] ?? "alba-coordination",
            LifetimeMinutes = section.GetValue("LifetimeMinutes", 720),
            SigningKey = new SymmetricSecurityKey(key),
        };
    }
}
