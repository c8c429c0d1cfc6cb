using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Security;

/// <summary>A representative as the organiser appointed it: its account id, email and password, signed in.</summary>
public sealed record AppointedRepresentative(Guid AccountId, Guid MovementId, string Email, string Password, Caller Caller);

public static class AccessScenarios
{
    public const string RepresentativePassword = "a river of maize, 2026";

    public static async Task<AppointedRepresentative> AnAppointedRepresentative(this IAlbaHost host, Guid? movementId = null)
    {
        var movement = movementId ?? await host.AMovement();
        var email = Scenarios.UniqueEmail("rep");
        var invited = await host.Post($"/api/movements/{movement}/representatives", new { fullName = "Berta Cáceres", email }, await host.Organiser());
        Assert.Equal(201, invited.Status);
        var accepted = await host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance",
            new { password = RepresentativePassword });
        Assert.Equal(200, accepted.Status);
        var caller = await host.Login(email, RepresentativePassword);
        return new AppointedRepresentative(invited.Id("representativeId"), movement, email, RepresentativePassword, caller with { Id = invited.Id("representativeId") });
    }

    /// <summary>An address of the documentation range (2001:db8::/32) no other test uses.</summary>
    public static IPAddress AnAddress() => new([0x20, 0x01, 0x0d, 0xb8, .. RandomNumberGenerator.GetBytes(12)]);

    /// <summary>A POST arriving over a connection from <paramref name="address"/>, optionally with an X-Forwarded-For header.</summary>
    public static async Task<Answer> PostFrom(this IAlbaHost host, IPAddress address, string path, object body, string? forwardedFor = null)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
        var context = await host.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = address;
            c.Request.Method = "POST";
            c.Request.Path = path;
            c.Request.ContentType = "application/json";
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            c.Request.Body = new MemoryStream(bytes);
        });
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var message = new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode);
        if (context.Response.Headers.RetryAfter.ToString() is { Length: > 0 } retryAfter)
            message.Headers.RetryAfter = RetryConditionHeaderValue.Parse(retryAfter);
        return new Answer(context.Response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, message);
    }

    public static Task<Answer> LoginFrom(this IAlbaHost host, IPAddress address, string email, string password, string? forwardedFor = null) =>
        host.PostFrom(address, "/api/auth/login", new { email, password }, forwardedFor);
}
