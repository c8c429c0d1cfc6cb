namespace Alba.Coordination.Infrastructure.Idempotency;

/// <summary>
/// Marks an endpoint whose requests must leave no idempotency record: the record keeps the caller and a hash of the
/// body, which for a body with few possible values (a ballot's choice) would tell them apart. The header is ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotencyExemptAttribute : Attribute;
