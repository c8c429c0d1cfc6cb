using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Operations;

/// <summary>
/// The several-node deployment (docs/operations.md, "Several nodes") is configuration for Docker and nginx, which this
/// machine cannot run: this test reads the compose file and nginx's configuration for the settings the docs say they hold.
/// </summary>
public class the_several_node_deployment_files
{
    [Fact]
    public void give_every_node_the_shared_settings_and_the_proxy_sticky_upstreams_that_never_resend()
    {
        var compose = Read("docker-compose.nodes.yml");
        var nodeEnvironment = Regex.Match(compose, @"environment: &node-environment\n((?:    .*\n)+)").Groups[1].Value;
        foreach (var setting in new[]
                 {
                     "ALBA_REDIS:", "Alba__Jwt__SigningKey:", "Alba__Wolverine__Mode: Balanced", "Alba__Daemon__Mode: Distributed",
                     "Alba__DataProtection__KeysDirectory: /keys",
                 })
            Assert.Contains(setting, nodeEnvironment);
        Assert.Contains("  volumes:\n    - keys:/keys", compose);
        foreach (var node in new[] { "node1", "node2", "node3" })
            Assert.Matches($@"\n  {node}:\n    <<: \*node\n", compose);
        Assert.Contains("./deploy/nginx.conf:/etc/nginx/nginx.conf:ro", compose);

        var nginx = Read("deploy/nginx.conf");
        var upstream = Regex.Match(nginx, @"upstream alba \{([^}]*)\}").Groups[1].Value;
        Assert.Matches(@"(?m)^\s*ip_hash;", upstream);
        foreach (var node in new[] { "node1", "node2", "node3" }) Assert.Contains($"server {node}:8080", upstream);
        // Only a connection that failed before anything was sent goes to another node: never a request a node received.
        Assert.Equal(["error", "error"], Regex.Matches(nginx, @"proxy_next_upstream\s+([^;]+);").Select(m => m.Groups[1].Value.Trim()));
        // A motion's ballots and closing by the motion's id (what that does is run by Operations/ProxyRoutingTests.cs).
        var byMotion = Regex.Match(nginx, @"upstream alba_by_motion \{([^}]*)\}").Groups[1].Value;
        Assert.Matches(@"(?m)^\s*hash \$motion_of_ballot consistent;", byMotion);
        foreach (var node in new[] { "node1", "node2", "node3" }) Assert.Contains($"server {node}:8080", byMotion);
        var hubs = Regex.Match(nginx, @"location /hubs/ \{([^}]*)\}").Groups[1].Value;
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", hubs);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", hubs);
    }

    private static string Read(string path) => File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), path)).Replace("\r\n", "\n");
}
