using Alba.Coordination.Accounts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Alba.Coordination.Infrastructure.Auth;

public static class AuthenticationSetup
{
    /// <summary>
    /// Validates the built-in tokens, or those of an external OpenID Connect authority when
    /// Alba:Auth:Authority is set (its tokens must carry the same role/movementId/delegateId claims).
    /// </summary>
    public static void AddAlbaAuthentication(this WebApplicationBuilder builder)
    {
        var settings = JwtSettings.From(builder.Configuration);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<AccessStamps>();
        builder.Services.AddSingleton<AccessChangeListener>();
        builder.Services.ConfigureMarten((services, options) => options.Listeners.Add(services.GetRequiredService<AccessChangeListener>()));
        var authority = builder.Configuration["Alba:Auth:Authority"];

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            if (!string.IsNullOrWhiteSpace(authority))
            {
                options.Authority = authority;
                options.Audience = builder.Configuration["Alba:Auth:Audience"] ?? settings.Audience;
                options.TokenValidationParameters.RoleClaimType = AlbaClaims.Role;
                options.TokenValidationParameters.NameClaimType = AlbaClaims.Subject;
            }
            else
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    IssuerSigningKey = settings.SigningKey,
                    RoleClaimType = AlbaClaims.Role,
                    NameClaimType = AlbaClaims.Subject,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            }
            options.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSockets, so SignalR sends the token in the query.
                OnMessageReceived = context =>
                {
                    var token = context.Request.Query["access_token"];
                    if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs"))
                        context.Token = token;
                    return Task.CompletedTask;
                },
                // A well-signed token is not enough: what it was issued from must still stand (reissue, revocation,
                // withdrawal and deactivation end it), checked on every request and hub connection.
                OnTokenValidated = async context =>
                {
                    var services = context.HttpContext.RequestServices;
                    if (!await services.GetRequiredService<AccessStamps>().StillStandsAsync(context.Principal!, context.HttpContext.RequestAborted))
                    {
                        context.Fail(new AccessEndedException());
                        MarkInvalidToken(context.Response);
                    }
                },
                OnAuthenticationFailed = context =>
                {
                    MarkInvalidToken(context.Response);
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    if (context.AuthenticateFailure is null) context.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
                    await Problems.WriteAsync(context.HttpContext, Problems.Unauthorized(WhyUnauthorized(context)));
                },
                OnForbidden = context => Problems.WriteAsync(context.HttpContext, Problems.Forbidden(WhyForbidden(context.HttpContext))),
            };
        });
        builder.Services.AddAuthorization();
    }

    /// <summary>
    /// A token that was sent but does not stand (expired, ended, not ours) says so on every answer (RFC 6750), the public
    /// reads included: they still answer as to an anonymous caller, as the SPEC has them, and the page's client, seeing
    /// this header, asks the person to sign in again instead of silently showing the anonymous view.
    /// </summary>
    public const string InvalidTokenChallenge = "Bearer error=\"invalid_token\"";

    private static void MarkInvalidToken(HttpResponse response) => response.Headers.WWWAuthenticate = InvalidTokenChallenge;

    /// <summary>What is missing, in words that tell the caller what to do and nothing about the accounts behind it.</summary>
    public static string WhyUnauthorized(JwtBearerChallengeContext context) => context.AuthenticateFailure switch
    {
        null when string.IsNullOrEmpty(context.Request.Headers.Authorization) && !context.Request.Query.ContainsKey("access_token") =>
            "This operation needs an access token: sign in and send it as 'Authorization: Bearer <token>'.",
        null => "The access token could not be read: send it as 'Authorization: Bearer <token>'.",
        SecurityTokenExpiredException => "The access token has expired: sign in again.",
        AccessEndedException ended => ended.Message,
        _ => "The access token is not valid here: sign in again.",
    };

    /// <summary>Names the roles the operation is for (public, in the API's description) and the caller's own role.</summary>
    public static string WhyForbidden(HttpContext context)
    {
        var roles = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .SelectMany(a => a.Roles?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [])
            .Distinct().ToArray() ?? [];
        var yours = context.User.ToActor()?.Role is { Length: > 0 } role ? $" Your access token is for a {role}." : "";
        return roles.Length > 0
            ? $"This operation is for {string.Join(" or ", roles.Select(r => r + "s"))} only.{yours}"
            : $"Your access token does not allow this operation.{yours}";
    }
}

/// <summary>A well-signed token whose credential or account access has since changed or ended.</summary>
public sealed class AccessEndedException()
    : SecurityTokenException("The access token is no longer valid (its credential or account access has changed): sign in again.");
