using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// The last line: whatever escaped an endpoint becomes a problem document. A caller's mistake
/// (unreadable JSON, a lost race, a duplicate) is a 4xx; a bounded wait that ran out or a database out of reach is a
/// 503 with Retry-After; anything else is a 500 that says nothing about the server's insides.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var reading = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
        var problem = Classify(exception, reading);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            logger.LogWarning("Request on {Method} {Route} answered 503: {Failure}", context.Request.Method, context.RouteForLogs(), exception.Message);
        else if (problem.Status >= 500) logger.LogError(exception, "Unhandled failure on {Method} {Route}", context.Request.Method, context.RouteForLogs());
        // The title, not the detail: a detail can quote what the caller sent (an email already taken).
        else logger.LogInformation("Request refused on {Method} {Route}: {Status} {Title}", context.Request.Method, context.RouteForLogs(), problem.Status, problem.Title);
        if (context.Response.HasStarted) return true;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        await Problems.WriteAsync(context, problem);
        return true;
    }

    /// <summary>What a 503 asks the caller to wait before retrying: a lock wait or a reconnection is a matter of seconds.</summary>
    public const int RetryAfterSeconds = 2;

    /// <param name="exception">What escaped the endpoint.</param>
    /// <param name="reading">A GET or HEAD: nothing could have been saved, so a 503 does not say so.</param>
    public static ProblemDetails Classify(Exception exception, bool reading = false) => exception switch
    {
        // Waits are bounded (RequestSessions): a stream locked for longer than lock_timeout, or a statement cut off.
        Marten.Exceptions.StreamLockedException or GroupCommit.StreamBusyException => Busy(reading),
        _ when FindPostgres(exception) is { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.QueryCanceled
            or IdleInTransactionSessionTimeout } => Busy(reading),
        _ when IsDatabaseUnavailable(exception) => Problems.Make(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            reading ? "The database cannot be reached right now; try again in a few seconds."
                    : "The database cannot be reached right now; nothing was saved. Try again in a few seconds."),
        Privacy.MasterKeyUnavailableException => Problems.Make(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
            "The key that opens people's data is not available on this server right now; try again later."),
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

    // Not among Npgsql's named codes.
    private const string IdleInTransactionSessionTimeout = "25P03";

    private static ProblemDetails Busy(bool reading) => Problems.Make(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        reading ? "This is busy right now; try again in a few seconds."
                : "This record is busy with other changes right now; nothing was saved. Try again in a few seconds.");

    /// <summary>
    /// The server could not be reached or refused the connection (down, restarting, out of connections), or our pool had
    /// no connection to give within its wait: nothing the caller did, and over in seconds.
    /// </summary>
    private static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException pg)
                return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
                       || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                           or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
            if (exception is NpgsqlException) return true; // not a server error: the connection itself failed
        }
        return false;
    }

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
