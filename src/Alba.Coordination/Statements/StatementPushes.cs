using Alba.Coordination.Live;

namespace Alba.Coordination.Statements;

// statement:{id} is a public group but drafts are not: before publication a push says only that the
// statement changed (kind, stream version, revision), never its text or who signed; readers with
// access refetch through GET. Publication pushes what is public from then on.

/// <summary>The statement changed; <c>Revision</c> is its current revision.</summary>
public sealed record StatementPush(Guid StatementId, int Revision);

/// <summary>A translation was added or replaced.</summary>
public sealed record TranslationPush(Guid StatementId, string Language, int SourceRevision);

/// <summary>The signature period opened.</summary>
public sealed record SignaturePeriodPush(Guid StatementId, DateTimeOffset? ClosesAt);

/// <summary>A signature was withdrawn (which movement is not said before publication).</summary>
public sealed record SignatureWithdrawnPush(Guid StatementId);

/// <summary>Published: the frozen revision and its signatories, public from now on.</summary>
public sealed record PublicationPush(Guid StatementId, int Revision, Guid[] Signatories, DateTimeOffset PublishedAt);

public static class StatementPushes
{
    public static Task Handle(IEvent<StatementDrafted> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new StatementPush(e.Data.StatementId, 1), cancellationToken, LiveGroups.Statement(e.Data.StatementId));

    public static Task Handle(IEvent<StatementRevised> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new StatementPush(e.Data.StatementId, e.Data.Revision), cancellationToken, LiveGroups.Statement(e.Data.StatementId));

    public static Task Handle(IEvent<StatementSigned> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new StatementPush(e.Data.StatementId, e.Data.Revision), cancellationToken, LiveGroups.Statement(e.Data.StatementId));

    public static Task Handle(IEvent<StatementTranslated> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new TranslationPush(e.Data.StatementId, e.Data.Language, e.Data.SourceRevision), cancellationToken,
            LiveGroups.Statement(e.Data.StatementId));

    public static Task Handle(IEvent<SignaturePeriodOpened> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new SignaturePeriodPush(e.Data.StatementId, e.Data.ClosesAt), cancellationToken, LiveGroups.Statement(e.Data.StatementId));

    public static Task Handle(IEvent<StatementSignatureWithdrawn> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new SignatureWithdrawnPush(e.Data.StatementId), cancellationToken, LiveGroups.Statement(e.Data.StatementId));

    public static Task Handle(IEvent<StatementPublished> e, ILivePublisher live, CancellationToken cancellationToken) =>
        live.Push(e, new PublicationPush(e.Data.StatementId, e.Data.Revision, e.Data.Signatories, e.Data.At), cancellationToken,
            LiveGroups.Statement(e.Data.StatementId));
}
