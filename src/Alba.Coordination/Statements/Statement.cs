using System.Collections.Immutable;
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

/// <summary>The rules on signatures and translations, once, for the write model and the view alike.</summary>
public static class StatementRules
{
    /// <summary>One entry per movement: a new signature replaces its earlier one and goes last, so the list stays in signing order.</summary>
    public static IEnumerable<SignatureEntry> Signed(this IEnumerable<SignatureEntry> signatures, StatementSigned e) =>
        signatures.Withdrawn(e.MovementId).Append(new SignatureEntry(e.MovementId, e.Revision, e.By, e.At));

    public static IEnumerable<SignatureEntry> Withdrawn(this IEnumerable<SignatureEntry> signatures, Guid movementId) =>
        signatures.Where(s => s.MovementId != movementId);

    /// <summary>Signatories: the movements whose signature is on <paramref name="revision"/>, the current (or published) one.</summary>
    public static IEnumerable<SignatureEntry> Supporting(this IEnumerable<SignatureEntry> signatures, int revision) =>
        signatures.Where(s => s.Supports(revision));

    /// <summary>A signature supports the text of the revision it signed only: an earlier one counts once re-confirmed.</summary>
    public static bool Supports(this SignatureEntry signature, int revision) => signature.Revision == revision;

    /// <summary>The initiator and every movement with a signature on record: who may read and translate the statement while it is a draft.</summary>
    public static IEnumerable<Guid> Involved(Guid initiatingMovementId, IEnumerable<SignatureEntry> signatures) =>
        signatures.Select(s => s.MovementId).Prepend(initiatingMovementId).Distinct();

    public static bool AcceptsSignatures(StatementStatus status, DateTimeOffset? closesAt, DateTimeOffset time) =>
        status == StatementStatus.Open && (closesAt is null || time < closesAt);

    /// <summary>A translation of an older revision than the current one.</summary>
    public static bool IsStale(int sourceRevision, int currentRevision) => sourceRevision < currentRevision;
}

/// <summary>
/// What commands on one statement decide on, folded live from its stream and never stored: who steers it, its
/// status, current revision (and title, which a revision may keep), signature period and signatures. Its text,
/// translations and revision history live only in <see cref="StatementView"/>.
/// </summary>
public sealed record StatementState(Guid Id, Guid InitiatingMovementId, string Title, string Language, StatementStatus Status, int Revision,
    DateTimeOffset? SignaturesCloseAt, ImmutableList<SignatureEntry> Signatures, DateTimeOffset? PublishedAt)
{
    public static StatementState Create(StatementDrafted e) =>
        new(e.StatementId, e.InitiatingMovementId, e.Title, e.Language, StatementStatus.Draft, 1, null, [], null);

    public StatementState Apply(StatementRevised e) => this with { Revision = e.Revision, Title = e.Title };

    public StatementState Apply(SignaturePeriodOpened e) => this with { Status = StatementStatus.Open, SignaturesCloseAt = e.ClosesAt };

    public StatementState Apply(StatementSigned e) => this with { Signatures = [.. Signatures.Signed(e)] };

    public StatementState Apply(StatementSignatureWithdrawn e) => this with { Signatures = [.. Signatures.Withdrawn(e.MovementId)] };

    public StatementState Apply(StatementPublished e) => this with { Status = StatementStatus.Published, PublishedAt = e.At };

    public IEnumerable<Guid> InvolvedMovementIds => StatementRules.Involved(InitiatingMovementId, Signatures);

    public SignatureEntry? SignatureOf(Guid movementId) => Signatures.Find(s => s.MovementId == movementId);

    public IEnumerable<SignatureEntry> Supporters() => Signatures.Supporting(Revision);

    public bool AcceptsSignaturesAt(DateTimeOffset time) => StatementRules.AcceptsSignatures(Status, SignaturesCloseAt, time);
}

/// <summary>
/// A statement as readers see it: the live view (inline) and, aggregated up to a timestamp with the same
/// Apply methods, the statement as it stood then.
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
    /// <summary>Stored (not derived) so the statement list can filter on it in the database.</summary>
    public List<Guid> InvolvedMovementIds { get; set; } = [];
    public DateTimeOffset DraftedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public int Version { get; set; }

    /// <summary>Signatories: the movements whose signature is on the current revision (for a published statement, the published one).</summary>
    public IEnumerable<SignatureEntry> Supporters() => Signatures.Supporting(Revision);

    public bool AcceptsSignaturesAt(DateTimeOffset time) => StatementRules.AcceptsSignatures(Status, SignaturesCloseAt, time);
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
        view.Signatures = [.. view.Signatures.Signed(e)];
        view.InvolvedMovementIds = [.. StatementRules.Involved(view.InitiatingMovementId, view.Signatures)];
        view.UpdatedAt = e.At;
    }

    public static void Apply(StatementSignatureWithdrawn e, StatementView view)
    {
        view.Signatures = [.. view.Signatures.Withdrawn(e.MovementId)];
        view.InvolvedMovementIds = [.. StatementRules.Involved(view.InitiatingMovementId, view.Signatures)];
        view.UpdatedAt = e.At;
    }

    public static void Apply(StatementPublished e, StatementView view)
    {
        view.Status = StatementStatus.Published;
        view.PublishedAt = e.At;
        view.UpdatedAt = e.At;
    }
}
