using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba;

namespace Alba.Coordination.Tests.Support;

/// <summary>A signed-in caller as the tests see it.</summary>
public sealed record Caller(string Token, Guid Id, string Role, Guid? MovementId = null, Guid? DelegateId = null)
{
    public static readonly Caller Anonymous = new("", Guid.Empty, "anonymous");
}

public sealed record Answer(int Status, JsonNode? Body, HttpResponseMessage Response)
{
    public string? Location => Response.Headers.Location?.ToString();
    public string? ContentType => Response.Content.Headers.ContentType?.MediaType;
    public T Get<T>(string property) => Body![property]!.GetValue<T>();
    public Guid Id(string property) => Guid.Parse(Body![property]!.GetValue<string>());
}

/// <summary>Builds named states through the public API, as a client would.</summary>
public static class Scenarios
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpClient Client(this IAlbaHost host, Caller? caller = null, string? idempotencyKey = null)
    {
        var client = host.Server.CreateClient();
        if (caller is { Token.Length: > 0 }) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", caller.Token);
        if (idempotencyKey is not null) client.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        return client;
    }

    public static Task<Answer> Post(this IAlbaHost host, string url, object? body, Caller? caller = null, string? idempotencyKey = null) =>
        host.Send(HttpMethod.Post, url, body, caller, idempotencyKey);

    public static Task<Answer> PostRaw(this IAlbaHost host, string url, string rawJson, Caller? caller = null) =>
        host.Send(HttpMethod.Post, url, new RawJson(rawJson), caller, null);

    public static Task<Answer> Get(this IAlbaHost host, string url, Caller? caller = null) =>
        host.Send(HttpMethod.Get, url, null, caller, null);

    public static Task<Answer> Put(this IAlbaHost host, string url, object? body, Caller? caller = null) =>
        host.Send(HttpMethod.Put, url, body, caller, null);

    public static Task<Answer> Delete(this IAlbaHost host, string url, Caller? caller = null) =>
        host.Send(HttpMethod.Delete, url, null, caller, null);

    /// <summary>A body sent exactly as written, for requests no serializer would produce.</summary>
    public sealed record RawJson(string Text);

    public static async Task<Answer> Send(this IAlbaHost host, HttpMethod method, string url, object? body, Caller? caller, string? idempotencyKey)
    {
        using var client = host.Client(caller, idempotencyKey);
        using var request = new HttpRequestMessage(method, url);
        if (body is RawJson raw) request.Content = new StringContent(raw.Text, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)) node = JsonNode.Parse(text);
        return new Answer((int)response.StatusCode, node, response);
    }

    public static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public static string UniqueEmail(string name = "person") => $"{name}.{Guid.NewGuid():N}@alba.test";

    public static async Task<Caller> Login(this IAlbaHost host, string email, string password)
    {
        var answer = await host.Post("/api/auth/login", new { email, password });
        Assert.Equal(200, answer.Status);
        var token = answer.Get<string>("accessToken");
        var movementId = answer.Body!["movementId"]?.GetValue<string>();
        return new Caller(token, Guid.Empty, answer.Get<string>("role"), movementId is null ? null : Guid.Parse(movementId));
    }

    public static Task<Caller> Organiser(this IAlbaHost host) => host.Login(AppFixture.OrganiserEmail, AppFixture.OrganiserPassword);

    public static async Task<Guid> AMovement(this IAlbaHost host, string? name = null, string country = "AR")
    {
        var organiser = await host.Organiser();
        var answer = await host.Post("/api/movements",
            new { name = name ?? Unique("Movimiento"), country, region = "Latin America", sector = "peasant" }, organiser);
        Assert.Equal(201, answer.Status);
        return answer.Id("movementId");
    }

    /// <summary>An invited and activated representative of the movement, signed in.</summary>
    public static async Task<Caller> ARepresentativeOf(this IAlbaHost host, Guid movementId)
    {
        var organiser = await host.Organiser();
        var email = UniqueEmail("rep");
        var invited = await host.Post($"/api/movements/{movementId}/representatives", new { fullName = "Rep Resentante", email }, organiser);
        Assert.True(invited.Status == 201, $"Appointing a representative answered {invited.Status}: {invited.Body?.ToJsonString()}");
        const string password = "representative-pass";
        var accepted = await host.Post($"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance", new { password });
        Assert.True(accepted.Status == 200, $"Accepting the invitation answered {accepted.Status}: {accepted.Body?.ToJsonString()}");
        return await host.Login(email, password);
    }
}
