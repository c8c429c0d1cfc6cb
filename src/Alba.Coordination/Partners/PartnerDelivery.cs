namespace Alba.Coordination.Partners;

public enum DeliveryStatus { Pending, Delivered, Failed }

/// <summary>
/// One committed event on its way to one partner. Numbered by the event's position, so a partner can ask for
/// everything after the last one it processed; the id is the same on every attempt and replay (the
/// <c>webhook-id</c> header), so a receiver recognises a repeat. Operational state, kept as a document: the
/// record itself is the event, and a delivery can always be made again from it.
/// </summary>
public sealed class PartnerDelivery
{
    public string Id { get; set; } = "";
    public Guid PartnerId { get; set; }
    public long Position { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>The JSON body exactly as signed and sent.</summary>
    public string Body { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    public static string IdOf(Guid partnerId, long position) => $"msg_{partnerId:N}_{position}";
}

/// <summary>Delivery settings (section Alba:Partners).</summary>
public sealed class PartnerDeliveryOptions
{
    /// <summary>Partners a node serves at once; each round holds two connections (its lock's and its session's).</summary>
    public const int PartnersAtOnce = 8;

    /// <summary>Attempts before a delivery becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>The first retry's delay; each next one doubles it.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a partner may take to answer one delivery.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>How often pending deliveries are looked for, in case their wake-up message was lost in a crash.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryDelay(int attempts) => FirstRetryDelay * Math.Pow(2, Math.Max(0, attempts - 1));
}
