using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten.Events.Aggregation;

namespace Alba.Coordination.Statements;

/// <summary>One link of a statement's hash chain: the event at this place of its stream, and the hash recorded when it was appended.</summary>
public sealed record ChainLink(int Version, string Kind, DateTimeOffset At, string Previous, string Hash);

/// <summary>
/// A statement's history as a hash chain (id = the statement id), written inline with each event: link n is
/// <c>SHA-256("alba/statement|" + link n−1 + "|" + n + "|" + kind + "|" + the event as JSON)</c>, starting from
/// <c>SHA-256("alba/statement|" + statementId)</c>. A movement that keeps the head it saw can later prove that the text and
/// signatories it signed were not altered: changing, removing or reordering any event changes every hash after it.
/// </summary>
public sealed class StatementChain
{
    public Guid Id { get; set; }
    public List<ChainLink> Links { get; set; } = [];

    public string Head => Links.Count > 0 ? Links[^1].Hash : Genesis(Id);

    public static string Genesis(Guid statementId) => Sha256($"alba/statement|{statementId:D}");

    /// <summary>The link an event makes at <paramref name="version"/> after <paramref name="previous"/>.</summary>
    public static string Link(string previous, int version, IStatementEvent e) =>
        Sha256($"alba/statement|{previous}|{version}|{e.GetType().Name}|{Content(e)}");

    /// <summary>The event as JSON, exactly the text its link hashes.</summary>
    public static string Content(IStatementEvent e) => JsonSerializer.Serialize(e, e.GetType(), Canonical);

    public void Append(IStatementEvent e)
    {
        var version = Links.Count + 1;
        Links.Add(new ChainLink(version, e.GetType().Name, e.At, Head, Link(Head, version, e)));
    }

    /// <summary>
    /// Recomputes the chain from the stream's events as stored now and names every place where it differs from the links
    /// recorded when they were appended; empty when the statement's history is intact.
    /// </summary>
    public static List<string> Faults(Guid statementId, IReadOnlyList<ChainLink> recorded, IReadOnlyList<IStatementEvent> events)
    {
        var faults = new List<string>();
        var previous = Genesis(statementId);
        for (var i = 0; i < Math.Max(recorded.Count, events.Count); i++)
        {
            var version = i + 1;
            if (i >= events.Count) { faults.Add($"Event {version} ({recorded[i].Kind}) is in the chain but no longer in the history: it was removed."); continue; }
            if (i >= recorded.Count) { faults.Add($"Event {version} ({events[i].GetType().Name}) is in the history but not in the chain: it was added afterwards."); continue; }
            var link = recorded[i];
            if (link.Previous != previous) faults.Add($"Event {version}'s link does not follow the one before it: the chain was altered.");
            if (Link(link.Previous, version, events[i]) != link.Hash)
                faults.Add($"Event {version} ({events[i].GetType().Name}) does not hash to its recorded link: it was changed after it was recorded.");
            previous = link.Hash;
        }
        return faults;
    }

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Inline, so the link is recorded in the transaction that appends its event.</summary>
public sealed partial class StatementChainProjection : SingleStreamProjection<StatementChain, Guid>
{
    public static StatementChain Create(StatementDrafted e)
    {
        var chain = new StatementChain { Id = e.StatementId };
        chain.Append(e);
        return chain;
    }

    public static void Apply(StatementRevised e, StatementChain chain) => chain.Append(e);
    public static void Apply(StatementTranslated e, StatementChain chain) => chain.Append(e);
    public static void Apply(SignaturePeriodOpened e, StatementChain chain) => chain.Append(e);
    public static void Apply(StatementSigned e, StatementChain chain) => chain.Append(e);
    public static void Apply(StatementSignatureWithdrawn e, StatementChain chain) => chain.Append(e);
    public static void Apply(StatementPublished e, StatementChain chain) => chain.Append(e);
}

/// <summary>
/// A link as readers get it: <c>content</c> is its event's JSON exactly as hashed (from the event as stored now), so a browser can
/// recompute the link; null for a reader who may not read that event (see <see cref="StatementChainQueries.Get"/>).
/// </summary>
public sealed record ChainLinkAnswer(int Version, string Kind, DateTimeOffset At, string Previous, string Hash, string? Content);

/// <summary><c>withContent</c>: the links carry their events' content (a link without one then names an event no longer stored).</summary>
public sealed record StatementChainAnswer(Guid StatementId, string Genesis, string Head, IReadOnlyList<ChainLinkAnswer> Links, bool WithContent);

public static class StatementChainQueries
{
    /// <summary>
    /// Whoever may read the statement: the public for a published one, those involved and organisers for a draft. The links
    /// carry their events' content only for readers of the drafting trail (<see cref="StatementAccess.MaySeeTrail"/>), who read
    /// every event in full through the history anyway: every event names the account that acted (<c>by</c>), which the public
    /// never sees, and most hold the drafting trail (earlier texts, notes, withdrawals, signatures later dropped).
    /// </summary>
    [WolverineGet("/api/statements/{id}/chain", Name = "StatementChain")]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var statement = batch.Load<StatementView>(id);
        var chain = batch.Load<StatementChain>(id);
        await batch.Execute(cancellationToken);
        var actor = user.ToActor();
        if (await statement is not { } found || !StatementAccess.MaySee(found, actor) || await chain is not { } links)
            return Results.Problem(StatementAccess.NotFound(id));
        // The events as stored now: a change made in the database since shows as a link that no longer recomputes.
        var withContent = StatementAccess.MaySeeTrail(found, actor);
        var contents = withContent
            ? (await session.Events.FetchStreamAsync(id, token: cancellationToken)).Select(e => StatementChain.Content((IStatementEvent)e.Data)).ToList()
            : [];
        return Results.Ok(new StatementChainAnswer(id, StatementChain.Genesis(id), links.Head,
            links.Links.Select((link, i) => new ChainLinkAnswer(link.Version, link.Kind, link.At, link.Previous, link.Hash,
                i < contents.Count ? contents[i] : null)).ToList(), withContent));
    }

    /// <summary>The faults of the statement's chain against its events as stored now, or null when there is no such statement.</summary>
    public static async Task<List<string>?> FaultsAsync(IQuerySession session, Guid id)
    {
        if (await session.LoadAsync<StatementChain>(id) is not { } chain) return null;
        var events = await session.Events.FetchStreamAsync(id);
        return StatementChain.Faults(id, chain.Links, events.Select(e => (IStatementEvent)e.Data).ToList());
    }
}
