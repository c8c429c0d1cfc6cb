using Alba.Coordination.Live;
using JasperFx.Events.Projections;
using Marten;

namespace Alba.Coordination.Statements;

public static class StatementsConfiguration
{
    public static void ConfigureStatements(this StoreOptions options, LiveRoutes live)
    {
        options.Projections.Add<StatementViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<StatementView>().Index(s => s.Status).Index(s => s.DraftedAt);

        // statement:{id} is a public group but drafts are not: before publication a push says only
        // that the statement changed (kind, stream version, revision), never its text or who signed;
        // readers with access refetch through GET. Publication pushes what is public from then on.
        live.Route<StatementDrafted>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId, Revision = 1 });
        live.Route<StatementRevised>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId, e.Revision });
        live.Route<StatementTranslated>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId, e.Language, e.SourceRevision });
        live.Route<SignaturePeriodOpened>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId, e.ClosesAt });
        live.Route<StatementSigned>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId, e.Revision });
        live.Route<StatementSignatureWithdrawn>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId });
        live.Route<StatementPublished>(e => [LiveGroups.Statement(e.StatementId)], e => new { e.StatementId, e.Revision, e.Signatories, PublishedAt = e.At });
    }
}
