using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// The problem documents (RFC 9457) every capability answers with, so a 400 always carries
/// field <c>errors</c> and a 403/404/409 always carries a human <c>detail</c>.
/// </summary>
public static class Problems
{
    public static ProblemDetails Ok => WolverineContinue.NoProblems;

    public static bool IsOk(ProblemDetails problem) => ReferenceEquals(problem, WolverineContinue.NoProblems);

    public static ProblemDetails Invalid(IDictionary<string, string[]> errors, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Detail = detail ?? string.Join(" ", errors.SelectMany(e => e.Value)),
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        // An extension rather than ValidationProblemDetails so the field survives any writer
        // that serialises the declared ProblemDetails type.
        problem.Extensions["errors"] = errors;
        return problem;
    }

    public static ProblemDetails Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemDetails Forbidden(string detail) =>
        Make(StatusCodes.Status403Forbidden, "Forbidden", detail, "https://tools.ietf.org/html/rfc9110#section-15.5.4");

    public static ProblemDetails Unauthorized(string detail) =>
        Make(StatusCodes.Status401Unauthorized, "Unauthorized", detail, "https://tools.ietf.org/html/rfc9110#section-15.5.2");

    public static ProblemDetails NotFound(string detail) =>
        Make(StatusCodes.Status404NotFound, "Not found", detail, "https://tools.ietf.org/html/rfc9110#section-15.5.5");

    public static ProblemDetails Conflict(string detail) =>
        Make(StatusCodes.Status409Conflict, "Conflict", detail, "https://tools.ietf.org/html/rfc9110#section-15.5.10");

    public static ProblemDetails Gone(string detail) =>
        Make(StatusCodes.Status410Gone, "Gone", detail, "https://tools.ietf.org/html/rfc9110#section-15.5.11");

    public static ProblemDetails TooManyRequests(string detail) =>
        Make(StatusCodes.Status429TooManyRequests, "Too many requests", detail, "https://tools.ietf.org/html/rfc6585#section-4");

    public static ProblemDetails Make(int status, string title, string detail, string? type = null) =>
        new() { Status = status, Title = title, Detail = detail, Type = type };

    /// <summary>Writes a problem document as the response, for middleware outside Wolverine.</summary>
    public static Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return Results.Problem(problem).ExecuteAsync(context);
    }
}
