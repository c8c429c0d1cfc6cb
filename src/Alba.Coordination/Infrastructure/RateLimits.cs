using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Alba.Coordination.Infrastructure;

public static class RateLimits
{
    /// <summary>Sign-in and invitation routes: a per-address request budget in front of the per-account failure throttle.</summary>
    public const string Auth = "auth";

    /// <summary>
    /// Credential sign-in: a per-address budget sized for a whole hall signing in from one venue address at the
    /// opening rush (Alba:Login:CredentialBurstPerClient at once, then Alba:Login:CredentialRequestsPerMinutePerClient).
    /// </summary>
    public const string CredentialLogin = "credential-login";

    public static void AddAlbaRateLimits(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue("Alba:Login:RequestsPerMinutePerClient", 120);
        var credentialBurst = builder.Configuration.GetValue("Alba:Login:CredentialBurstPerClient", 1000);
        var credentialPerMinute = builder.Configuration.GetValue("Alba:Login:CredentialRequestsPerMinutePerClient", 600);
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // The caller's address is the connection's, or the one a configured proxy forwarded (CallerAddresses).
            options.AddPolicy(Auth, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            options.AddPolicy(CredentialLogin, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = credentialBurst, TokensPerPeriod = Math.Max(1, credentialPerMinute / 6), ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                    QueueLimit = 0,
                }));
            options.OnRejected = async (rejected, token) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)retryAfter.TotalSeconds).ToString();
                await Problems.WriteAsync(rejected.HttpContext, Problems.TooManyRequests("Too many requests. Try again later."));
            };
        });
    }
}
