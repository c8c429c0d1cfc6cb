using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Alba.Coordination.Partners;

/// <summary>Wake-up: send the partner's due deliveries. Harmless when nothing is due, so it may arrive more than once.</summary>
public sealed record DeliverToPartner(Guid PartnerId);

/// <summary>
/// Sends a partner's pending deliveries in order of position. A failure or a timeout stops the round, so what
/// follows waits (order is kept); the delivery is retried after a growing delay by a durable scheduled message,
/// which survives a restart, and after the last attempt it becomes a dead letter and the next ones go on.
/// The queue handling these messages is sequential, so one partner never gets two sends at once from a node.
/// </summary>
public static class PartnerDeliveryHandler
{
    public const string HttpClientName = "partners";
    private const int RoundSize = 100;

    public static async Task Handle(DeliverToPartner message, IDocumentSession session, IHttpClientFactory clients,
        IDataProtectionProvider protection, IOptions<PartnerDeliveryOptions> settings, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Partner>(message.PartnerId, cancellationToken) is not { } partner) return;
        var options = settings.Value;
        var secret = PartnerSecrets.Protector(protection).Unprotect(partner.ProtectedSecret);
        var http = clients.CreateClient(HttpClientName);
        var now = clock.GetUtcNow();
        var due = await session.Query<PartnerDelivery>()
            .Where(d => d.PartnerId == partner.Id && d.Status == DeliveryStatus.Pending)
            .OrderBy(d => d.Position).Take(RoundSize).ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            if (delivery.NextAttemptAt > now)
            {
                await bus.ScheduleAsync(new DeliverToPartner(partner.Id), delivery.NextAttemptAt);
                break;
            }
            var error = await Send(http, partner.Url, secret, delivery, options.Timeout, clock, cancellationToken);
            delivery.Attempts++;
            now = clock.GetUtcNow();
            if (error is null)
            {
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = now;
                delivery.LastError = null;
                session.Store(delivery);
                continue;
            }
            delivery.LastError = error;
            if (delivery.Attempts >= options.MaxAttempts)
            {
                delivery.Status = DeliveryStatus.Failed;
                session.Store(delivery);
                continue;
            }
            delivery.NextAttemptAt = now + options.RetryDelay(delivery.Attempts);
            session.Store(delivery);
            await bus.ScheduleAsync(new DeliverToPartner(partner.Id), delivery.NextAttemptAt);
            break;
        }
        if (due.Count == RoundSize && due[^1].Status != DeliveryStatus.Pending) await bus.PublishAsync(new DeliverToPartner(partner.Id));
    }

    /// <summary>One attempt: null when the partner answered 2xx, else what went wrong.</summary>
    private static async Task<string?> Send(HttpClient http, string url, string secret, PartnerDelivery delivery, TimeSpan timeout,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, delivery.Id, timestamp, delivery.Body));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.IsSuccessStatusCode ? null : $"The partner answered {(int)response.StatusCode}.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"The partner did not answer within {timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException failure)
        {
            return $"The partner could not be reached: {failure.Message}";
        }
    }
}

public static class PartnerSecrets
{
    public static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector("Alba.Partners.SigningSecret");
}
