using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Http;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Stripe-style Idempotency-Key on every POST, by Wolverine's own deduplication: the key belongs
/// to the caller and the route; a repeat with the same bytes is answered with the first response,
/// a different request under the same key gets 422. The claim and its response are written in
/// the endpoint's own Marten transaction, so events and key commit or fail together.
/// </summary>
public sealed class IdempotencyKeyPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST") && !c.Method.Method.IsDefined(typeof(IdempotencyExemptAttribute), false)))
        {
            new DeduplicatedWithResponseAttribute(DeduplicationScope.User | DeduplicationScope.Endpoint)
            {
                Required = false,
                ClaimInTransaction = true,
            }.Modify(chain, rules);
        }
    }
}

/// <summary>
/// Marks an endpoint whose requests must leave no idempotency record: the record keeps the caller and a hash of the
/// body, which for a body with few possible values (a ballot's choice) would tell them apart. The header is ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotencyExemptAttribute : Attribute;
