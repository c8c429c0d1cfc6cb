using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// The last line: whatever escaped an endpoint becomes a problem document. A caller's mistake
/// (unreadable JSON, a lost race, a duplicate) is a 4xx; anything else is a 500 that says
/// nothing about the server's insides.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem.Status >= 500) logger.LogError(exception, "Unhandled failure on {Method} {Path}", context.Request.Method, context.Request.Path);
        else logger.LogInformation("Request refused on {Method} {Path}: {Detail}", context.Request.Method, context.Request.Path, problem.Detail);
        if (context.Response.HasStarted) return true;
        await Problems.WriteAsync(context, problem);
        return true;
    }

    public static ProblemDetails Classify(Exception exception) => exception switch
    {
        JsonException json => Problems.Invalid(JsonField(json.Path), "The request body is not valid JSON for this operation: " + CleanJsonMessage(json)),
        BadHttpRequestException { InnerException: JsonException json } => Classify(json),
        BadHttpRequestException bad => Problems.Make(bad.StatusCode, "Bad request", bad.Message),
        ConcurrencyException or DocumentAlreadyExistsException or Marten.Exceptions.ExistingStreamIdCollisionException =>
            Problems.Conflict("Someone else changed this at the same time; read it again and retry."),
        _ when FindPostgres(exception) is { SqlState: PostgresErrorCodes.UniqueViolation } =>
            Problems.Conflict("This would duplicate something that must be unique."),
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 => Classify(aggregate.InnerExceptions[0]),
        _ when exception.InnerException is JsonException json => Classify(json),
        _ => Problems.Make(StatusCodes.Status500InternalServerError, "Server error", "Something went wrong on our side; nothing was saved."),
    };

    /// <summary>
    /// Wolverine answers an unreadable body itself, naming our CLR types; reshape that answer
    /// like every other 400: a plain detail and field errors.
    /// </summary>
    public static void ShapeProblem(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Extensions.ContainsKey("errors")) return;
        var path = problem.Detail is { } detail ? JsonPathInMessage().Match(detail) : Match.Empty;
        var field = path.Success ? JsonField(path.Groups[1].Value) : "body";
        var message = path.Success
            ? $"The value at '{field}' has the wrong type or shape."
            : "The request body is missing or is not valid JSON.";
        problem.Title = "The request is not valid";
        problem.Detail = message;
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
    }

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex JsonPathInMessage();

    private static PostgresException? FindPostgres(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is PostgresException pg) return pg;
        return null;
    }

    private static string JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    // System.Text.Json messages name CLR types; callers need the position, not our type names.
    private static string CleanJsonMessage(JsonException json) =>
        json.Path is { Length: > 0 } path && path != "$"
            ? $"the value at '{JsonField(path)}' has the wrong type or shape."
            : json.LineNumber is { } line ? $"syntax error near line {line + 1}, position {json.BytePositionInLine}." : "it cannot be read.";
}
