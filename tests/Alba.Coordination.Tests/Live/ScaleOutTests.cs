using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// Two app nodes on one database: one runs the live feed (hot/cold daemon), and the Redis backplane carries its pushes to
/// clients connected to the other. The check — every client gets exactly one copy of each push — is run on the deployment
/// docs/operations.md describes, and on two broken ones to show it fails: without the backplane, and with both nodes running
/// the live feed (the daemon in Solo mode on each, as if hot/cold were broken).
/// </summary>
[Collection(BrowserCollection.Name)]
public class when_two_nodes_share_one_database
{
    private const string SharedSigningKey = "a-signing-key-the-two-nodes-share-0123456789";

    [Fact]
    public async Task every_client_on_either_node_receives_exactly_one_copy_of_each_push()
    {
        Assert.Empty(await PushFaults(backplane: true, daemonMode: "HotCold"));
    }

    [Fact]
    public async Task without_the_backplane_clients_of_the_node_that_does_not_run_the_feed_miss_the_pushes()
    {
        var faults = await PushFaults(backplane: false, daemonMode: "HotCold");
        Assert.Equal(4, faults.Count(f => f.Contains("0 copies")));
        Assert.Equal(4, faults.Count);
    }

    [Fact]
    public async Task with_the_live_feed_running_on_both_nodes_clients_get_pushes_twice()
    {
        // Both feeds start from the stored progress and race each other, so which pushes are doubled varies; some are.
        var faults = await PushFaults(backplane: true, daemonMode: "Solo");
        Assert.NotEmpty(faults);
        Assert.All(faults, f => Assert.Contains("2 copies", f));
    }

    /// <summary>
    /// Two nodes, two clients on each, one movement registered through each node; after every client has seen both pushes (or
    /// 15 s), a further 2 s for late copies. Answers one line per client and push that did not arrive exactly once.
    /// </summary>
    private static async Task<List<string>> PushFaults(bool backplane, string daemonMode)
    {
        var settings = new Dictionary<string, string>
        {
            ["Alba__Daemon__Mode"] = daemonMode,
            ["Alba__Wolverine__Mode"] = "Balanced",
            ["Alba__Jwt__SigningKey"] = SharedSigningKey,
        };
        if (backplane) settings["ALBA_REDIS"] = await TestRedis.ConnectionStringAsync();
        var database = await TestDatabase.ConnectionStringAsync("nodes");
        var nodes = new List<AppProcess>();
        var clients = new List<(int Node, HubConnection Connection, ConcurrentQueue<Guid> Received)>();
        try
        {
            nodes.Add(await AppProcess.StartAsync(database, settings));
            nodes.Add(await AppProcess.StartAsync(database, settings));
            foreach (var (node, index) in nodes.SelectMany((node, index) => new[] { (node, index), (node, index) }))
            {
                var received = new ConcurrentQueue<Guid>();
                var connection = new HubConnectionBuilder()
                    .WithUrl(node.BaseUrl + "/hubs/live", o => o.Transports = HttpTransportType.WebSockets)
                    .Build();
                connection.On<ReceivedUpdate>("update", update => received.Enqueue(update.StreamId));
                await connection.StartAsync();
                await connection.InvokeAsync("Join", "movements");
                clients.Add((index, connection, received));
            }

            Guid[] expected = [await RegisterMovement(nodes[0]), await RegisterMovement(nodes[1])];

            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline && !clients.All(c => expected.All(c.Received.Contains))) await Task.Delay(100);
            await Task.Delay(TimeSpan.FromSeconds(2));
            return [.. from client in clients
                       from id in expected
                       let copies = client.Received.Count(r => r == id)
                       where copies != 1
                       select $"a client of node {client.Node} got {copies} copies of the push of movement {id}"];
        }
        finally
        {
            foreach (var client in clients) await client.Connection.DisposeAsync();
            foreach (var node in nodes) await node.DisposeAsync();
        }
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
}
