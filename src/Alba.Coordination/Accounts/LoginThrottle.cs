using System.Threading.RateLimiting;

namespace Alba.Coordination.Accounts;

/// <summary>
/// Counts failed sign-ins per account name (email or credential) in a fixed window: once the
/// budget is spent, further attempts answer 429 with Retry-After until the window ends, even
/// with the right password, so guessing is bounded per account whatever the caller's address.
/// Per-address request limits sit in front of this (ASP.NET Core rate limiting, policy "auth").
/// </summary>
public sealed class LoginThrottle(IConfiguration configuration) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = configuration.GetValue("Alba:Login:FailuresPerWindow", 5),
            Window = TimeSpan.FromSeconds(configuration.GetValue("Alba:Login:WindowSeconds", 300)),
            QueueLimit = 0,
        }));

    /// <summary>Null when the name may try again; otherwise how long until it may.</summary>
    public TimeSpan? Blocked(string name)
    {
        using var probe = _failures.AttemptAcquire(name, permitCount: 0);
        if (probe.IsAcquired) return null;
        return probe.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(60);
    }

    public void RecordFailure(string name) => _failures.AttemptAcquire(name).Dispose();

    public void Dispose() => _failures.Dispose();
}
