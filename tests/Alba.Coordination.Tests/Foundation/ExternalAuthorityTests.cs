using Alba.Coordination.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alba.Coordination.Tests.Foundation;

public class token_validation
{
    private static JwtBearerOptions Configured(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.AddAlbaAuthentication();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public void follows_an_external_openid_connect_authority_when_configured()
    {
        var options = Configured(("Alba:Auth:Authority", "https://id.example.org/realms/alba"), ("Alba:Auth:Audience", "alba-api"));
        Assert.Equal("https://id.example.org/realms/alba", options.Authority);
        Assert.Equal("alba-api", options.Audience);
        Assert.Null(options.TokenValidationParameters.IssuerSigningKey);
        Assert.Equal(AlbaClaims.Role, options.TokenValidationParameters.RoleClaimType);
    }

    [Fact]
    public void otherwise_validates_the_built_in_tokens_with_the_configured_key()
    {
        var options = Configured(("Alba:Jwt:SigningKey", "a-configured-signing-key-of-at-least-32-bytes"));
        Assert.Null(options.Authority);
        Assert.NotNull(options.TokenValidationParameters.IssuerSigningKey);
        Assert.Equal("alba-coordination", options.TokenValidationParameters.ValidIssuer);
    }
}
