using Alba.Coordination.Live;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>A secret vote's board opened or took a batch of ballots: how many it holds and the chain's head.</summary>
public sealed record BoardPush(Guid MotionId, int Posted, string Head);

/// <summary>A secret vote's tally was decrypted from its board (the counts the closing announces).</summary>
public sealed record BoardTalliedPush(Guid MotionId, BallotCounts Counts);

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
}
