using JasperFx.Events.Projections;
using Marten;

namespace Alba.Coordination.Sessions;

public static class SessionsConfiguration
{
    public static void ConfigureSessions(this StoreOptions options)
    {
        options.Projections.Add<SessionViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MotionViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SessionView>().Index(s => s.AssemblyId);
        options.Schema.For<MotionView>().Index(m => m.SessionId);
        options.Schema.For<SecretBallotBox>();
    }
}
