using System.Globalization;
using Alba.Coordination.Live;
using Alba.Coordination.Movements;

namespace Alba.Coordination.Statements;

public sealed record StatementSummary(Guid Id, string Title, string Language, StatementStatus Status, int Revision, Guid InitiatingMovementId,
    int Signatories, DateTimeOffset DraftedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);

/// <summary>A movement's signature as readers see it: <c>current</c> tells whether it supports the current text.</summary>
public sealed record SignatureLine(Guid MovementId, string Movement, string Country, int Revision, DateTimeOffset SignedAt, bool Current);

public sealed record TranslationLine(string Language, string Title, string Body, int SourceRevision, bool Stale, DateTimeOffset TranslatedAt);

/// <summary>
/// One statement, now or as of a time. <c>signatories</c> are the movements supporting the current
/// revision; <c>signatures</c> are all on record, each with the revision it signed.
/// </summary>
public sealed record StatementDetails(Guid Id, Guid InitiatingMovementId, string InitiatingMovement, string Title, string Body, string Language,
    StatementStatus Status, int Revision, bool SignaturesOpen, DateTimeOffset? SignaturesOpenedAt, DateTimeOffset? SignaturesCloseAt,
    DateTimeOffset DraftedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, IReadOnlyList<SignatureLine> Signatories,
    IReadOnlyList<SignatureLine> Signatures, IReadOnlyList<TranslationLine> Translations, IReadOnlyList<RevisionEntry> Revisions,
    int Version, DateTimeOffset? AsOf)
{
    /// <summary>
    /// The record as it stands, for callers outside the drafting trail: the signatures are the signatories of the
    /// current text, and no earlier revision is listed.
    /// </summary>
    public StatementDetails Record() => this with { Signatures = Signatories, Revisions = [] };
}

public sealed record StatementHistoryEntry(long Version, string Kind, DateTimeOffset RecordedAt, Guid By, DateTimeOffset At, object Data);

public static class StatementQueries
{
    private const int ListLimit = 200;

    /// <summary>Newest first: published statements for everyone; open and involved drafts for representatives; all for organisers.</summary>
    [WolverineGet("/api/statements", Name = "ListStatements")]
    public static async Task<IReadOnlyList<StatementSummary>> List(IQuerySession session, ClaimsPrincipal user, Guid? movementId,
        CancellationToken cancellationToken)
    {
        // The same rules as StatementAccess.MaySee, as a database query.
        var query = session.Query<StatementView>().AsQueryable();
        query = user.ToActor() switch
        {
            { IsOrganiser: true } => query,
            { Role: Roles.Representative, MovementId: { } own } =>
                query.Where(s => s.Status != StatementStatus.Draft || s.InvolvedMovementIds.Contains(own)),
            _ => query.Where(s => s.Status == StatementStatus.Published),
        };
        if (movementId is { } involving) query = query.Where(s => s.InvolvedMovementIds.Contains(involving));
        var statements = await query.OrderByDescending(s => s.DraftedAt).Take(ListLimit).ToListAsync(cancellationToken);
        return statements.Select(s => new StatementSummary(s.Id, s.Title, s.Language, s.Status, s.Revision,
            s.InitiatingMovementId, s.Supporters().Count(), s.DraftedAt, s.UpdatedAt, s.PublishedAt)).ToList();
    }

    /// <summary>
    /// The statement now, or with <c>asOf</c> exactly as it stood then: the stream's events up to that
    /// time folded by the same projection that maintains the live view. Drafts hidden from a caller
    /// answer 404, as unknown ids do, so their existence is not revealed.
    /// </summary>
    [WolverineGet("/api/statements/{id}", Name = "GetStatement")]
    [LiveGroup("statement:{id}")]
    public static async Task<IResult> Get(Guid id, string? asOf, ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        DateTimeOffset? time = null;
        if (asOf is not null)
        {
            if (!DateTimeOffset.TryParse(asOf, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Results.Problem(Problems.Invalid("asOf", $"'{asOf}' is not an ISO-8601 time such as 2026-11-28T12:00:00Z."));
            time = parsed.ToUniversalTime();
        }
        var actor = user.ToActor();
        if (await Visible(id, user, session, cancellationToken) is not { } current) return Results.Problem(StatementAccess.NotFound(id));
        var trail = StatementAccess.MaySeeTrail(current, actor);
        if (time is not null && !trail) return Results.Problem(StatementAccess.TrailRefused(id, actor, "The text as of a past time"));
        var statement = time is { } at ? await session.Events.AggregateStreamAsync<StatementView>(id, timestamp: at, token: cancellationToken) : current;
        if (statement is null) return Results.Problem(Problems.NotFound($"Statement {id} was not drafted yet at {time:O}."));
        var details = await Details(statement, time, time ?? clock.GetUtcNow(), session, cancellationToken);
        return Results.Ok(trail ? details : details.Record());
    }

    /// <summary>Every event of the statement, oldest first, with when it was recorded and who acted.</summary>
    [WolverineGet("/api/statements/{id}/history", Name = "StatementHistory")]
    [LiveGroup("statement:{id}")]
    public static async Task<IResult> History(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await Visible(id, user, session, cancellationToken) is not { } statement) return Results.Problem(StatementAccess.NotFound(id));
        if (!StatementAccess.MaySeeTrail(statement, user.ToActor()))
            return Results.Problem(StatementAccess.TrailRefused(id, user.ToActor(), "The history"));
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        return Results.Ok((from e in events
            let data = (IStatementEvent)e.Data
            select new StatementHistoryEntry(e.Version, data.GetType().Name, e.Timestamp, data.By, data.At, data)).ToList());
    }

    public static readonly string[] CsvHeader = ["movement", "country", "revision_signed", "signed_at", "supports_current_revision"];

    public static string?[] CsvRow(SignatureLine line) =>
        [line.Movement, line.Country, line.Revision.ToString(CultureInfo.InvariantCulture), CsvFile.Time(line.SignedAt), line.Current ? "yes" : "no"];

    /// <summary>
    /// Every signature on record, oldest first, as CSV for spreadsheets; for callers outside the trail
    /// (<see cref="StatementAccess.MaySeeTrail"/>) only the signatories of the current text.
    /// </summary>
    [WolverineGet("/api/statements/{id}/signatories.csv", Name = "StatementSignatoriesCsv")]
    public static async Task<IResult> Csv(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await Visible(id, user, session, cancellationToken) is not { } statement) return Results.Problem(StatementAccess.NotFound(id));
        var lines = await SignatureLines(statement, session, cancellationToken);
        var shown = StatementAccess.MaySeeTrail(statement, user.ToActor()) ? lines : lines.Where(l => l.Current);
        return CsvFile.Answer($"signatories-{id}.csv", CsvHeader, shown.Select(CsvRow));
    }

    private static async Task<StatementView?> Visible(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<StatementView>(id, cancellationToken) is { } statement && StatementAccess.MaySee(statement, user.ToActor())
            ? statement
            : null;

    private static async Task<StatementDetails> Details(StatementView s, DateTimeOffset? asOf, DateTimeOffset time, IQuerySession session,
        CancellationToken cancellationToken)
    {
        var signatures = await SignatureLines(s, session, cancellationToken);
        var initiator = await session.LoadAsync<MovementView>(s.InitiatingMovementId, cancellationToken);
        return new StatementDetails(s.Id, s.InitiatingMovementId, initiator?.Name ?? "", s.Title, s.Body, s.Language, s.Status,
            s.Revision, s.AcceptsSignaturesAt(time), s.SignaturesOpenedAt, s.SignaturesCloseAt, s.DraftedAt, s.UpdatedAt, s.PublishedAt,
            signatures.Where(l => l.Current).ToList(), signatures,
            s.Translations.OrderBy(t => t.Language, StringComparer.Ordinal)
                .Select(t => new TranslationLine(t.Language, t.Title, t.Body, t.SourceRevision, StatementRules.IsStale(t.SourceRevision, s.Revision), t.At)).ToList(),
            s.Revisions, s.Version, asOf);
    }

    private static async Task<List<SignatureLine>> SignatureLines(StatementView statement, IQuerySession session, CancellationToken cancellationToken)
    {
        var signatures = statement.Signatures;
        var movements = (await session.LoadManyAsync<MovementView>(cancellationToken, signatures.Select(s => s.MovementId).Distinct()))
            .ToDictionary(m => m.Id);
        return signatures
            .Select(s => (Signature: s, Movement: movements.GetValueOrDefault(s.MovementId)))
            .OrderBy(x => x.Signature.SignedAt).ThenBy(x => x.Movement?.Name, StringComparer.Ordinal)
            .Select(x => new SignatureLine(x.Signature.MovementId, x.Movement?.Name ?? "", x.Movement?.Country ?? "", x.Signature.Revision,
                x.Signature.SignedAt, x.Signature.Supports(statement.Revision)))
            .ToList();
    }
}
