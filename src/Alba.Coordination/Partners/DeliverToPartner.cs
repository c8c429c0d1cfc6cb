using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine;

namespace Alba.Coordination.Partners;

/// <summary>Wake-up: send the partner's due deliveries. Harmless when nothing is due, so it may arrive more than once.</summary>
public sealed record DeliverToPartner(Guid PartnerId);

/// <summary>
/// Sends a partner's pending deliveries in order of position. A failure or a timeout stops the round, so what
/// follows waits (order is kept); the delivery is retried after a growing delay by a durable scheduled message,
/// which survives a restart, and after the last attempt it becomes a dead letter and the next ones go on.
/// Partners are served in parallel, so a partner that never answers holds only its own round. On a node, a wake-up for a
/// partner whose round is running is folded into that round (<see cref="PartnerRounds"/>), which looks again when it
/// ends; across nodes a round holds the partner's lock (<see cref="PartnerRoundLock"/>) until its outcome is committed,
/// and a node that finds it taken looks again a moment later, so each partner's queue is delivered in order by one node
/// at a time.
/// </summary>
public static class PartnerDeliveryHandler
{
    public const string HttpClientName = "partners";
    private const int RoundSize = 100;

    public static async Task Handle(DeliverToPartner message, IDocumentSession session, IHttpClientFactory clients,
        IDataProtectionProvider protection, IOptions<PartnerDeliveryOptions> settings, IMessageBus bus, TimeProvider clock,
        PartnerRounds rounds, CancellationToken cancellationToken)
    {
        if (!rounds.TryBegin(message.PartnerId)) return;
        try
        {
            await Round(message, session, clients, protection, settings.Value, bus, clock, cancellationToken);
        }
        finally
        {
            if (rounds.End(message.PartnerId)) await bus.PublishAsync(new DeliverToPartner(message.PartnerId));
        }
    }

    private static async Task Round(DeliverToPartner message, IDocumentSession session, IHttpClientFactory clients,
        IDataProtectionProvider protection, PartnerDeliveryOptions options, IMessageBus bus, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await using var round = await PartnerRoundLock.TryTake(session.DocumentStore, message.PartnerId, cancellationToken);
        if (round is null)
        {
            await bus.ScheduleAsync(message, PartnerRoundLock.LookAgainAfter);
            return;
        }
        if (await session.LoadAsync<Partner>(message.PartnerId, cancellationToken) is not { } partner) return;
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
        // Committed while the lock is held: the next round, on any node, sees what this one sent.
        await session.SaveChangesAsync(cancellationToken);
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

/// <summary>
/// The partners whose round is running on this node. A wake-up that arrives during a round has nothing to add but "look
/// again": it is recorded here instead of waiting behind the round, and the round asks for one more when it ends.
/// </summary>
public sealed class PartnerRounds
{
    private readonly Dictionary<Guid, bool> _lookAgain = new();

    /// <summary>True when the caller starts the partner's round; false when one is running (it will look again).</summary>
    public bool TryBegin(Guid partnerId)
    {
        lock (_lookAgain)
        {
            if (_lookAgain.ContainsKey(partnerId))
            {
                _lookAgain[partnerId] = true;
                return false;
            }
            _lookAgain[partnerId] = false;
            return true;
        }
    }

    /// <summary>Ends the partner's round; true when a wake-up came during it, so another round must look again.</summary>
    public bool End(Guid partnerId)
    {
        lock (_lookAgain) return _lookAgain.Remove(partnerId, out var again) && again;
    }
}

/// <summary>
/// A PostgreSQL advisory lock per partner, on a connection of its own, held for one delivery round: nodes share the
/// database, so whichever node a wake-up reaches, only one sends a partner's deliveries at a time. Released when
/// disposed, or by the server when the node dies (its connection closes).
/// </summary>
public sealed class PartnerRoundLock : IAsyncDisposable
{
    /// <summary>How long a node that found the lock taken waits before looking for due deliveries again.</summary>
    public static readonly TimeSpan LookAgainAfter = TimeSpan.FromSeconds(1);

    // The second key keeps these locks apart from the advisory locks Marten and Wolverine take on the same database.
    private const string TakeSql = "select pg_try_advisory_lock(hashtext('alba.partner'), hashtext($1))";
    private const string ReleaseSql = "select pg_advisory_unlock(hashtext('alba.partner'), hashtext($1))";

    private readonly NpgsqlConnection _connection;
    private readonly Guid _partnerId;

    private PartnerRoundLock(NpgsqlConnection connection, Guid partnerId)
    {
        _connection = connection;
        _partnerId = partnerId;
    }

    /// <summary>The partner's lock, or null when another round (on any node) holds it.</summary>
    public static async Task<PartnerRoundLock?> TryTake(IDocumentStore store, Guid partnerId, CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (await Run(connection, TakeSql, partnerId, cancellationToken)) return new PartnerRoundLock(connection, partnerId);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private static async Task<bool> Run(NpgsqlConnection connection, string sql, Guid partnerId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = partnerId.ToString() });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Run(_connection, ReleaseSql, _partnerId, CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and the server released the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}

public static class PartnerSecrets
{
    public static IDataProtector Protector(IDataProtectionProvider provider) => provider.CreateProtector("Alba.Partners.SigningSecret");
}
