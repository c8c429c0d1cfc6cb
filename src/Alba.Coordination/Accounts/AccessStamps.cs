using System.Collections.Concurrent;
using Alba.Coordination.Delegates;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;
using Marten.Services;
using Microsoft.Extensions.Caching.Memory;

namespace Alba.Coordination.Accounts;

/// <summary>
/// Whether a built-in access token still stands. Each token carries the stamp of what it was issued from: a
/// delegate's current credential (<see cref="DelegateCredential.Stamp"/>) or an account's <see cref="Account.Stamp"/>.
/// Reissuing a credential, revoking or withdrawing a delegate, withdrawing a representative or deactivating an
/// account changes or ends that stamp, so every token issued before stops at its next request. The current stamp
/// is read per subject and kept a few seconds (Alba:Access:StampCacheSeconds); a change committed on this node
/// forgets it at once (<see cref="AccessChangeListener"/>), other nodes see it when their entry expires.
/// </summary>
public sealed class AccessStamps(IConfiguration configuration) : IDisposable
{
    private readonly MemoryCache _current = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(configuration.GetValue("Alba:Access:StampCacheSeconds", 5));

    // Counts the changes seen per subject, so a lookup that read the database before a change committed does not
    // put the stale stamp back into the cache after the change forgot it.
    private readonly ConcurrentDictionary<Guid, long> _changes = new();

    /// <summary>
    /// Tokens of an external OpenID Connect authority (Alba:Auth:Authority) carry no stamp of ours: that authority
    /// ends them (short lifetimes, its own revocation), so the check applies to the built-in tokens only.
    /// </summary>
    public bool Applies { get; } = string.IsNullOrWhiteSpace(configuration["Alba:Auth:Authority"]);

    public async ValueTask<bool> StillStandsAsync(IDocumentStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Applies) return true;
        if (user.ToActor() is not { } actor) return false;
        if (!_current.TryGetValue(actor.Id, out string? current))
        {
            var seen = _changes.GetValueOrDefault(actor.Id);
            current = await ReadAsync(store, actor, cancellationToken);
            if (_changes.GetValueOrDefault(actor.Id) == seen)
                _current.Set(actor.Id, current, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _lifetime, Size = 1 });
        }
        return current is not null && current == user.FindFirstValue(AlbaClaims.Stamp);
    }

    /// <summary>The subject's access changed: read it afresh on its next request.</summary>
    public void Forget(Guid subject)
    {
        _changes.AddOrUpdate(subject, 1, (_, count) => count + 1);
        _current.Remove(subject);
    }

    /// <summary>The stamp a token of this subject must carry now, or null when its access has ended.</summary>
    private static async Task<string?> ReadAsync(IDocumentStore store, Actor actor, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        if (actor.Role == Roles.Delegate)
            return await session.Query<DelegateCredential>()
                .Where(c => c.DelegateId == actor.Id && c.InvalidatedAt == null)
                .Select(c => c.Stamp)
                .FirstOrDefaultAsync(cancellationToken);
        var account = await session.LoadAsync<Account>(actor.Id, cancellationToken);
        return account is { IsActive: true } ? account.Stamp : null;
    }

    public void Dispose() => _current.Dispose();
}

/// <summary>
/// After each commit on this node: forgets the cached stamps of every subject whose access the commit touched, and
/// closes the live connections of those whose access it ended (they reconnect only with a new token).
/// </summary>
public sealed class AccessChangeListener(AccessStamps stamps, LiveConnections connections) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var (subject, ended) in Changes(commit))
        {
            stamps.Forget(subject);
            if (ended) connections.Close(subject);
        }
        return Task.CompletedTask;
    }

    /// <summary>Whose access a commit touched, and whether it ended the tokens issued so far.</summary>
    public static IEnumerable<(Guid Subject, bool Ended)> Changes(IChangeSet commit) =>
        commit.GetEvents().Select(e => e.Data switch
            {
                DelegateAccredited accredited => (accredited.DelegateId, false),
                CredentialReissued reissued => (reissued.DelegateId, true),
                DelegateRevoked revoked => (revoked.DelegateId, true),
                DelegateWithdrawn withdrawn => (withdrawn.DelegateId, true),
                RepresentativeWithdrawn withdrawn => (withdrawn.RepresentativeId, true),
                _ => ((Guid, bool)?)null,
            })
            .OfType<(Guid, bool)>()
            .Concat(commit.Updated.Concat(commit.Inserted).OfType<Account>().Select(a => (a.Id, !a.IsActive)));
}
