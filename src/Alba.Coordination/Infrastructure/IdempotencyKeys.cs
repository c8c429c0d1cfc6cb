using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx;
using JasperFx.CodeGeneration;
using Marten.Linq.QueryHandlers;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;

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

/// <summary>
/// Keeps secrets out of the idempotency records. Wolverine stores the first answer of a POST with an Idempotency-Key in
/// <c>wolverine_deduplicated_responses</c> for 24 hours to replay it; an answer that shows a secret once (a credential
/// code, an invitation code) would leave it there in plain text. This wraps Wolverine's own writer of those records (the
/// seam its generated code calls inside the endpoint's transaction) and stores the answer without the secret fields,
/// saying in a <c>withheld</c> field that each was shown only once. The caller of the first request gets the whole answer.
/// </summary>
public sealed class SecretFreeIdempotencyRecords : IMartenDeduplicatedResponses
{
    /// <summary>
    /// Top-level answer fields that carry a secret shown once, when their value is text (a vote's <c>secret</c> flag
    /// is not a secret).
    /// </summary>
    public static readonly IReadOnlySet<string> SecretFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "credentialCode", "invitationCode", "secret", "accessToken",
        // Personal data (a door check-in answers the name): a replay record must not outlive the person's erasure.
        "fullName", "email",
    };

    public const string WithheldField = "withheld";

    public const string WithheldMessage =
        "Shown only once, in the first answer to this request, and never stored; a replay cannot show it again (reissue it if it was lost).";

    private readonly IMartenDeduplicatedResponses _wolverine;

    public SecretFreeIdempotencyRecords(IServiceProvider services, WolverineRecordWriter writer) =>
        _wolverine = (IMartenDeduplicatedResponses)ActivatorUtilities.CreateInstance(services, writer.Implementation);

    public Task<DeduplicatedResponseClaim?> FindClaimAsync(IDocumentSession session, string? deduplicationId, Type? ancillaryStoreMarker,
        CancellationToken cancellation) => _wolverine.FindClaimAsync(session, deduplicationId, ancillaryStoreMarker, cancellation);

    public IQueryHandler<DeduplicatedResponseClaim?> ClaimQuery(IDocumentSession session, string? deduplicationId, Type? ancillaryStoreMarker) =>
        _wolverine.ClaimQuery(session, deduplicationId, ancillaryStoreMarker);

    public void QueueClaim(IDocumentSession session, PendingDeduplicatedResponseClaim? claim, Type? ancillaryStoreMarker) =>
        _wolverine.QueueClaim(session, claim is { Response.Body: { } body } ? claim with { Response = claim.Response with { Body = WithoutSecrets(body) } } : claim,
            ancillaryStoreMarker);

    /// <summary>The answer as it may be stored and replayed: every secret field removed and named under <c>withheld</c>.</summary>
    public static string WithoutSecrets(string body)
    {
        if (JsonNode.Parse(body) is not JsonObject answer) return body;
        var secrets = answer.Where(field => SecretFields.Contains(field.Key) && field.Value?.GetValueKind() == JsonValueKind.String).Select(field => field.Key).ToList();
        if (secrets.Count == 0) return body;
        var withheld = new JsonObject();
        foreach (var secret in secrets)
        {
            answer.Remove(secret);
            withheld[secret] = WithheldMessage;
        }
        answer[WithheldField] = withheld;
        return answer.ToJsonString();
    }

    /// <summary>Wolverine's own writer (an internal type), recorded when it is replaced so the wrapper can build it.</summary>
    public sealed record WolverineRecordWriter(Type Implementation);
}

public static class IdempotencyRecordsSetup
{
    /// <summary>Call after Marten's Wolverine integration has registered its writer of idempotency records.</summary>
    public static void KeepSecretsOutOfIdempotencyRecords(this IServiceCollection services)
    {
        var wolverine = services.Single(d => d.ServiceType == typeof(IMartenDeduplicatedResponses));
        services.Remove(wolverine);
        services.AddSingleton(new SecretFreeIdempotencyRecords.WolverineRecordWriter(
            wolverine.ImplementationType ?? throw new InvalidOperationException("Wolverine's idempotency record writer is not registered by type.")));
        services.AddSingleton<IMartenDeduplicatedResponses, SecretFreeIdempotencyRecords>();
    }
}
