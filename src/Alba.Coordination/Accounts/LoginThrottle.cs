using Microsoft.Extensions.Caching.Memory;

namespace Alba.Coordination.Accounts;

/// <summary>
/// Growing delays after failed sign-ins, per key: for passwords the account and the caller's address together, so
/// someone guessing from other addresses cannot lock the owner out, while each address gets only a few free tries
/// per account. The first Alba:Login:FailuresPerWindow failures in a row cost nothing; each further one blocks the
/// key for twice as long as the one before (Alba:Login:FirstDelaySeconds, at most Alba:Login:MaxDelaySeconds), even
/// for the right password. A success, or Alba:Login:WindowSeconds without a failure, forgets the key.
/// </summary>
public sealed class LoginThrottle(IConfiguration configuration, TimeProvider clock) : IDisposable
{
    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = 200_000 });
    private readonly int _freeFailures = configuration.GetValue("Alba:Login:FailuresPerWindow", 5);
    private readonly TimeSpan _firstDelay = TimeSpan.FromSeconds(configuration.GetValue("Alba:Login:FirstDelaySeconds", 2));
    private readonly TimeSpan _maxDelay = TimeSpan.FromSeconds(configuration.GetValue("Alba:Login:MaxDelaySeconds", 900));
    private readonly TimeSpan _memory = TimeSpan.FromSeconds(configuration.GetValue("Alba:Login:WindowSeconds", 300));

    private sealed class Record
    {
        public int Failures;
        public DateTimeOffset BlockedUntil;
    }

    public static string PasswordKey(string email, HttpContext context) => $"password:{email}|{context.Connection.RemoteIpAddress}";

    /// <summary>Null when the key may try now; otherwise how long until it may.</summary>
    public TimeSpan? Blocked(string key)
    {
        if (!_failures.TryGetValue(key, out Record? record)) return null;
        lock (record!)
        {
            var wait = record.BlockedUntil - clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : null;
        }
    }

    public void RecordFailure(string key)
    {
        var record = _failures.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            return new Record();
        })!;
        var now = clock.GetUtcNow();
        DateTimeOffset forgetAt;
        lock (record)
        {
            record.Failures++;
            var beyondFree = record.Failures - _freeFailures;
            if (beyondFree >= 0)
            {
                var delay = _firstDelay * Math.Pow(2, Math.Min(beyondFree, 30));
                record.BlockedUntil = now + (delay < _maxDelay ? delay : _maxDelay);
            }
            // The window counts from the last failure and never ends a block early.
            forgetAt = (record.BlockedUntil > now ? record.BlockedUntil : now) + _memory;
        }
        _failures.Set(key, record, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = forgetAt - now });
    }

    public void Succeeded(string key) => _failures.Remove(key);

    public void Dispose() => _failures.Dispose();
}
