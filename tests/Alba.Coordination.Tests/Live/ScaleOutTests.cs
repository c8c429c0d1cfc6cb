using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// Two app nodes on one database: one runs the live feed (hot/cold daemon), and the Redis
/// backplane carries its pushes to clients connected to the other.
/// </summary>
[Collection(BrowserCollection.Name)]
public class when_two_nodes_share_one_database : IAsyncLifetime
{
    private readonly List<AppProcess> _nodes = [];

    public async Task InitializeAsync()
    {
        var database = await TestDatabase.ConnectionStringAsync("nodes");
        var settings = new Dictionary<string, string>
        {
            ["ALBA_REDIS"] = await TestRedis.ConnectionStringAsync(),
            ["Alba__Daemon__Mode"] = "HotCold",
            ["Alba__Wolverine__Mode"] = "Balanced",
            ["Alba__Jwt__SigningKey"] = "a-signing-key-the-two-nodes-share-0123456789",
        };
        _nodes.Add(await AppProcess.StartAsync(database, settings));
        _nodes.Add(await AppProcess.StartAsync(database, settings));
    }

    [Fact]
    public async Task a_client_on_either_node_receives_the_push_of_a_commit_made_on_the_other()
    {
        var received = _nodes.Select(_ => new ConcurrentQueue<Guid>()).ToList();
        var clients = new List<HubConnection>();
        for (var i = 0; i < _nodes.Count; i++)
        {
            var queue = received[i];
            var client = new HubConnectionBuilder()
                .WithUrl(_nodes[i].BaseUrl + "/hubs/live", o => o.Transports = HttpTransportType.WebSockets)
                .Build();
            client.On<ReceivedUpdate>("update", update => queue.Enqueue(update.StreamId));
            await client.StartAsync();
            await client.InvokeAsync("Join", "movements");
            clients.Add(client);
        }

        var onFirst = await RegisterMovement(_nodes[0]);
        var onSecond = await RegisterMovement(_nodes[1]);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !received.All(q => q.Contains(onFirst) && q.Contains(onSecond))) await Task.Delay(100);
        foreach (var queue in received)
        {
            Assert.Contains(onFirst, queue);
            Assert.Contains(onSecond, queue);
        }
        foreach (var client in clients) await client.DisposeAsync();
    }

    private static async Task<Guid> RegisterMovement(AppProcess node)
    {
        using var http = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword });
        var token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var created = await http.PostAsJsonAsync("/api/movements", new { name = Scenarios.Unique("Movimiento"), country = "AR", region = "r", sector = "s" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return Guid.Parse(JsonNode.Parse(await created.Content.ReadAsStringAsync())!["movementId"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
    }
}
