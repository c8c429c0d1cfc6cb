using Alba.Coordination.Accounts;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;

namespace Alba.Coordination.Delegates;

/// <summary>
/// The sign-in credentials (<see cref="DelegateCredential"/>, id = the code's hash) as projected
/// from delegate events, so they rebuild like every other view. A credential is invalidated when a
/// new one is issued and when the delegate is revoked or withdraws.
/// </summary>
public sealed partial class DelegateCredentialProjection : EventProjection
{
    public DelegateCredentialProjection()
    {
        Options.DeleteViewTypeOnTeardown<DelegateCredential>();
        IncludeType<DelegateAccredited>();
        IncludeType<CredentialReissued>();
        IncludeType<DelegateRevoked>();
        IncludeType<DelegateWithdrawn>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case DelegateAccredited accredited:
                operations.Store(Issue(e, accredited.CredentialHash, accredited.DelegateId, accredited.AssemblyId, accredited.MovementId, accredited.At));
                break;
            case CredentialReissued reissued:
                Invalidate(operations, reissued.DelegateId, reissued.At);
                operations.Store(Issue(e, reissued.CredentialHash, reissued.DelegateId, reissued.AssemblyId, reissued.MovementId, reissued.At));
                break;
            case DelegateRevoked revoked:
                Invalidate(operations, revoked.DelegateId, revoked.At);
                break;
            case DelegateWithdrawn withdrew:
                Invalidate(operations, withdrew.DelegateId, withdrew.At);
                break;
        }
        return ValueTask.CompletedTask;
    }

    private static DelegateCredential Issue(IEvent issuing, string hash, Guid delegateId, Guid assemblyId, Guid movementId, DateTimeOffset at) =>
        new()
        {
            Id = hash, DelegateId = delegateId, AssemblyId = assemblyId, MovementId = movementId, IssuedAt = at,
            Stamp = issuing.Id.ToString("N"),
        };

    // A patch by condition runs in order with the batch's other operations, so during a rebuild it
    // also reaches credentials stored earlier in the same batch.
    private static void Invalidate(IDocumentOperations operations, Guid delegateId, DateTimeOffset at) =>
        operations.Patch<DelegateCredential>(c => c.DelegateId == delegateId && c.InvalidatedAt == null).Set(c => c.InvalidatedAt, at);
}
