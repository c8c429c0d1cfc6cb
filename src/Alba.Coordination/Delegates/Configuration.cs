using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;

namespace Alba.Coordination.Delegates;

public static class DelegatesConfiguration
{
    public static void ConfigureDelegates(this StoreOptions options)
    {
        // The event's first name, kept in storage so withdrawals written before the rename still load.
        options.Events.MapEventType<DelegateWithdrawn>("delegate_withdrew");
        options.Projections.Add<AssemblyViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<DelegateViewProjection>(ProjectionLifecycle.Inline);
        // Inline: a credential works the moment the accreditation answer hands out its code.
        options.Projections.Add(new DelegateCredentialProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<DelegateView>().Index(d => d.AssemblyId).Index(d => d.MovementId);
        // One registration per email per assembly, whatever the race (by the e-mail's blind index: the e-mail is sealed).
        options.Schema.For<DelegatePerson>().UniqueIndex(UniqueIndexType.Computed, "ux_delegate_person_email_index", p => p.AssemblyId, p => p.EmailIndex!);
    }
}
