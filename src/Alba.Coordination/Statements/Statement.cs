using JasperFx;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Statements;

/// <summary>What every event on a statement's stream carries: the statement, who acted and when.</summary>
public interface IStatementEvent
{
    Guid StatementId { get; }
    Guid By { get; }
    DateTimeOffset At { get; }
}

/// <summary>Revision 1 of a new statement, written for (and by) its initiating movement.</summary>
public sealed record StatementDrafted(Guid StatementId, Guid InitiatingMovementId, string Title, string Body, string Language,
    Guid By, DateTimeOffset At) : IStatementEvent;

public sealed record StatementRevised(Guid StatementId, int Revision, string Title, string Body, string? Note, Guid By, DateTimeOffset At)
    : IStatementEvent;

/// <summary>A translation of one revision; a later revision makes it stale until translated again.</summary>
public sealed record StatementTranslated(Guid StatementId, string Language, string Title, string Body, int SourceRevision, Guid By,
    DateTimeOffset At) : IStatementEvent;

/// <summary>Movements may sign from now on, until <paramref name="ClosesAt"/> when one is set.</summary>
public sealed record SignaturePeriodOpened(Guid StatementId, DateTimeOffset? ClosesAt, Guid By, DateTimeOffset At) : IStatementEvent;

/// <summary>A movement, through its representative, supports the text of one revision.</summary>
public sealed record StatementSigned(Guid StatementId, Guid MovementId, int Revision, Guid By, DateTimeOffset At) : IStatementEvent;

public sealed record StatementSignatureWithdrawn(Guid StatementId, Guid MovementId, Guid By, DateTimeOffset At) : IStatementEvent;

/// <summary>The text of <paramref name="Revision"/> is frozen; its signatories are those who signed that revision.</summary>
public sealed record StatementPublished(Guid StatementId, int Revision, Guid[] Signatories, Guid By, DateTimeOffset At) : IStatementEvent;

public enum StatementStatus { Draft, Open, Published }

public sealed record RevisionEntry(int Revision, string Title, string? Note, Guid By, DateTimeOffset At);

/// <summary>A movement's signature on record: the revision it signed, which may be older than the current one.</summary>
public sealed record SignatureEntry(Guid MovementId, int Revision, Guid By, DateTimeOffset SignedAt);

public sealed record TranslationEntry(string Language, string Title, string Body, int SourceRevision, Guid By, DateTimeOffset At);

/// <summary>
/// A statement as projected from its stream: the live view (inline), the state commands decide on,
/// and, aggregated up to a timestamp with the same Apply methods, the statement as it stood then.
/// </summary>
public sealed class StatementView : IRevisioned
{
    public Guid Id { get; set; }
    public Guid InitiatingMovementId { get; set; }
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string Language { get; set; } = "";
    public StatementStatus Status { get; set; }
    public int Revision { get; set; }
    public List<RevisionEntry> Revisions { get; set; } = [];
    public DateTimeOffset? SignaturesOpenedAt { get; set; }
    public DateTimeOffset? SignaturesCloseAt { get; set; }
    /// <summary>One entry per movement: the last revision it signed.</summary>
    public List<SignatureEntry> Signatures { get; set; } = [];
    /// <summary>One entry per language: the latest translation into it.</summary>
    public List<TranslationEntry> Translations { get; set; } = [];
    /// <summary>The initiator and every movement with a signature on record: who may read the statement while it is a draft.</summary>
    public List<Guid> InvolvedMovementIds { get; set; } = [];
    public DateTimeOffset DraftedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Version { get; set; }

    public SignatureEntry? SignatureOf(Guid movementId) => Signatures.Find(s => s.MovementId == movementId);

    /// <summary>Signatories: the movements whose signature is on the current revision (for a published statement, the published one).</summary>
    public IEnumerable<SignatureEntry> Supporters() => Signatures.Where(s => s.Revision == Revision);

    public bool AcceptsSignaturesAt(DateTimeOffset time) =>
        Status == StatementStatus.Open && (SignaturesCloseAt is null || time < SignaturesCloseAt);
}

public sealed partial class StatementViewProjection : SingleStreamProjection<StatementView, Guid>
{
    public static StatementView Create(StatementDrafted e) => new()
    {
        Id = e.StatementId, InitiatingMovementId = e.InitiatingMovementId, Title = e.Title, Body = e.Body, Language = e.Language,
        Status = StatementStatus.Draft, Revision = 1, Revisions = [new RevisionEntry(1, e.Title, null, e.By, e.At)],
        InvolvedMovementIds = [e.InitiatingMovementId], DraftedAt = e.At, UpdatedAt = e.At,
    };

    public static void Apply(StatementRevised e, StatementView view)
    {
        view.Revision = e.Revision;
        view.Title = e.Title;
        view.Body = e.Body;
        view.Revisions.Add(new RevisionEntry(e.Revision, e.Title, e.Note, e.By, e.At));
        view.UpdatedAt = e.At;
    }

    public static void Apply(StatementTranslated e, StatementView view)
    {
        view.Translations.RemoveAll(t => t.Language == e.Language);
        view.Translations.Add(new TranslationEntry(e.Language, e.Title, e.Body, e.SourceRevision, e.By, e.At));
        view.UpdatedAt = e.At;
    }

    public static void Apply(SignaturePeriodOpened e, StatementView view)
    {
        view.Status = StatementStatus.Open;
        view.SignaturesOpenedAt ??= e.At;
        view.SignaturesCloseAt = e.ClosesAt;
        view.UpdatedAt = e.At;
    }

    public static void Apply(StatementSigned e, StatementView view)
    {
        view.Signatures.RemoveAll(s => s.MovementId == e.MovementId);
        view.Signatures.Add(new SignatureEntry(e.MovementId, e.Revision, e.By, e.At));
        if (!view.InvolvedMovementIds.Contains(e.MovementId)) view.InvolvedMovementIds.Add(e.MovementId);
        view.UpdatedAt = e.At;
    }

    public static void Apply(StatementSignatureWithdrawn e, StatementView view)
    {
        view.Signatures.RemoveAll(s => s.MovementId == e.MovementId);
        if (e.MovementId != view.InitiatingMovementId) view.InvolvedMovementIds.Remove(e.MovementId);
        view.UpdatedAt = e.At;
    }

    public static void Apply(StatementPublished e, StatementView view)
    {
        view.Status = StatementStatus.Published;
        view.PublishedAt = e.At;
        view.UpdatedAt = e.At;
    }
}
