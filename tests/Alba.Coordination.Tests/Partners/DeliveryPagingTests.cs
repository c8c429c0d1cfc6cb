using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Partners;

/// <summary>A partner's deliveries are listed at most 500 at a time, in order of position; the next page starts after the last one listed.</summary>
[Collection(AppCollection.Name)]
public class a_partners_delivery_list(AppFixture app)
{
    [Fact]
    public async Task pages_by_500_in_order_of_position()
    {
        // Stored as the feed stores them, already delivered so nothing is sent; positions in a shuffled order. The partner's
        // filter names a call on a kind that has none, so no other test's events become deliveries to it.
        var partner = new Partner
        {
            Id = Guid.CreateVersion7(), Name = Scenarios.Unique("Boletín"), Url = "http://127.0.0.1:9/hook", Kinds = ["VoteClosed"],
            Filter = new PartnerFilter(MobilisationId: Guid.CreateVersion7()), RegisteredAt = DateTimeOffset.UtcNow,
        };
        var positions = Enumerable.Range(1, 501).Select(p => (long)p * 10).OrderBy(_ => Random.Shared.Next()).ToList();
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(partner);
            foreach (var position in positions)
                session.Store(new PartnerDelivery
                {
                    Id = PartnerDelivery.IdOf(partner.Id, position), PartnerId = partner.Id, Position = position, Kind = "VoteClosed", Body = "{}",
                    Status = DeliveryStatus.Delivered, Attempts = 1, CreatedAt = DateTimeOffset.UtcNow, DeliveredAt = DateTimeOffset.UtcNow,
                });
            await session.SaveChangesAsync();
        }
        var organiser = await app.Host.Organiser();

        var first = (await app.Host.Get($"/api/partners/{partner.Id}/deliveries", organiser)).Body!.AsArray();
        Assert.Equal(Enumerable.Range(1, 500).Select(p => (long)p * 10), first.Select(d => d!["position"]!.GetValue<long>()));
        var rest = (await app.Host.Get($"/api/partners/{partner.Id}/deliveries?afterPosition=5000", organiser)).Body!.AsArray();
        var last = Assert.Single(rest)!;
        Assert.Equal(5010, last["position"]!.GetValue<long>());
        Assert.Equal(PartnerDelivery.IdOf(partner.Id, 5010), last["id"]!.GetValue<string>());
    }
}
