using System.Net.Http.Json;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;

namespace Alba.Coordination.Tests.Web;

/// <summary>States and moves for the chair's console and the projector, through the app's API and pages.</summary>
public sealed record ScheduledPlenary(string AssemblyId, string SessionId, IReadOnlyList<PlenaryDelegate> Delegates);

public static class ChairScenarios
{
    /// <summary>A scheduled (not yet open) plenary with two agenda items in an assembly of present delegates.</summary>
    public static async Task<ScheduledPlenary> AScheduledPlenary(this BrowserFixture browser, int delegates)
    {
        var organiser = await browser.OrganiserToken();
        var (assembly, people) = await browser.AnAssemblyWithPresentDelegates(delegates);
        var session = await browser.Create($"/api/assemblies/{assembly}/sessions", new
        {
            title = Scenarios.Unique("Plenaria"), kind = "plenary", scheduledAt = DateTimeOffset.UtcNow,
            agenda = new[] { new { title = "Informe" }, new { title = "Declaración" } },
        }, organiser);
        return new ScheduledPlenary(assembly, session, people);
    }

    /// <summary>PUTs as the given caller, failing the test on an error status.</summary>
    public static async Task Put(this BrowserFixture browser, string path, object body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await browser.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Signs the page in as the organiser through the sign-in page, which then goes on to <paramref name="next"/>.</summary>
    /// <summary>The JS heap in use after a full garbage collection, in bytes (Chrome DevTools Protocol).</summary>
    public static async Task<double> HeapAfterGarbageCollection(this IPage page)
    {
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("HeapProfiler.enable");
        await devtools.SendAsync("HeapProfiler.collectGarbage");
        await devtools.SendAsync("HeapProfiler.collectGarbage");
        var usage = await devtools.SendAsync("Runtime.getHeapUsage");
        await devtools.DetachAsync();
        return usage!.Value.GetProperty("usedSize").GetDouble();
    }

}
