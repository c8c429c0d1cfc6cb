using Alba.Coordination.Live;
using JasperFx.Events.Projections;
using Marten;

namespace Alba.Coordination.Sessions;

/// <summary>What a ballot push says, named or secret alike: the new number of ballots cast, nothing about who or what.</summary>
public sealed record BallotCounted(Guid MotionId, int Cast);

public static class SessionsConfiguration
{
    public static void ConfigureSessions(this StoreOptions options, LiveRoutes live)
    {
        options.Projections.Add<SessionViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MotionViewProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SessionView>().Index(s => s.AssemblyId);
        options.Schema.For<MotionView>().Index(m => m.SessionId);
        options.Schema.For<SecretBallotBox>();

        // Every change goes to the session's group; what changes the assembly's picture also goes to the assembly's.
        live.Route<SessionScheduled>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<SessionOpened>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<SessionAdjourned>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<AgendaItemTaken>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<FloorRequested>(e => [LiveGroups.Session(e.SessionId)]);
        live.Route<FloorRequestWithdrawn>(e => [LiveGroups.Session(e.SessionId)]);
        live.Route<FloorGiven>(e => [LiveGroups.Session(e.SessionId)]);
        live.Route<SpeakingTurnEnded>(e => [LiveGroups.Session(e.SessionId)]);
        live.Route<MotionTabled>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)]);
        live.Route<AmendmentProposed>(e => [LiveGroups.Session(e.SessionId)]);
        live.Route<AmendmentAccepted>(e => [LiveGroups.Session(e.SessionId)]);
        live.Route<VoteOpened>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)],
            e => new { e.MotionId, e.SessionId, e.AssemblyId, e.Secret, e.Majority, e.Quorum, Eligible = e.Eligible.Length, e.By, e.At });
        // Ballot pushes carry the count only: a named vote's choices are shown after closing, a secret vote's never.
        live.Route<BallotCast>(e => [LiveGroups.Session(e.SessionId)], e => new BallotCounted(e.MotionId, e.Cast));
        live.Route<VoterParticipated>(e => [LiveGroups.Session(e.SessionId)], e => new BallotCounted(e.MotionId, e.Cast));
        live.Route<VoteClosed>(e => [LiveGroups.Session(e.SessionId), LiveGroups.Assembly(e.AssemblyId)]);
    }
}
