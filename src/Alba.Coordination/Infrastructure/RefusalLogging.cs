using Alba.Coordination.Infrastructure.Auth;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Every 401 and 403, whoever produced it (authentication, a role check, a movement check), is logged, with the route
/// template rather than the path (<see cref="Observability.RouteForLogs"/>).
/// </summary>
public sealed class RefusalLogging(RequestDelegate next, ILogger<RefusalLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            var actor = context.User.ToActor();
            logger.LogWarning("Refused {Status} {Method} {Route} for {Role} {Actor}", context.Response.StatusCode,
                context.Request.Method, context.RouteForLogs(), actor?.Role ?? "anonymous", actor?.Id);
        }
    }
}
