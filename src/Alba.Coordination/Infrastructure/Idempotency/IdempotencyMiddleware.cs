using System.Security.Cryptography;
using Alba.Coordination.Infrastructure.Auth;
using Marten;
using JasperFx;

namespace Alba.Coordination.Infrastructure.Idempotency;

/// <summary>
/// Stripe-style Idempotency-Key for every POST: the same caller repeating a key with the same
/// body gets the first answer again (nothing appended); with another body, 422.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, TimeProvider clock, ILogger<IdempotencyMiddleware> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 200;
    private const int MaxStoredBody = 256 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.GetEndpoint()?.Metadata.GetMetadata<IdempotencyExemptAttribute>() is not null)
        {
            await next(context);
            return;
        }

        var key = values.ToString().Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            await Problems.WriteAsync(context, Problems.Invalid(Header, $"The {Header} header must have 1 to {MaxKeyLength} characters."));
            return;
        }

        var caller = context.User.ToActor()?.Id.ToString() ?? "anonymous";
        var recordId = $"{caller}|{key}";
        var requestHash = await HashRequestAsync(context.Request);

        if (await LoadAsync(recordId) is { } existing)
        {
            await AnswerFromRecordAsync(context, existing, requestHash);
            return;
        }

        var claim = new IdempotencyClaim(recordId, requestHash, clock.GetUtcNow());
        IdempotencyClaim.Current = claim;
        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsDuplicateReservation(ex))
        {
            // Another request with this key committed first: this one rolled back whole.
            context.Response.Body = originalBody;
            context.Response.Clear();
            await AnswerFromRecordAsync(context, await LoadAsync(recordId), requestHash);
            return;
        }
        finally
        {
            IdempotencyClaim.Current = null;
            context.Response.Body = originalBody;
        }

        if (context.Response.StatusCode < 500 && buffer.Length <= MaxStoredBody)
            await CompleteAsync(claim, context.Response, buffer.ToArray());
        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, context.RequestAborted);
    }

    private async Task CompleteAsync(IdempotencyClaim claim, HttpResponse response, byte[] body)
    {
        await using var session = store.LightweightSession();
        var record = await session.LoadAsync<IdempotencyRecord>(claim.RecordId)
                     ?? new IdempotencyRecord { Id = claim.RecordId, RequestHash = claim.RequestHash, CreatedAt = claim.At };
        if (record.RequestHash != claim.RequestHash) return;
        record.Status = response.StatusCode;
        record.ContentType = response.ContentType;
        record.Location = response.Headers.Location.ToString() is { Length: > 0 } location ? location : null;
        record.Body = System.Text.Encoding.UTF8.GetString(body);
        session.Store(record);
        try
        {
            await session.SaveChangesAsync();
        }
        catch (Exception ex)
        {
            // The events (if any) and the reservation are committed; only the replayable answer is missing.
            logger.LogError(ex, "Could not record the response for an idempotent request");
        }
    }

    private async Task AnswerFromRecordAsync(HttpContext context, IdempotencyRecord? record, string requestHash)
    {
        if (record is null)
        {
            await Problems.WriteAsync(context, Problems.Conflict("A request with this Idempotency-Key failed; send it again."));
            return;
        }
        if (record.RequestHash != requestHash)
        {
            await Problems.WriteAsync(context, Problems.Unprocessable(
                "This Idempotency-Key was already used with a different request. Use a new key for a new request."));
            return;
        }
        if (!record.IsComplete)
        {
            context.Response.Headers.RetryAfter = "1";
            await Problems.WriteAsync(context, Problems.Conflict(
                "A request with this Idempotency-Key was accepted and is still being answered; retry shortly."));
            return;
        }

        context.Response.StatusCode = record.Status!.Value;
        context.Response.Headers[ReplayedHeader] = "true";
        if (record.Location is not null) context.Response.Headers.Location = record.Location;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (!string.IsNullOrEmpty(record.Body)) await context.Response.WriteAsync(record.Body);
    }

    private async Task<IdempotencyRecord?> LoadAsync(string recordId)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<IdempotencyRecord>(recordId);
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0) hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsDuplicateReservation(Exception ex) =>
        ex is DocumentAlreadyExistsException { DocType: var type } && type == typeof(IdempotencyRecord)
        || ex.InnerException is { } inner && IsDuplicateReservation(inner);
}
