using Wolverine;

namespace Alba.Coordination.Partners;

public sealed record ReplayDeliveries(long AfterPosition);

public sealed record ReplayAnswer(Guid PartnerId, long AfterPosition, int Requeued);

public static class ReplayDeliveriesEndpoint
{
    public static ProblemDetails Validate(ReplayDeliveries command) => new Validation()
        .Check(command.AfterPosition >= 0, "afterPosition", "'afterPosition' is a position (0 or more): everything after it is sent again.")
        .ToProblem();

    /// <summary>
    /// Sends again every delivery after a position, dead letters included, in order and with their ids unchanged
    /// (a receiver that processed one already can tell). Deliveries are operational documents, not the record,
    /// so this changes no event. An organiser asks with its token; the partner itself with a request signed with its
    /// secret (<see cref="PartnerAccess"/>), for everything after the last delivery it processed. It answers 200 as it always has, though the deliveries are only queued.
    /// </summary>
    [WolverinePost("/api/partners/{id}/deliveries/replay", Name = "ReplayPartnerDeliveries"),
     Authorize(AuthenticationSchemes = PartnerAccess.OrganiserOrPartner, Roles = PartnerAccess.OrganiserOrPartnerRoles)]
    public static async Task<IResult> Post(Guid id, ReplayDeliveries command, IDocumentSession session, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Partner>(id, cancellationToken) is null) return Results.Problem(Problems.NotFound($"No partner has id {id}."));
        var deliveries = await session.Query<PartnerDelivery>().Where(d => d.PartnerId == id && d.Position > command.AfterPosition)
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var delivery in deliveries)
        {
            delivery.Status = DeliveryStatus.Pending;
            delivery.Attempts = 0;
            delivery.NextAttemptAt = now;
            session.Store(delivery);
        }
        await bus.PublishAsync(new DeliverToPartner(id));
        return Results.Ok(new ReplayAnswer(id, command.AfterPosition, deliveries.Count));
    }
}
