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
        foreach (var chain in chains.Where(c => c.HttpMethods.Contains("POST")))
        {
            new DeduplicatedWithResponseAttribute(DeduplicationScope.User | DeduplicationScope.Endpoint)
            {
                Required = false,
                ClaimInTransaction = true,
            }.Modify(chain, rules);
        }
    }
}
