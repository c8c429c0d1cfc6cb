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
/// <remarks>
/// Stamps missing from the cache are read together: one read at a time goes to the database, for every subject that
/// missed since the last one. A vote's burst brings a thousand voters' first requests at once, and a read each (a
/// connection, a query) was an eighth of the app's processor time in it (docs/benchmarks.md); so is the live sweep's
/// check of every open connection.
/// </remarks>
public sealed class AccessStamps(IConfiguration configuration, IServiceProvider services) : IDisposable
{
    // Resolved at the first read, not at construction: the store's commit listener (AccessChangeListener) needs these stamps.
    private IDocumentStore Store => field ??= services.GetRequiredService<IDocumentStore>();

    private readonly MemoryCache _current = new(new MemoryCacheOptions { SizeLimit = 100_000 });
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(configuration.GetValue("Alba:Access:StampCacheSeconds", 5));

    // Counts the changes seen per subject, so a lookup that read the database before a change committed does not
    // put the stale stamp back into the cache after the change forgot it.
    private readonly ConcurrentDictionary<Guid, long> _changes = new();

    private readonly Lock _waiting = new();
    // The subjects whose stamps the next read fetches, and whether a read is under way (it takes them when it ends).
    private Dictionary<Actor, TaskCompletionSource<string?>> _wanted = [];
    private bool _reading;

    /// <summary>
    /// Tokens of an external OpenID Connect authority (Alba:Auth:Authority) carry no stamp of ours: that authority
    /// ends them (short lifetimes, its own revocation), so the check applies to the built-in tokens only.
    /// </summary>
    public bool Applies { get; } = string.IsNullOrWhiteSpace(configuration["Alba:Auth:Authority"]);

    public async ValueTask<bool> StillStandsAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Applies) return true;
        if (user.ToActor() is not { } actor) return false;
        if (!_current.TryGetValue(actor.Id, out string? current))
        {
            var seen = _changes.GetValueOrDefault(actor.Id);
            current = await ReadAsync(actor).WaitAsync(cancellationToken);
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

    /// <summary>
    /// The stamp a token of this subject must carry now (null when its access has ended), from a read that starts after
    /// this call: with the read under way, if any, the next one.
    /// </summary>
    private Task<string?> ReadAsync(Actor actor)
    {
        TaskCompletionSource<string?>? stamp;
        bool start;
        lock (_waiting)
        {
            if (!_wanted.TryGetValue(actor, out stamp))
                _wanted[actor] = stamp = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            start = !_reading;
            _reading = true;
        }
        if (start) _ = Task.Run(ReadWantedAsync);
        return stamp.Task;
    }

    /// <summary>Reads the wanted stamps, one query for all of them, until none is wanted.</summary>
    private async Task ReadWantedAsync()
    {
        while (true)
        {
            Dictionary<Actor, TaskCompletionSource<string?>> wanted;
            lock (_waiting)
            {
                if (_wanted.Count == 0)
                {
                    _reading = false;
                    return;
                }
                (wanted, _wanted) = (_wanted, []);
            }
            try
            {
                var stamps = await CurrentStampsAsync(wanted.Keys);
                foreach (var (actor, stamp) in wanted) stamp.TrySetResult(stamps.GetValueOrDefault(actor.Id));
            }
            catch (Exception e)
            {
                // The database is unreachable, say: every request waiting for this read fails as its own read would have.
                foreach (var stamp in wanted.Values) stamp.TrySetException(e);
            }
        }
    }

    /// <summary>The stamps tokens must carry now, by subject; a subject whose access has ended has none.</summary>
    private async Task<Dictionary<Guid, string>> CurrentStampsAsync(IEnumerable<Actor> actors)
    {
        var delegates = actors.Where(a => a.Role == Roles.Delegate).Select(a => a.Id).ToArray();
        var accounts = actors.Where(a => a.Role != Roles.Delegate).Select(a => a.Id).ToArray();
        await using var session = Store.QuerySession();
        var batch = session.CreateBatchQuery();
        var credentials = delegates.Length == 0 ? null
            : batch.Query<DelegateCredential>().Where(c => c.DelegateId.IsOneOf(delegates) && c.InvalidatedAt == null).ToList();
        var active = accounts.Length == 0 ? null : batch.LoadMany<Account>().ById(accounts);
        await batch.Execute();
        var stamps = active is null ? [] : (await active).Where(a => a.IsActive).ToDictionary(a => a.Id, a => a.Stamp);
        foreach (var credential in credentials is null ? [] : await credentials) stamps.TryAdd(credential.DelegateId, credential.Stamp);
        return stamps;
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
