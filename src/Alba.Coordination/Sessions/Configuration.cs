using JasperFx.Events.Projections;
using Marten.Schema;

namespace Alba.Coordination.Sessions;

public static class SessionsConfiguration
{
    public static void ConfigureSessions(this StoreOptions options)
    {
        options.Projections.Add<SessionViewProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<MotionViewProjection>(ProjectionLifecycle.Inline);
        // A ballot loads this small snapshot instead of folding every earlier ballot of its vote.
        options.Projections.Snapshot<MotionState>(SnapshotLifecycle.Inline);
        options.Projections.Add(new VoteRegisterProjection(), ProjectionLifecycle.Inline);
        // A secret vote's public board (its key and tally) and its entries, a row each inserted with each shuffled batch;
        // neither is written with a voter's participation.
        options.Projections.Add<Ballots.BallotBoardProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add(new Ballots.PostedBallotProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<Ballots.PostedBallot>().Index(p => p.MotionId);
        // The making of a key by named tellers: public data their devices and the chair read.
        options.Projections.Add<Ballots.KeyingRecordProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<SessionView>().Index(s => s.AssemblyId);
        options.Schema.For<MotionView>().Index(m => m.SessionId);
        // One ballot each: the motion's lock serialises ballots, and this index refuses a second register row whatever happens.
        options.Schema.For<VoterRecord>().UniqueIndex(UniqueIndexType.Computed, "ux_voter_record_motion_delegate", v => v.MotionId, v => v.DelegateId);
    }
}
