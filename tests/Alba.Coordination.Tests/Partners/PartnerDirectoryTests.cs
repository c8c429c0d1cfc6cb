using Alba.Coordination.Live;
using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Partners;

/// <summary>
/// The live feed offers each public push to the partners held in memory, counted once per page of the feed: a partner
/// registered since the list was read, on this node or another, is in the next page's list.
/// </summary>
[Collection(AppCollection.Name)]
public class the_partner_list_the_live_feed_offers_pushes_to(AppFixture app)
{
    [Fact]
    public async Task shows_a_partner_stored_behind_its_back_as_another_node_would_in_the_next_page()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var directory = new PartnerDirectory();
        IReadOnlyList<Partner> before, laterInThePage, nextPage;
        Guid partner;
        using (LivePage.Gather(new LivePage()))
        {
            before = await directory.Current(store, CancellationToken.None);
            partner = await StoreAPartnerNothingMatches(store);
            laterInThePage = await directory.Current(store, CancellationToken.None);
        }
        using (LivePage.Gather(new LivePage())) nextPage = await directory.Current(store, CancellationToken.None);

        Assert.DoesNotContain(partner, before.Select(p => p.Id));
        // Counted once per page: the page's events had all committed before it was read, so before this partner.
        Assert.DoesNotContain(partner, laterInThePage.Select(p => p.Id));
        Assert.Contains(partner, nextPage.Select(p => p.Id));
    }

    [Fact]
    public async Task shows_a_partner_registered_on_this_node_in_the_next_page()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var directory = new PartnerDirectory();
        using (LivePage.Gather(new LivePage())) await directory.Current(store, CancellationToken.None);
        var registered = await app.Host.Post("/api/partners",
            new { name = Scenarios.Unique("Radio"), url = "http://127.0.0.1:9/hook", kinds = new[] { "VoteClosed" } }, await app.Host.Organiser());
        Assert.Equal(201, registered.Status);
        using (LivePage.Gather(new LivePage()))
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
}
