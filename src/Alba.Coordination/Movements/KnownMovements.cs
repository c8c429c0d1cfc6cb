using System.Collections.Concurrent;
using Marten.Services;

namespace Alba.Coordination.Movements;

/// <summary>
/// The movements this node knows exist: those it registered (learnt after their commit) and those a read found. A movement
/// is never removed once registered, so a known one need not be read again: a delegation registered on the node that
/// registered its movement never reads it. Bounded by the movements that exist.
/// </summary>
public sealed class KnownMovements : DocumentSessionListenerBase
{
    private readonly ConcurrentDictionary<Guid, bool> _known = new();

    public bool Contains(Guid movementId) => _known.ContainsKey(movementId);

    public void Learn(Guid movementId) => _known.TryAdd(movementId, true);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var registered in commit.GetEvents().Select(e => e.Data).OfType<MovementRegistered>()) Learn(registered.MovementId);
        return Task.CompletedTask;
    }
}
