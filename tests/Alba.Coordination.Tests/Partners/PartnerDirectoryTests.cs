using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alba.Coordination.Tests.Partners;

/// <summary>
/// The live feed offers each public push to the partners held in memory: the list is read once per refresh interval, and
/// again at once after a commit on this node stored a partner.
/// </summary>
[Collection(AppCollection.Name)]
public class the_partner_list_the_live_feed_offers_pushes_to(AppFixture app)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task is_read_from_the_database_once_per_refresh_interval()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var directory = new PartnerDirectory(Options.Create(new PartnerDeliveryOptions { DirectoryRefresh = Refresh }), clock);
        await directory.Current(store, CancellationToken.None);

        // Stored behind this directory's back (it is not the host's, so no commit tells it): only a new read shows it.
        var partner = await StoreAPartnerNothingMatches(store);
        clock.Now += Refresh - TimeSpan.FromMilliseconds(1);
        Assert.DoesNotContain(partner, (await directory.Current(store, CancellationToken.None)).Select(p => p.Id));
        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.Contains(partner, (await directory.Current(store, CancellationToken.None)).Select(p => p.Id));
    }

    [Fact]
    public async Task shows_a_partner_registered_on_this_node_at_once()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var directory = app.Host.Services.GetRequiredService<PartnerDirectory>();
        await directory.Current(store, CancellationToken.None);
        var registered = await app.Host.Post("/api/partners",
            new { name = Scenarios.Unique("Radio"), url = "http://127.0.0.1:9/hook", kinds = new[] { "VoteClosed" } }, await app.Host.Organiser());
        Assert.Equal(201, registered.Status);
        Assert.Contains(registered.Id("partnerId"), (await directory.Current(store, CancellationToken.None)).Select(p => p.Id));
    }

    /// <summary>A partner whose filter names a call, on a kind that has none: no push ever matches it, so it receives nothing.</summary>
    private static async Task<Guid> StoreAPartnerNothingMatches(IDocumentStore store)
    {
        var partner = new Partner
        {
            Id = Guid.CreateVersion7(), Name = Scenarios.Unique("Boletín"), Url = "http://127.0.0.1:9/hook", Kinds = ["VoteClosed"],
            Filter = new PartnerFilter(MobilisationId: Guid.CreateVersion7()), RegisteredAt = DateTimeOffset.UtcNow,
        };
        await using var session = store.LightweightSession();
        session.Store(partner);
        await session.SaveChangesAsync();
        return partner.Id;
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
