using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Tests.Security;

/// <summary>
/// Two app nodes on one database: a revocation committed on one ends the delegate's tokens and hub connection on the
/// other, where no commit listener ran, within the configured cache and sweep times.
/// </summary>
[Collection(BrowserCollection.Name)]
public class Access_ended_on_another_node : IAsyncLifetime
{
    private readonly List<AppProcess> _nodes = [];

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.ConnectionStringAsync("access_nodes");
        var settings = new Dictionary<string, string>
        {
            ["Alba__Daemon__Mode"] = "HotCold",
            ["Alba__Wolverine__Mode"] = "Balanced",
            ["Alba__Jwt__SigningKey"] = "a-signing-key-the-two-nodes-share-0123456789",
            ["Alba__Access__StampCacheSeconds"] = "1",
            ["Alba__Access__HubSweepSeconds"] = "1",
        };
        _nodes.Add(await AppProcess.StartAsync(database, settings));
        _nodes.Add(await AppProcess.StartAsync(database, settings));
    }

    [Fact]
    public async Task a_revocation_on_one_node_stops_the_token_and_closes_the_connection_on_the_other()
    {
        using var first = await Organiser(_nodes[0]);
        var movementId = await Created(first, "/api/movements", new { name = Scenarios.Unique("Movimiento"), country = "BO", region = "r", sector = "s" }, "movementId");
        var assemblyId = await Created(first, "/api/assemblies", DelegatesScenarios.AssemblyBody(), "assemblyId");
        Assert.True((await first.PostAsync($"/api/assemblies/{assemblyId}/registration/opening", null)).IsSuccessStatusCode);
        var delegateId = await Created(first, $"/api/assemblies/{assemblyId}/registrations", DelegatesScenarios.RegistrationBody(movementId), "delegateId");
        var accredited = await Json(await first.PostAsJsonAsync($"/api/delegates/{delegateId}/accreditation", new { decision = "accredit" }));

        using var second = new HttpClient { BaseAddress = new Uri(_nodes[1].BaseUrl) };
        var signedIn = await Json(await second.PostAsJsonAsync("/api/auth/credential-login", new { credentialCode = accredited["credentialCode"]!.GetValue<string>() }));
        var token = signedIn["accessToken"]!.GetValue<string>();
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync($"/api/delegates/{delegateId}")).StatusCode);
        await using var connection = new HubConnectionBuilder()
            .WithUrl($"{_nodes[1].BaseUrl}/hubs/live?access_token={token}", o => o.Transports = HttpTransportType.WebSockets)
            .Build();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await connection.StartAsync();
        await connection.InvokeAsync("Join", $"delegate:{delegateId}");

        Assert.True((await first.PostAsJsonAsync($"/api/delegates/{delegateId}/revocation", new { reason = "Badge lent" })).IsSuccessStatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync($"/api/delegates/{delegateId}")).StatusCode);
    }

    private static async Task<HttpClient> Organiser(AppProcess node)
    {
        var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        var login = await Json(await http.PostAsJsonAsync("/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword }));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());
        return http;
    }

    private static async Task<Guid> Created(HttpClient http, string url, object body, string idProperty) =>
        Guid.Parse((await Json(await http.PostAsJsonAsync(url, body)))[idProperty]!.GetValue<string>());

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }
}
