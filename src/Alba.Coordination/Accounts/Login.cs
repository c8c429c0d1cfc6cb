using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace Alba.Coordination.Accounts;

public sealed record Login(string Email, string Password);

public sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, string Role, Guid? MovementId, Guid? DelegateId);

public static class LoginEndpoint
{
    public static ProblemDetails Validate(Login command) => new Validation()
        .Required(command.Email, "email", 254)
        .Required(command.Password, "password", 500)
        .ToProblem();

    [WolverinePost("/api/auth/login", Name = "Login"), EnableRateLimiting(RateLimits.Auth)]
    public static async Task<IResult> Post(Login command, IQuerySession session, PasswordHasher<Account> hasher,
        TokenIssuer tokens, LoginThrottle throttle, HttpContext context, ILogger<Login> logger)
    {
        var email = Validation.NormaliseEmail(command.Email);
        if (throttle.Blocked(email) is { } wait) return TooMany(context, wait);

        var account = await session.Query<Account>().FirstOrDefaultAsync(a => a.Email == email);
        var verified = account is { IsActive: true, PasswordHash: not null }
                       && hasher.VerifyHashedPassword(account, account.PasswordHash, command.Password) != PasswordVerificationResult.Failed;
        if (!verified)
        {
            throttle.RecordFailure(email);
            logger.LogWarning("Failed sign-in for an account name from {Address}", context.Connection.RemoteIpAddress);
            return Results.Problem(Problems.Unauthorized("The email or password is not right."));
        }

        var token = tokens.Issue(account!.Id, account.Role, account.MovementId);
        return Results.Ok(new LoginResponse(token.Value, token.ExpiresAt, account.Role, account.MovementId, null));
    }

    internal static IResult TooMany(HttpContext context, TimeSpan wait)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
        return Results.Problem(Problems.TooManyRequests("Too many failed sign-ins. Try again later."));
    }
}
