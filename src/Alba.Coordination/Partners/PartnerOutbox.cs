using System.Text.Json;
using Alba.Coordination.Live;
using Alba.Coordination.Mobilisations;
using Alba.Coordination.Statements;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Runtime;

namespace Alba.Coordination.Partners;

/// <summary>
/// Turns each committed public push into deliveries for the partners that want it. It runs in the live feed's
/// strict-order subscription, so deliveries are created in commit order; a delivery's id is the partner and the
/// event's position, so a page of events handled again after a crash creates nothing twice.
/// </summary>
public sealed class PartnerOutbox(IDocumentStore store, PartnerDirectory directory, IWolverineRuntime runtime,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock)
{
    public async Task Offer(IEvent source, object payload, CancellationToken cancellationToken)
    {
        var kind = source.Data.GetType().Name;
        if (!PartnerKinds.Public.Contains(kind)) return;
        var partners = (await directory.Current(store, cancellationToken)).Where(p => p.Wants(kind)).ToList();
        if (partners.Count == 0) return;
        await using var session = store.LightweightSession();
        var (country, language) = await Facts(session, payload, cancellationToken);
        var wanting = partners.Where(p => PartnerKinds.Matches(p.Filter, payload, country, language)).ToList();
        if (wanting.Count == 0) return;

        var body = JsonSerializer.Serialize(new
        {
            type = kind, position = source.Sequence, streamId = source.StreamId, version = source.Version, at = source.Timestamp, data = payload,
        }, json.Value.SerializerOptions);
        var ids = wanting.Select(p => PartnerDelivery.IdOf(p.Id, source.Sequence)).ToArray();
        var existing = (await session.LoadManyAsync<PartnerDelivery>(cancellationToken, ids)).Select(d => d.Id).ToHashSet();
        var now = clock.GetUtcNow();
        foreach (var partner in wanting.Where(p => !existing.Contains(PartnerDelivery.IdOf(p.Id, source.Sequence))))
            session.Store(new PartnerDelivery
            {
                Id = PartnerDelivery.IdOf(partner.Id, source.Sequence), PartnerId = partner.Id, Position = source.Sequence, Kind = kind, Body = body,
                Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
            });
        await session.SaveChangesAsync(cancellationToken);
        var bus = new MessageBus(runtime);
        foreach (var partner in wanting) await bus.PublishAsync(new DeliverToPartner(partner.Id));
    }

    /// <summary>The country and language a push concerns, for partners' filters, from the public views when the payload lacks them.</summary>
    private static async Task<(string? Country, string? Language)> Facts(IQuerySession session, object payload, CancellationToken cancellationToken) =>
        payload switch
        {
            MobilisationPush p => (null, p.Language),
            ActionPush p => (p.Country, null),
            ReportPush p => ((await session.LoadAsync<ActionView>(p.ActionId, cancellationToken))?.Country, null),
            PublicationPush p => (null, (await session.LoadAsync<StatementView>(p.StatementId, cancellationToken))?.Language),
            _ => (null, null),
        };
}

/// <summary>
/// The registered partners, kept in memory so that a page of public pushes partners want costs one count, not a read of the
/// list per push. Partners are only ever added (no route changes or removes one), so the count tells whether any was
/// registered since the list was read, on whichever node. It is taken once per page of the live feed, at its first public
/// push: every event of the page had committed before the page was read, so a partner whose registration committed before an
/// event's commit is counted, and receives it.
/// </summary>
/// <remarks>It takes the store per call, not in its constructor, as the feed's other services do. One feed runs per node and
/// hands out its pages one at a time, so the page counted last is the only one to remember (weakly: not its pushes).</remarks>
public sealed class PartnerDirectory
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private IReadOnlyList<Partner> _partners = [];
    private readonly WeakReference<LivePage?> _countedFor = new(null);

    public async Task<IReadOnlyList<Partner>> Current(IDocumentStore store, CancellationToken cancellationToken)
    {
        var page = LivePage.Current;
        if (_countedFor.TryGetTarget(out var counted) && ReferenceEquals(page, counted)) return _partners;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            await using var session = store.QuerySession();
            var registered = await session.Query<Partner>().CountAsync(cancellationToken);
            if (registered != _partners.Count) _partners = await session.Query<Partner>().ToListAsync(cancellationToken);
            _countedFor.SetTarget(page);
            return _partners;
        }
        finally
        {
            _reading.Release();
        }
    }
}

/// <summary>The live feed's publisher: every push goes to the hub's groups and is offered to partners.</summary>
public sealed class LiveAndPartnersPublisher(HubLivePublisher hub, PartnerOutbox partners) : ILivePublisher
{
    public async Task Push(IEvent source, object payload, CancellationToken cancellationToken, params string[] groups)
    {
        await hub.Push(source, payload, cancellationToken, groups);
        await partners.Offer(source, payload, cancellationToken);
    }
}
