using Alba.Coordination.Live;
using JasperFx.Events.Projections;
using Marten;

namespace Alba.Coordination.Mobilisations;

public static class MobilisationsConfiguration
{
    public static void ConfigureMobilisations(this StoreOptions options, LiveRoutes live)
    {
        options.Projections.Add<MobilisationViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ActionViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<ActionView>().Index(a => a.MobilisationId);

        live.Route<MobilisationCalled>(e => [LiveGroups.Mobilisation(e.MobilisationId)]);
        live.Route<MobilisationEndorsed>(e => [LiveGroups.Mobilisation(e.MobilisationId)]);
        live.Route<ActionRegistered>(e => [LiveGroups.Mobilisation(e.MobilisationId)]);
        // The note stays out of the public group: it may name people who were arrested or hurt.
        // When applied is true, figures are the action's new figures; a late report changed nothing.
        live.Route<ActionReported>(e => [LiveGroups.Mobilisation(e.MobilisationId)],
            e => new { e.ActionId, e.MobilisationId, e.ReportId, e.ReportedAt, Applied = e.IsLatest, e.Figures });
    }
}
