using System.Security.Cryptography;
using Alba.Coordination.Mobilisations;
using Alba.Coordination.Movements;
using Alba.Coordination.Statements;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Alba.Coordination.Feeds;

/// <summary>
/// Feeds for websites without a server of their own: published statements and mobilisation calls, newest
/// first, optionally in one language. They carry only what the public pages show. Readers cache them:
/// every answer has an ETag (a hash of its bytes) and Last-Modified (its newest item), and a conditional
/// request that still matches answers 304 with no body.
/// </summary>
public static class PublicFeeds
{
    private const int Size = 50;

    [WolverineGet("/feeds/statements.atom", Name = "StatementsAtomFeed")]
    public static Task<IResult> StatementsAtom(string? lang, HttpContext http, IQuerySession session, CancellationToken cancellationToken) =>
        Answer(http, lang, FeedWriter.AtomType, FeedWriter.Atom, l => Statements(http, l, "atom", session, cancellationToken));

    [WolverineGet("/feeds/statements.json", Name = "StatementsJsonFeed")]
    public static Task<IResult> StatementsJson(string? lang, HttpContext http, IQuerySession session, CancellationToken cancellationToken) =>
        Answer(http, lang, FeedWriter.JsonFeedType, FeedWriter.Json, l => Statements(http, l, "json", session, cancellationToken));

    [WolverineGet("/feeds/mobilisations.atom", Name = "MobilisationsAtomFeed")]
    public static Task<IResult> MobilisationsAtom(string? lang, HttpContext http, IQuerySession session, CancellationToken cancellationToken) =>
        Answer(http, lang, FeedWriter.AtomType, FeedWriter.Atom, l => Mobilisations(http, l, "atom", session, cancellationToken));

    [WolverineGet("/feeds/mobilisations.json", Name = "MobilisationsJsonFeed")]
    public static Task<IResult> MobilisationsJson(string? lang, HttpContext http, IQuerySession session, CancellationToken cancellationToken) =>
        Answer(http, lang, FeedWriter.JsonFeedType, FeedWriter.Json, l => Mobilisations(http, l, "json", session, cancellationToken));

    private static async Task<IResult> Answer(HttpContext http, string? lang, string contentType, Func<Feed, byte[]> write,
        Func<string?, Task<Feed>> build)
    {
        if (lang is not null && !Languages.IsIso639_1(lang))
            return Results.Problem(Problems.Invalid("lang", $"'{lang}' is not a two-letter ISO 639-1 language code such as es, pt or fr."));
        var feed = await build(lang);
        var bytes = write(feed);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        var lastModified = feed.LastModified;
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(1) };
        return Unchanged(http.Request.GetTypedHeaders(), etag, lastModified)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(bytes, contentType);
    }

    /// <summary>RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since (to the second).</summary>
    private static bool Unchanged(RequestHeaders request, EntityTagHeaderValue etag, DateTimeOffset lastModified)
    {
        if (request.IfNoneMatch is { Count: > 0 } tags) return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
        return request.IfModifiedSince is { } since && lastModified.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    private static string Site(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    private static string FeedUrl(HttpContext http, string name, string format, string? lang) =>
        $"{Site(http)}/feeds/{name}.{format}{(lang is null ? "" : $"?lang={lang}")}";

    private static async Task<Feed> Statements(HttpContext http, string? lang, string format, IQuerySession session, CancellationToken cancellationToken)
    {
        var published = await session.Query<StatementView>().Where(s => s.Status == StatementStatus.Published)
            .OrderByDescending(s => s.PublishedAt).Take(Size).ToListAsync(cancellationToken);
        var movementIds = published.SelectMany(s => s.Supporters().Select(x => x.MovementId).Append(s.InitiatingMovementId)).Distinct().ToArray();
        var movements = (await session.LoadManyAsync<MovementView>(cancellationToken, movementIds)).ToDictionary(m => m.Id, m => m.Name);
        var site = Site(http);
        var items = new List<FeedItem>();
        foreach (var statement in published)
        {
            var signatories = statement.Supporters().Select(s => movements.GetValueOrDefault(s.MovementId, "")).Where(n => n.Length > 0).ToList();
            var summary = signatories.Count == 0 ? "" : $"{signatories.Count}: {string.Join(", ", signatories)}";
            var author = movements.GetValueOrDefault(statement.InitiatingMovementId, "");
            var publishedAt = statement.PublishedAt!.Value;
            var url = $"{site}/statements/{statement.Id}";
            if (lang is null || statement.Language == lang)
                items.Add(new FeedItem($"urn:uuid:{statement.Id}", url, statement.Title, statement.Body, summary, statement.Language, author,
                    publishedAt, publishedAt));
            if (lang is null) continue;
            // A reader in another language gets the statement's translation into it, when there is one.
            if (statement.Language != lang && statement.Translations.FirstOrDefault(t => t.Language == lang) is { } translation)
                items.Add(new FeedItem($"urn:uuid:{statement.Id}:{lang}", url, translation.Title, translation.Body, summary, lang, author,
                    publishedAt, translation.At > publishedAt ? translation.At : publishedAt));
        }
        return new Feed("Alba Coordination — statements", site, FeedUrl(http, "statements", format, lang), lang, items);
    }

    private static async Task<Feed> Mobilisations(HttpContext http, string? lang, string format, IQuerySession session, CancellationToken cancellationToken)
    {
        var query = session.Query<MobilisationView>().AsQueryable();
        if (lang is not null) query = query.Where(m => m.Language == lang);
        var calls = await query.OrderByDescending(m => m.CalledAt).Take(Size).ToListAsync(cancellationToken);
        var site = Site(http);
        var items = calls.Select(call => new FeedItem($"urn:uuid:{call.Id}", $"{site}/mobilisations/{call.Id}", call.Title, call.CallText,
            $"{call.StartsOn:yyyy-MM-dd} – {call.EndsOn:yyyy-MM-dd} · {string.Join(", ", call.Countries)}", call.Language,
            "Alba Coordination", call.CalledAt, call.CalledAt)).ToList();
        return new Feed("Alba Coordination — mobilisation calls", site, FeedUrl(http, "mobilisations", format, lang), lang, items);
    }
}
