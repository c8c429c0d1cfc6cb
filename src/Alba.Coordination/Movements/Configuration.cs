using JasperFx.Events.Projections;
using Marten.Schema;

namespace Alba.Coordination.Movements;

public static class MovementsConfiguration
{
    public static void ConfigureMovements(this StoreOptions options)
    {
        options.Projections.Add<MovementViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<MovementView>().UniqueIndex(UniqueIndexType.Computed, "ux_movement_name", m => m.NameKey);
    }
}
