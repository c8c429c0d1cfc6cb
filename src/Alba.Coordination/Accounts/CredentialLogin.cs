using Microsoft.AspNetCore.RateLimiting;

namespace Alba.Coordination.Accounts;

public sealed record CredentialLogin(string CredentialCode);

public static class CredentialLoginEndpoint
{
    public static ProblemDetails Validate(CredentialLogin command) => new Validation()
        .Required(command.CredentialCode, "credentialCode", 100)
        .ToProblem();

    /// <summary>Turns the credential code printed on a badge into a delegate token.</summary>
    [WolverinePost("/api/auth/credential-login", Name = "CredentialLogin"), EnableRateLimiting(RateLimits.Auth)]
    public static async Task<IResult> Post(CredentialLogin command, IQuerySession session, TokenIssuer tokens,
        LoginThrottle throttle, HttpContext context, ILogger<CredentialLogin> logger)
    {
        // Throttled per caller address: the code is the whole secret, so there is no account name to key on.
        var caller = "credential:" + context.Connection.RemoteIpAddress;
        if (throttle.Blocked(caller) is { } wait) return LoginEndpoint.TooMany(context, wait);

        var credential = await session.LoadAsync<DelegateCredential>(Secrets.Hash(command.CredentialCode));
        if (credential is null || credential.InvalidatedAt is not null)
        {
            throttle.RecordFailure(caller);
            logger.LogWarning("Failed credential sign-in from {Address}", context.Connection.RemoteIpAddress);
            return Results.Problem(Problems.Unauthorized("The credential code is not valid."));
        }

        var token = tokens.Issue(credential.DelegateId, Roles.Delegate, credential.MovementId, credential.DelegateId, credential.AssemblyId);
        return Results.Ok(new LoginResponse(token.Value, token.ExpiresAt, Roles.Delegate, credential.MovementId, credential.DelegateId));
    }
}
