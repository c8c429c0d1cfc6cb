using Alba.Coordination.Live;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;

namespace Alba.Coordination.Delegates;

public static class DelegatesConfiguration
{
    public static void ConfigureDelegates(this StoreOptions options, LiveRoutes live)
    {
        options.Projections.Add<AssemblyViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DelegateViewProjection>(ProjectionLifecycle.Inline);
        // Inline: a credential works the moment the accreditation answer hands out its code.
        options.Projections.Add(new DelegateCredentialProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<DelegateView>().Index(d => d.AssemblyId).Index(d => d.MovementId);
        // One registration per email per assembly, whatever the race.
        options.Schema.For<DelegatePerson>().UniqueIndex(UniqueIndexType.Computed, "ux_delegate_person_email", p => p.AssemblyId, p => p.Email);

        live.Route<AssemblyConvened>(e => [LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<RegistrationOpened>(e => [LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<RegistrationClosed>(e => [LiveGroups.Assembly(e.AssemblyId)]);

        // Attendance and accreditation changes, public: ids and status only, never names or credential hashes.
        live.Route<DelegateRegistered>(e => [LiveGroups.Assembly(e.AssemblyId)],
            e => new { e.DelegateId, e.MovementId, e.Country, e.Role, Status = nameof(DelegateStatus.Registered) });
        live.Route<DelegateAccredited>(e => [LiveGroups.Assembly(e.AssemblyId)],
            e => new { e.DelegateId, Status = nameof(DelegateStatus.Accredited) });
        live.Route<DelegateRejected>(e => [LiveGroups.Assembly(e.AssemblyId)],
            e => new { e.DelegateId, Status = nameof(DelegateStatus.Rejected) });
        live.Route<DelegateRevoked>(e => [LiveGroups.Assembly(e.AssemblyId), LiveGroups.Delegate(e.DelegateId)],
            e => new { e.DelegateId, Status = nameof(DelegateStatus.Revoked) });
        live.Route<DelegateWithdrew>(e => [LiveGroups.Assembly(e.AssemblyId)],
            e => new { e.DelegateId, Status = nameof(DelegateStatus.Withdrawn) });
        live.Route<DelegateCheckedIn>(e => [LiveGroups.Assembly(e.AssemblyId)],
            e => new { e.DelegateId, e.ScannedAt });
        live.Route<CredentialReissued>(e => [LiveGroups.Delegate(e.DelegateId)],
            e => new { e.DelegateId });
    }
}
