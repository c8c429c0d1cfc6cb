namespace Alba.Coordination.Feeds;

/// <summary>One public item of a feed, whatever the format it is written in.</summary>
public sealed record FeedItem(string Id, string Url, string Title, string Text, string Summary, string Language, string Author,
    DateTimeOffset Published, DateTimeOffset Updated);

/// <summary>A feed before it is written: what Atom and JSON Feed both say.</summary>
public sealed record Feed(string Title, string HomeUrl, string FeedUrl, string? Language, IReadOnlyList<FeedItem> Items)
{
    /// <summary>When the newest item changed; a feed with no item has not changed since the epoch.</summary>
    public DateTimeOffset LastModified => Items.Count == 0 ? DateTimeOffset.UnixEpoch : Items.Max(i => i.Updated);
}
