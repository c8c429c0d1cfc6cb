using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Alba.Coordination.Infrastructure.Auth;

/// <summary>
/// Whose address a request comes from, for rate limits, sign-in throttles and logs. <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only from the proxies named in configuration (Alba:ForwardedHeaders:KnownProxies,
/// addresses, and Alba:ForwardedHeaders:KnownNetworks, CIDR ranges; a list or one comma-separated value each); from
/// anyone else they are ignored, so a caller cannot pick the address its limits are counted against. Nothing is
/// trusted by default, not even loopback: a reverse proxy on the same machine must be listed too.
/// </summary>
public static class CallerAddresses
{
    public static void AddAlbaCallerAddresses(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Alba:ForwardedHeaders");
        var proxies = Values(section.GetSection("KnownProxies")).Select(IPAddress.Parse).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(System.Net.IPNetwork.Parse).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
            // Each hop is taken only while the hop that added it is a known proxy, so chains of trusted proxies resolve
            // to the first untrusted address and no further.
            options.ForwardLimit = null;
        });
    }

    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? ""))
        .SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
