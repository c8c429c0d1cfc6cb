using System.Text.Json;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Answers, before any endpoint sees them, the JSON bodies that would otherwise fail deep inside: a body of literally
/// <c>null</c> (however padded or chunked) deserialises to no command at all, and a U+0000 character in any string is
/// refused by PostgreSQL's JSON and text columns. Both are the caller's mistake: 400 with a field error. A body that is not
/// valid JSON passes on, so the endpoint's reader answers it as it always does.
/// </summary>
public sealed class JsonBodyGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0') == true)) is { Key: { } parameter })
        {
            await Problems.WriteAsync(context, NulCharacter(parameter));
            return;
        }
        if (request.ContentLength is not 0 && request.HasJsonContentType())
        {
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            request.Body.Position = 0;
            if (Refusal(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } problem)
            {
                await Problems.WriteAsync(context, problem);
                return;
            }
        }
        await next(context);
    }

    /// <summary>The problem with a JSON body, or null when the endpoint may read it.</summary>
    public static ProblemDetails? Refusal(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var field = "body";
        try
        {
            if (!reader.Read()) return null;
            if (reader.TokenType == JsonTokenType.Null && !reader.Read())
                return Problems.Invalid("body", "The request body is missing: it is 'null'.");
            do
            {
                if (reader.TokenType == JsonTokenType.PropertyName) field = reader.GetString()!;
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && reader.GetString()!.Contains('\0'))
                    return NulCharacter(field);
            } while (reader.Read());
        }
        catch (JsonException)
        {
            // Not valid JSON: the endpoint's own reader answers it with its 400.
        }
        return null;
    }

    private static ProblemDetails NulCharacter(string field) =>
        Problems.Invalid(field, $"'{field}' contains a U+0000 (null) character, which no text may hold.");
}
