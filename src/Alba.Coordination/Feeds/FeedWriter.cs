using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Alba.Coordination.Feeds;

/// <summary>Writes a feed as Atom 1.0 (System.ServiceModel.Syndication) or as JSON Feed 1.1.</summary>
public static class FeedWriter
{
    public const string AtomType = "application/atom+xml; charset=utf-8";
    public const string JsonFeedType = "application/feed+json; charset=utf-8";

    public static byte[] Atom(Feed feed)
    {
        var syndication = new SyndicationFeed(feed.Title, null, new Uri(feed.HomeUrl), feed.FeedUrl, feed.LastModified)
        {
            Language = feed.Language,
            Items = feed.Items.Select(item =>
            {
                var entry = new SyndicationItem(item.Title, SyndicationContent.CreatePlaintextContent(item.Text), new Uri(item.Url), item.Id, item.Updated)
                {
                    PublishDate = item.Published,
                    Summary = new TextSyndicationContent(item.Summary),
                };
                entry.Authors.Add(new SyndicationPerson { Name = item.Author });
                return entry;
            }).ToList(),
        };
        syndication.Links.Add(new SyndicationLink(new Uri(feed.FeedUrl), "self", null, "application/atom+xml", 0));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            new Atom10FeedFormatter(syndication).WriteTo(writer);
        return buffer.ToArray();
    }

    private static readonly JsonSerializerOptions JsonFeedOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record JsonFeed(string Version, string Title, string HomePageUrl, string FeedUrl, string? Language, IReadOnlyList<JsonFeedItem> Items);

    private sealed record JsonFeedItem(string Id, string Url, string Title, string ContentText, string Summary, string Language,
        DateTimeOffset DatePublished, DateTimeOffset DateModified, IReadOnlyList<JsonFeedAuthor> Authors);

    private sealed record JsonFeedAuthor(string Name);

    public static byte[] Json(Feed feed) => JsonSerializer.SerializeToUtf8Bytes(
        new JsonFeed("https://jsonfeed.org/version/1.1", feed.Title, feed.HomeUrl, feed.FeedUrl, feed.Language,
            feed.Items.Select(i => new JsonFeedItem(i.Id, i.Url, i.Title, i.Text, i.Summary, i.Language, i.Published, i.Updated,
                [new JsonFeedAuthor(i.Author)])).ToList()),
        JsonFeedOptions);
}
