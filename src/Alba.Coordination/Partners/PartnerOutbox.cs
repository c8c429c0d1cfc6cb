using System.Text.Json;
using Alba.Coordination.Live;
using Alba.Coordination.Mobilisations;
using Alba.Coordination.Statements;
using Marten.Services;
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
/// The registered partners, kept in memory so that a public push nobody registered for costs no query, and one that
/// partners want costs no query for the list. The list is read again when a commit on this node stored a partner
/// (<see cref="PartnerChangeListener"/>, after the commit, so the read sees it), and at the latest every
/// <see cref="PartnerDeliveryOptions.DirectoryRefresh"/>: the live feed runs on one node, a partner may be registered on
/// another, and no event tells the first one (partners are configuration documents, not events). So a partner
/// registered on another node starts receiving within that interval (5 s by default); on the feed's own node, at once.
/// </summary>
/// <remarks>It takes the store per call, not in its constructor: the store's own listener needs this directory.</remarks>
public sealed class PartnerDirectory(IOptions<PartnerDeliveryOptions> options, TimeProvider clock)
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private IReadOnlyList<Partner> _partners = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private volatile bool _changed = true;

    public async Task<IReadOnlyList<Partner>> Current(IDocumentStore store, CancellationToken cancellationToken)
    {
        if (IsFresh()) return _partners;
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (IsFresh()) return _partners;
            // Cleared before the read: a change committed while it runs marks the list changed again.
            _changed = false;
            await using var session = store.QuerySession();
            _partners = await session.Query<Partner>().ToListAsync(cancellationToken);
            _readAt = clock.GetUtcNow();
            return _partners;
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Changed() => _changed = true;

    private bool IsFresh() => !_changed && clock.GetUtcNow() - _readAt < options.Value.DirectoryRefresh;
}

/// <summary>Tells this node's <see cref="PartnerDirectory"/> when a commit stored or deleted a partner.</summary>
public sealed class PartnerChangeListener(PartnerDirectory directory) : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.Inserted.Concat(commit.Updated).Concat(commit.Deleted).OfType<Partner>().Any()) directory.Changed();
        return Task.CompletedTask;
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
