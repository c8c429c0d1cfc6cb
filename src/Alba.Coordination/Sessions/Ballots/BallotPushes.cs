using Alba.Coordination.Live;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>A secret vote's board opened or took a batch of ballots: how many it holds and the chain's head.</summary>
public sealed record BoardPush(Guid MotionId, int Posted, string Head);

/// <summary>A secret vote's tally was decrypted from its board (the counts the closing announces).</summary>
public sealed record BoardTalliedPush(Guid MotionId, BallotCounts Counts);

/// <summary>The making or decryption of a key by named tellers moved on (a round, a complaint, a partial): followers refetch the keying.</summary>
public sealed record KeyingPush(Guid MotionId, string Step);

/// <summary>Board pushes name no ballot's content, only the count and the chain's head: followers refetch the public board.</summary>
public static class BallotPushes
{
    public static Task Handle(IEvent<BallotBoardOpened> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new BoardPush(e.Data.MotionId, 0, BoardChain.Genesis(e.Data.MotionId, e.Data.PublicKey)), cancellationToken,
            LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<BallotsPosted> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, e.Data.Entries.LastOrDefault() is { } last ? new BoardPush(e.Data.MotionId, last.Index + 1, last.Hash) : new BoardPush(e.Data.MotionId, 0, ""), cancellationToken,
            LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<TallyDecrypted> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new BoardTalliedPush(e.Data.MotionId, Tally.Counts(e.Data.Options)), cancellationToken, LiveGroups.Session(e.Data.SessionId));

    public static Task Handle(IEvent<TellersNamed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "named", live, cancellationToken);

    public static Task Handle(IEvent<TellerCommitted> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "committed", live, cancellationToken);

    public static Task Handle(IEvent<TellerSharesSent> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "shares", live, cancellationToken);

    public static Task Handle(IEvent<TellerComplained> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "complaint", live, cancellationToken);

    public static Task Handle(IEvent<ShareRevealed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "answer", live, cancellationToken);

    public static Task Handle(IEvent<TellerConfirmed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "confirmed", live, cancellationToken);

    public static Task Handle(IEvent<TellerDisqualified> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "disqualified", live, cancellationToken);

    public static Task Handle(IEvent<KeyingFailed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "failed", live, cancellationToken);

    public static Task Handle(IEvent<BallotsSealed> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "sealed", live, cancellationToken);

    public static Task Handle(IEvent<PartialDecrypted> e, ILivePublisher live, CancellationToken cancellationToken) =>
        Keying(e, e.Data.MotionId, e.Data.SessionId, "partial", live, cancellationToken);

    private static Task Keying(IEvent e, Guid motionId, Guid sessionId, string step, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new KeyingPush(motionId, step), cancellationToken, LiveGroups.Session(sessionId));
}
