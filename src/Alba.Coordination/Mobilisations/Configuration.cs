using JasperFx.Events.Projections;

namespace Alba.Coordination.Mobilisations;

public static class MobilisationsConfiguration
{
    public static void ConfigureMobilisations(this StoreOptions options)
    {
        options.Projections.Add<MobilisationViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ActionViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ActionView>().Index(a => a.MobilisationId);
    }
}
