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
            };
        });
        builder.Services.AddAuthorization();
    }
}
