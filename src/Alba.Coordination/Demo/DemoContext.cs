using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Alba.Coordination.Demo;

/// <summary>One step of the demo data set, run in <see cref="Order"/> through the public API.</summary>
public interface IDemoStep
{
    int Order { get; }
    Task RunAsync(DemoContext demo, CancellationToken cancellationToken);
}

public sealed record DemoMovement(Guid Id, string Name, string Country, string RepresentativeEmail, string RepresentativeToken);

/// <summary>What the demo steps share: an API client per caller and what earlier steps created.</summary>
public sealed class DemoContext(HttpClient http, string organiserToken)
{
    public const string RepresentativePassword = "alba-representative-2026";

    public string OrganiserToken { get; } = organiserToken;
    public List<DemoMovement> Movements { get; } = [];
    public Dictionary<string, object> Shared { get; } = new();
    public List<string> Notes { get; } = [];

    public Task<JsonNode?> Post(string path, object? body, string? token = null) => Send(HttpMethod.Post, path, body, token);

    public Task<JsonNode?> Put(string path, object? body, string? token = null) => Send(HttpMethod.Put, path, body, token);

    private async Task<JsonNode?> Send(HttpMethod method, string path, object? body, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? OrganiserToken);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Demo step failed: {method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
