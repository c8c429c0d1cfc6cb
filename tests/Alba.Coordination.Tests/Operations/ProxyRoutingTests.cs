using System.Diagnostics;
using System.Net;
using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Alba.Coordination.Tests.Operations;

/// <summary>
/// deploy/nginx.conf run by Debian's nginx on loopback, in front of three stand-in nodes that answer with their name: a
/// motion's ballots, their resends and its closing reach one node (the one whose mixer holds the ballots, docs/voting.md),
/// motions spread over the nodes, every other request stays sticky by client address, and a motion whose node is gone
/// moves, whole, to another one.
/// </summary>
public sealed class the_proxy : IAsyncLifetime
{
    private readonly List<WebApplication> _nodes = [];
    private Process? _nginx;
    private readonly HttpClient _http = new();
    private string _proxy = "";

    // The ring's points hash the nodes' addresses, whose ports change from run to run: with 40 motions, a node left without
    // any is a chance of about 3·(2/3)^40, 2e-7.
    private static readonly Guid[] Motions = Enumerable.Range(1, 40).Select(i => new Guid($"0190d5a0-0000-7000-8000-{i:D12}")).ToArray();

    public async Task InitializeAsync()
    {
        for (var n = 1; n <= 3; n++)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var node = builder.Build();
            var name = $"node{n}";
            node.Run(http => http.Response.WriteAsync(name));
            await node.StartAsync();
            _nodes.Add(node);
        }
        var directory = Directory.CreateTempSubdirectory("alba-nginx-");
        // The workers run as nginx's unprivileged user: its temporary files go where it may write.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory.FullName, (UnixFileMode)0b111_111_111);
        var port = AppProcess.FreePort();
        var config = File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), "deploy", "nginx.conf"));
        for (var n = 1; n <= 3; n++) config = config.Replace($"node{n}:8080", new Uri(_nodes[n - 1].Urls.Single()).Authority);
        config = config.Replace("listen 80;", $"listen 127.0.0.1:{port};")
            .Replace("http {", $"http {{\n  access_log off;\n  client_body_temp_path {directory.FullName}/body;\n  proxy_temp_path {directory.FullName}/proxy;");
        Assert.Contains($"listen 127.0.0.1:{port};", config);
        var path = Path.Combine(directory.FullName, "nginx.conf");
        await File.WriteAllTextAsync(path, config);
        var nginx = Environment.GetEnvironmentVariable("ALBA_TEST_NGINX") is { Length: > 0 } given ? given : "/usr/sbin/nginx";
        Assert.True(File.Exists(nginx), $"nginx is not installed at {nginx} (scripts/nginx.sh installs it).");
        _nginx = Process.Start(new ProcessStartInfo(nginx, ["-c", path, "-p", directory.FullName,
            "-g", $"daemon off; pid {directory.FullName}/nginx.pid; error_log {directory.FullName}/error.log;"])
        { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _proxy = $"http://127.0.0.1:{port}";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await _http.GetAsync($"{_proxy}/health");
                return;
            }
            catch (HttpRequestException)
            {
                Assert.False(_nginx.HasExited, $"nginx stopped: {await _nginx.StandardError.ReadToEndAsync()}");
                await Task.Delay(100);
            }
        }
        Assert.Fail("nginx did not answer in 10 s.");
    }

    private async Task<string> NodeOf(HttpMethod method, string path)
    {
        var answer = await _http.SendAsync(new HttpRequestMessage(method, _proxy + path));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return await answer.Content.ReadAsStringAsync();
    }

    private async Task<string> BallotsNodeOf(Guid motion)
    {
        var nodes = new[]
        {
            await NodeOf(HttpMethod.Post, $"/api/motions/{motion}/ballots"),
            await NodeOf(HttpMethod.Post, $"/api/motions/{motion}/ballots/resubmission"),
            await NodeOf(HttpMethod.Post, $"/api/motions/{motion}/vote/closing"),
            await NodeOf(HttpMethod.Post, $"/api/motions/{motion}/ballots"),
        };
        Assert.Single(nodes.Distinct());
        return nodes[0];
    }

    [Fact]
    public async Task sends_a_motions_ballots_and_closing_to_one_node_and_moves_them_whole_when_it_is_gone()
    {
        var byMotion = new Dictionary<Guid, string>();
        foreach (var motion in Motions) byMotion[motion] = await BallotsNodeOf(motion);
        Assert.Equal(3, byMotion.Values.Distinct().Count());
        // Everything else is sticky by client address: this client's reads of every motion reach one node.
        var reads = new List<string>();
        foreach (var motion in Motions) reads.Add(await NodeOf(HttpMethod.Get, $"/api/motions/{motion}"));
        reads.Add(await NodeOf(HttpMethod.Post, $"/api/motions/{Motions[0]}/amendments"));
        Assert.Single(reads.Distinct());

        // node2 goes down: its motions move to the others, each whole; the others' motions stay where they were.
        await _nodes[1].StopAsync();
        foreach (var motion in Motions)
        {
            var now = await BallotsNodeOf(motion);
            if (byMotion[motion] == "node2") Assert.NotEqual("node2", now);
            else Assert.Equal(byMotion[motion], now);
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        foreach (var node in _nodes) await node.DisposeAsync();
        _http.Dispose();
    }
}
