using JasperFx;
using Microsoft.AspNetCore.Authorization;
using JasperFx.CodeGeneration;
using Wolverine.Http;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Stripe-style Idempotency-Key on every authenticated POST, by Wolverine's own deduplication: the key belongs
/// to the caller and the route; a repeat with the same bytes is answered with the first response,
/// a different request under the same key gets 422. The claim and its response are written in
/// the endpoint's own Marten transaction, so events and key commit or fail together.
/// </summary>
public sealed class IdempotencyKeyPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(TakesKeys))
        {
            new DeduplicatedWithResponseAttribute(DeduplicationScope.User | DeduplicationScope.Endpoint)
            {
                Required = false,
                ClaimInTransaction = true,
            }.Modify(chain, rules);
        }
    }

    /// <summary>
    /// Authenticated POSTs only: a key belongs to its caller, and the anonymous routes (sign-in,
    /// invitation acceptance) have none to scope it by — and answer with access tokens, which must
    /// not be stored for replay.
    /// </summary>
    private static bool TakesKeys(HttpChain chain) =>
        chain.HttpMethods.Contains("POST")
        && chain.Method.Method.IsDefined(typeof(AuthorizeAttribute), false)
        && !chain.Method.Method.IsDefined(typeof(IdempotencyExemptAttribute), false);
}

/// <summary>
/// Marks an endpoint whose requests must leave no idempotency record: the record keeps the caller and a hash of the
/// body, which for a body with few possible values (a ballot's choice) would tell them apart. The header is ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IdempotencyExemptAttribute : Attribute;
