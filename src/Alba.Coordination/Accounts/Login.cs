using Alba.Coordination.Privacy;
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
    public static async Task<IResult> Post(Login command, IQuerySession session, PersonalVault vault, Passwords passwords,
        TokenIssuer tokens, LoginThrottle throttle, HttpContext context, ILogger<Login> logger)
    {
        var email = Validation.NormaliseEmail(command.Email);
        // Per account and address: guesses from elsewhere never lock the owner out where the owner is.
        var key = LoginThrottle.PasswordKey(email, context);
        if (throttle.Blocked(key) is { } wait) return TooMany(context, wait);

        var account = await AccountPeople.WithEmail(session, vault, email);
        if (!passwords.Verify(account, command.Password))
        {
            throttle.RecordFailure(key);
            logger.LogWarning("Failed sign-in for an account name from {Address}", context.Connection.RemoteIpAddress);
            return Results.Problem(Problems.Unauthorized("The email or password is not right."));
        }

        throttle.Succeeded(key);
        var token = tokens.ForAccount(account!);
        return Results.Ok(new LoginResponse(token.Value, token.ExpiresAt, account!.Role, account.MovementId, null));
    }

    internal static IResult TooMany(HttpContext context, TimeSpan wait)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString();
        return Results.Problem(Problems.TooManyRequests("Too many failed sign-ins from here. Try again later."));
    }
}
