using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Runtime;

namespace Alba.Coordination.Partners;

/// <summary>
/// Wakes the delivery of partners with due deliveries, now and then: a crash between storing a delivery and
/// queueing its wake-up message would otherwise leave it pending until the next event.
/// </summary>
public sealed class PartnerDeliverySweep(IDocumentStore store, IWolverineRuntime runtime, IOptions<PartnerDeliveryOptions> settings,
    TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<PartnerDeliverySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wolverine accepts messages only once the host has started.
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled()))
            await started.Task;
        using var timer = new PeriodicTimer(settings.Value.SweepInterval);
        do
        {
            try
            {
                await using var session = store.QuerySession();
                var now = clock.GetUtcNow();
                var partners = await session.Query<PartnerDelivery>()
                    .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .Select(d => d.PartnerId).Distinct().ToListAsync(stoppingToken);
                var bus = new MessageBus(runtime);
                foreach (var partner in partners) await bus.PublishAsync(new DeliverToPartner(partner));
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // The database may be down for a while; the next round tries again.
                logger.LogWarning(failure, "Looking for due partner deliveries failed.");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
