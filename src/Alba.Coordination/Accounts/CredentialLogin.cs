using Microsoft.AspNetCore.RateLimiting;

namespace Alba.Coordination.Accounts;

public sealed record CredentialLogin(string CredentialCode);

public static class CredentialLoginEndpoint
{
    public static ProblemDetails Validate(CredentialLogin command) => new Validation()
        .Required(command.CredentialCode, "credentialCode", 100)
        .ToProblem();

    /// <summary>
    /// Turns the credential code printed on a badge into a delegate token. No failure lockout: a whole hall signs in
    /// from one venue address, where a few typos must not lock out every delegate, and a code has about 98 random bits
    /// (20 characters of 30), so guessing one is hopeless at any rate the per-address request budget
    /// (<see cref="RateLimits.CredentialLogin"/>) lets through. Failures are logged.
    /// </summary>
    [WolverinePost("/api/auth/credential-login", Name = "CredentialLogin"), EnableRateLimiting(RateLimits.CredentialLogin)]
    public static async Task<IResult> Post(CredentialLogin command, IQuerySession session, TokenIssuer tokens,
        HttpContext context, ILogger<CredentialLogin> logger)
    {
        var credential = await session.LoadAsync<DelegateCredential>(Secrets.Hash(command.CredentialCode));
        if (credential is null || credential.InvalidatedAt is not null)
        {
            logger.LogWarning("Failed credential sign-in from {Address}", context.Connection.RemoteIpAddress);
            return Results.Problem(Problems.Unauthorized("The credential code is not valid."));
        }

        var token = tokens.ForDelegate(credential);
        return Results.Ok(new LoginResponse(token.Value, token.ExpiresAt, Roles.Delegate, credential.MovementId, credential.DelegateId));
    }
}
