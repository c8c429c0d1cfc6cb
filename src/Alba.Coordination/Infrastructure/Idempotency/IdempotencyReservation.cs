using Marten;
using Marten.Services;

namespace Alba.Coordination.Infrastructure.Idempotency;

/// <summary>
/// Adds the reservation row to whichever session commits changes for a keyed request, so the
/// key and the events it guards commit or fail together. Two requests racing with one key:
/// the second insert fails, its whole transaction rolls back, and it is answered from the first.
/// </summary>
public sealed class IdempotencyReservation : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        var claim = IdempotencyClaim.Current;
        if (claim is null || claim.Reserved || !HasChanges(session)) return Task.CompletedTask;
        session.Insert(new IdempotencyRecord { Id = claim.RecordId, RequestHash = claim.RequestHash, CreatedAt = claim.At });
        claim.Reserved = true;
        return Task.CompletedTask;
    }

    private static bool HasChanges(IDocumentSession session) =>
        session.PendingChanges.Streams().Any() || session.PendingChanges.Operations().Any();
}
