namespace Alba.Coordination.Partners;

public sealed record PartnerSummary(Guid Id, string Name, string Url, string[] Kinds, PartnerFilter Filter, DateTimeOffset RegisteredAt,
    int Pending, int Failed)
{
    public static PartnerSummary From(Partner p, int pending, int failed) => new(p.Id, p.Name, p.Url, p.Kinds, p.Filter, p.RegisteredAt, pending, failed);
}

public sealed record DeliverySummary(string Id, long Position, string Kind, DeliveryStatus Status, int Attempts, DateTimeOffset? NextAttemptAt,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>Partners and their deliveries, for organisers (never the signing secret); a partner may list its own deliveries.</summary>
public static class PartnerQueries
{
    private const int PageSize = 500;

    [WolverineGet("/api/partners", Name = "ListPartners"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IReadOnlyList<PartnerSummary>> List(IQuerySession session, CancellationToken cancellationToken)
    {
        var partners = await session.Query<Partner>().OrderBy(p => p.RegisteredAt).ToListAsync(cancellationToken);
        var open = await session.Query<PartnerDelivery>().Where(d => d.Status != DeliveryStatus.Delivered)
            .Select(d => new OpenDelivery(d.PartnerId, d.Status)).ToListAsync(cancellationToken);
        return partners.Select(p => Summary(p, open)).ToList();
    }

    /// <summary>One partner, where its registration's 201 <c>Location</c> points.</summary>
    [WolverineGet("/api/partners/{id}", Name = "GetPartner"), Authorize(Roles = Roles.Organiser)]
    public static async Task<IResult> One(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Partner>(id, cancellationToken) is not { } partner)
            return Results.Problem(Problems.NotFound($"No partner has id {id}."));
        var open = await session.Query<PartnerDelivery>().Where(d => d.PartnerId == id && d.Status != DeliveryStatus.Delivered)
            .Select(d => new OpenDelivery(d.PartnerId, d.Status)).ToListAsync(cancellationToken);
        return Results.Ok(Summary(partner, open));
    }

    private sealed record OpenDelivery(Guid PartnerId, DeliveryStatus Status);

    private static PartnerSummary Summary(Partner partner, IReadOnlyList<OpenDelivery> open) => PartnerSummary.From(partner,
        open.Count(d => d.PartnerId == partner.Id && d.Status == DeliveryStatus.Pending),
        open.Count(d => d.PartnerId == partner.Id && d.Status == DeliveryStatus.Failed));

    /// <summary>
    /// A partner's deliveries in order of position, after <c>afterPosition</c>; <c>status=failed</c> lists its dead letters.
    /// For an organiser's token, or a request the partner signed with its secret (<see cref="PartnerAccess"/>).
    /// </summary>
    [WolverineGet("/api/partners/{id}/deliveries", Name = "ListPartnerDeliveries"),
     Authorize(AuthenticationSchemes = PartnerAccess.OrganiserOrPartner, Roles = PartnerAccess.OrganiserOrPartnerRoles)]
    public static async Task<IResult> Deliveries(Guid id, string? status, long? afterPosition, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Partner>(id, cancellationToken) is null) return Results.Problem(Problems.NotFound($"No partner has id {id}."));
        var after = afterPosition ?? 0;
        var query = session.Query<PartnerDelivery>().Where(d => d.PartnerId == id && d.Position > after);
        if (status is not null)
        {
            if (!Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var wanted))
                return Results.Problem(Problems.Invalid("status", $"'{status}' is not a delivery status: pending, delivered or failed."));
            query = query.Where(d => d.Status == wanted);
        }
        var deliveries = await query.OrderBy(d => d.Position).Take(PageSize).ToListAsync(cancellationToken);
        return Results.Ok(deliveries.Select(d => new DeliverySummary(d.Id, d.Position, d.Kind, d.Status, d.Attempts,
            d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastError, d.CreatedAt, d.DeliveredAt)).ToList());
    }
}
