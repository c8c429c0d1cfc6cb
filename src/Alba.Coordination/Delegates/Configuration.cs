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
        options.Schema.For<DelegateView>().Index(d => d.AssemblyId).Index(d => d.MovementId);
        // One registration per email per assembly, whatever the race.
        options.Schema.For<DelegatePerson>().UniqueIndex(UniqueIndexType.Computed, "ux_delegate_person_email", p => p.AssemblyId, p => p.Email);

        live.Route<AssemblyConvened>(e => [LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<RegistrationOpened>(e => [LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<RegistrationClosed>(e => [LiveGroups.Assembly(e.AssemblyId)]);
    }
}
