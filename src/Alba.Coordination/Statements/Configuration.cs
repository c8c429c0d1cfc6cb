using JasperFx.Events.Projections;

namespace Alba.Coordination.Statements;

public static class StatementsConfiguration
{
    public static void ConfigureStatements(this StoreOptions options)
    {
        options.Projections.Add<StatementViewProjection>(ProjectionLifecycle.Inline);
        // The hash chain of each statement's history, recorded with each event (docs/statements.md).
        options.Projections.Add<StatementChainProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<StatementView>().Index(s => s.Status).Index(s => s.DraftedAt);
    }
}
