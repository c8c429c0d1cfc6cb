namespace Alba.Coordination.Infrastructure.Idempotency;

/// <summary>
/// What a POST with an Idempotency-Key did, keyed by caller and key. The row is inserted in the
/// same transaction as the events the request appends (so a retry can never append twice) and
/// completed with the response once it is known.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Id { get; set; }
    public required string RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? Status { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? Body { get; set; }

    public bool IsComplete => Status is not null;
}

/// <summary>The key of the request being handled on this async flow, if any.</summary>
public sealed class IdempotencyClaim(string recordId, string requestHash, DateTimeOffset at)
{
    private static readonly AsyncLocal<IdempotencyClaim?> CurrentClaim = new();

    public static IdempotencyClaim? Current
    {
        get => CurrentClaim.Value;
        set => CurrentClaim.Value = value;
    }

    public string RecordId { get; } = recordId;
    public string RequestHash { get; } = requestHash;
    public DateTimeOffset At { get; } = at;

    /// <summary>Set once the reservation row rides a commit, so it is written once per request.</summary>
    public bool Reserved { get; set; }
}
