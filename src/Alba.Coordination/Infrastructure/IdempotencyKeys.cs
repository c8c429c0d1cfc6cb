using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Infrastructure.GroupCommit;
using JasperFx;
using JasperFx.CodeGeneration;
using Marten.Linq.QueryHandlers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Wolverine.Http;
using Wolverine.Http.Runtime;
using Wolverine.Marten;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;

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
        && !chain.Method.Method.IsDefined(typeof(IdempotencyExemptAttribute), false)
        && !chain.Method.Method.IsDefined(typeof(KeyClaimedInBatchAttribute), false);
}

/// <summary>
/// Marks a group-committed endpoint, which takes its Idempotency-Key through <see cref="GroupCommittedKeys"/>: the claim is
/// written by its stream's batch, in the transaction that records the command, not by Wolverine's code in the request's.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KeyClaimedInBatchAttribute : Attribute;

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

/// <summary>
/// A caller's Idempotency-Key on a group-committed command (registrations, signatures), scoped as Wolverine scopes it (the
/// caller and the route), with the fingerprint a repeat must match.
/// </summary>
public sealed record IdempotencyClaim(string ScopedId, string Fingerprint);

/// <summary>A group-committed command's answer as it is sent and, under a key, stored for replay: status, body, <c>Location</c>.</summary>
public sealed record RecordedAnswer(int Status, object Body, string? Location)
{
    public IResult ToResult() => Status == StatusCodes.Status201Created ? Results.Created(Location, Body) : Results.Json(Body, statusCode: Status);
}

/// <summary>
/// Idempotency-Key for commands that commit in their stream's batch (Infrastructure/GroupCommit), with the guarantees of
/// <see cref="IdempotencyKeyPolicy"/>. Wolverine's generated code claims a key in the request's own transaction, which a
/// group-committed command does not commit in; so these endpoints take the key here instead: the endpoint answers a repeat
/// from the committed claim, and the batch queues the claim with the answer in the transaction that records the command,
/// through Wolverine's writer of those records (so in the same table, form and window, without secrets), and only for a
/// command it did not refuse. A refused or failed command is answered from a claim that a concurrent request with the
/// same key committed meanwhile, as Wolverine answers it.
/// </summary>
public sealed class GroupCommittedKeys(DeduplicatedResponses responses, IMartenDeduplicatedResponses records, IWolverineRuntime runtime,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const string Header = "Idempotency-Key";

    /// <summary>The caller's key, or null without one; and when its claim is committed, the answer to this repeat.</summary>
    public async Task<(IdempotencyClaim? Claim, IResult? Repeat)> ReadAsync(HttpContext context, object command)
    {
        var scoped = HttpHandler.ScopeDeduplicationId(context, context.Request.Headers[Header].ToString(),
            DeduplicationScope.User | DeduplicationScope.Endpoint, null);
        if (string.IsNullOrWhiteSpace(scoped)) return (null, null);
        var claim = new IdempotencyClaim(scoped, Fingerprint(context.Request, command));
        return (claim, await RepeatAsync(claim));
    }

    /// <summary>
    /// Submits the command to its stream's batch and answers after the commit. With a key, a refusal or a failed commit
    /// (the claim's unique id taken by a concurrent request) is answered from that request's claim when there is one.
    /// </summary>
    public async Task<IResult> AnswerAsync(IdempotencyClaim? claim, Func<Task<Committed<RecordedAnswer>>> submit)
    {
        Committed<RecordedAnswer> committed;
        try
        {
            committed = await submit();
        }
        catch (Exception) when (claim is not null)
        {
            if (await RepeatAsync(claim) is { } repeat) return repeat;
            throw;
        }
        if (committed.Refusal is null) return committed.Outcome!.ToResult();
        return claim is not null && await RepeatAsync(claim) is { } answered ? answered : Results.Problem(committed.Refusal);
    }

    /// <summary>The claims of one batch: written in its session, and a second command of the batch under a claimed key answered as its repeat.</summary>
    public BatchClaims For(IDocumentSession session) => new(this, session);

    private void Queue(IDocumentSession session, IdempotencyClaim claim, RecordedAnswer answer) =>
        records.QueueClaim(session, new PendingDeduplicatedResponseClaim(DeduplicatedResponses.StorageIdFor(claim.ScopedId), claim.Fingerprint,
            Guid.NewGuid().ToString(), DateTimeOffset.UtcNow.Add(runtime.Options.Durability.DeduplicationWindow),
            new DeduplicatedResponse(answer.Status, JsonSerializer.Serialize(answer.Body, json.Value.SerializerOptions), answer.Location)), null);

    private async Task<IResult?> RepeatAsync(IdempotencyClaim claim) =>
        await responses.FindAsync(claim.ScopedId, null) is { } committed
            ? committed.Fingerprint != claim.Fingerprint ? Results.Problem(DifferentRequest)
            : committed.Response is { } response ? new Replayed(response)
            : Results.Problem(Problems.Conflict($"A request with this '{Header}' is still being processed; retry later."))
            : null;

    private static ProblemDetails DifferentRequest =>
        Problems.Make(StatusCodes.Status422UnprocessableEntity, "Unprocessable Content",
            $"This '{Header}' was already used for a different request; send a new key for a new request.");

    /// <summary>
    /// SHA-256 of the route and the command as bound (not the body's bytes, which the group-committed endpoint does not
    /// keep): a repeat that differs only in spacing or field order is the same request.
    /// </summary>
    private string Fingerprint(HttpRequest request, object command) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{request.Method} {request.PathBase}{request.Path}\n{request.QueryString}\n{JsonSerializer.Serialize(command, command.GetType(), json.Value.SerializerOptions)}")));

    /// <summary>The first answer, replayed: its status, <c>Location</c> and stored body.</summary>
    private sealed class Replayed(DeduplicatedResponse response) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            if (response.Location is not null) context.Response.Headers.Location = response.Location;
            return response.Body is null
                ? Results.StatusCode(response.StatusCode).ExecuteAsync(context)
                : Results.Text(response.Body, "application/json; charset=utf-8", statusCode: response.StatusCode).ExecuteAsync(context);
        }
    }

    public sealed class BatchClaims(GroupCommittedKeys keys, IDocumentSession session)
    {
        private readonly Dictionary<string, (string Fingerprint, RecordedAnswer Answer)> _claimed = [];

        /// <summary>The answer for a command whose key an earlier command of this batch claimed, or null.</summary>
        public Committed<RecordedAnswer>? Repeat(IdempotencyClaim? claim) =>
            claim is not null && _claimed.TryGetValue(claim.ScopedId, out var first)
                ? first.Fingerprint == claim.Fingerprint ? Committed<RecordedAnswer>.With(first.Answer) : Committed<RecordedAnswer>.Refused(DifferentRequest)
                : null;

        /// <summary>The command was not refused: its key is claimed, with its answer, in the batch's transaction.</summary>
        public Committed<RecordedAnswer> Claim(IdempotencyClaim? claim, RecordedAnswer answer)
        {
            if (claim is null) return Committed<RecordedAnswer>.With(answer);
            keys.Queue(session, claim, answer);
            _claimed[claim.ScopedId] = (claim.Fingerprint, answer);
            return Committed<RecordedAnswer>.With(answer);
        }
    }
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
