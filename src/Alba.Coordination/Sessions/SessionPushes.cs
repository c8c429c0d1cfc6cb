using Alba.Coordination.Live;

namespace Alba.Coordination.Sessions;

/// <summary>The session's status, agenda, current agenda item, speaking time or language changed; followers refetch the session.</summary>
public sealed record SessionPush(Guid SessionId, Guid AssemblyId);

/// <summary>The floor changed for one delegate (asked, withdrew, given, ended).</summary>
public sealed record FloorPush(Guid SessionId, Guid DelegateId);

/// <summary>A motion was tabled or amended, or an amendment accepted.</summary>
public sealed record MotionPush(Guid MotionId, Guid SessionId);

/// <summary>A vote opened: its rules and the size of the roll, never who is on it.</summary>
public sealed record VoteOpenedPush(Guid MotionId, Guid SessionId, Guid AssemblyId, bool Secret, string Majority, int Quorum, int Eligible);

/// <summary>A ballot was counted, named or secret alike: the new number of ballots, nothing about who or what.</summary>
public sealed record BallotCounted(Guid MotionId, int Cast);

/// <summary>A vote closed: its result.</summary>
public sealed record VoteClosedPush(Guid MotionId, Guid SessionId, VoteResult Result);

public static class SessionPushes
{
    public static Task Handle(IEvent<SessionScheduled> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<SessionOpened> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<SessionAdjourned> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<AgendaItemTaken> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<AgendaItemAdded> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<SpeakingTimeSet> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<SessionLanguageSet> e, ILivePublisher live, CancellationToken cancellationToken) =>
        SessionChanged(e, e.Data.SessionId, e.Data.AssemblyId, live, cancellationToken);

    public static Task Handle(IEvent<FloorRequested> e, ILivePublisher live, CancellationToken cancellationToken) =>
        FloorChanged(e, e.Data.SessionId, e.Data.DelegateId, live, cancellationToken);

    public static Task Handle(IEvent<FloorRequestWithdrawn> e, ILivePublisher live, CancellationToken cancellationToken) =>
        FloorChanged(e, e.Data.SessionId, e.Data.DelegateId, live, cancellationToken);

    public static Task Handle(IEvent<FloorGiven> e, ILivePublisher live, CancellationToken cancellationToken) =>
        FloorChanged(e, e.Data.SessionId, e.Data.DelegateId, live, cancellationToken);

    public static Task Handle(IEvent<SpeakingTurnEnded> e, ILivePublisher live, CancellationToken cancellationToken) =>
        FloorChanged(e, e.Data.SessionId, e.Data.DelegateId, live, cancellationToken);

    public static Task Handle(IEvent<MotionTabled> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new MotionPush(e.Data.MotionId, e.Data.SessionId), cancellationToken,
            LiveGroups.Session(e.Data.SessionId), LiveGroups.Assembly(e.Data.AssemblyId));

    public static Task Handle(IEvent<AmendmentProposed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new MotionPush(e.Data.MotionId, e.Data.SessionId), cancellationToken, LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<AmendmentAccepted> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new MotionPush(e.Data.MotionId, e.Data.SessionId), cancellationToken, LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<VoteOpened> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new VoteOpenedPush(e.Data.MotionId, e.Data.SessionId, e.Data.AssemblyId, e.Data.Secret, e.Data.Majority, e.Data.Quorum,
            e.Data.Eligible.Length), cancellationToken, LiveGroups.Session(e.Data.SessionId), LiveGroups.Assembly(e.Data.AssemblyId));

    // Ballot pushes carry the count only: a named vote's choices are shown after closing, a secret vote's never.
    public static Task Handle(IEvent<BallotCast> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new BallotCounted(e.Data.MotionId, e.Data.Cast), cancellationToken, LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<VoterParticipated> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new BallotCounted(e.Data.MotionId, e.Data.Cast), cancellationToken, LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<VoteClosed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new VoteClosedPush(e.Data.MotionId, e.Data.SessionId, VoteResult.Of(e.Data)), cancellationToken,
            LiveGroups.Session(e.Data.SessionId), LiveGroups.Assembly(e.Data.AssemblyId));

    private static Task SessionChanged(IEvent e, Guid sessionId, Guid assemblyId, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new SessionPush(sessionId, assemblyId), cancellationToken, LiveGroups.Session(sessionId), LiveGroups.Assembly(assemblyId));

    private static Task FloorChanged(IEvent e, Guid sessionId, Guid delegateId, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new FloorPush(sessionId, delegateId), cancellationToken, LiveGroups.Session(sessionId));
}
