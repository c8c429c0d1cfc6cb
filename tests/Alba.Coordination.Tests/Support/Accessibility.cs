using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Alba.Coordination.Tests.Support;

public static class Accessibility
{
    /// <summary>Runs axe-core on the page as it is now and fails on any serious or critical violation, naming each.</summary>
    public static async Task AssertNoSeriousViolations(this IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}:\n" + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
