using System.Reflection;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Security;

/// <summary>
/// A host of its own whose per-address budgets are set low through the configuration keys production reads
/// (two requests each), so a test reaches every limiter in a few requests.
/// </summary>
public sealed class LowLimitsFixture : IAsyncLifetime
{
    public const int Budget = 2;

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestDatabase.ConnectionStringAsync("limits");
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ALBA_DB", connectionString);
            builder.UseSetting("ALBA_ORGANISER_EMAIL", AppFixture.OrganiserEmail);
            builder.UseSetting("ALBA_ORGANISER_PASSWORD", AppFixture.OrganiserPassword);
            builder.UseSetting("Alba:Login:RequestsPerMinutePerClient", Budget.ToString());
            builder.UseSetting("Alba:Login:CredentialBurstPerClient", Budget.ToString());
            // The bucket refills a sixth of this every 10 s: one token.
            builder.UseSetting("Alba:Login:CredentialRequestsPerMinutePerClient", "6");
            // The per-account failure throttle stays out of the way: these tests reach the per-address budgets only.
            builder.UseSetting("Alba:Login:FailuresPerWindow", "1000");
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public class Every_rate_limit_answers_429(LowLimitsFixture limits) : IClassFixture<LowLimitsFixture>
{
    /// <param name="Policy">The named policy of <see cref="RateLimits"/> the route is behind.</param>
    /// <param name="LongestWait">The most Retry-After can say: the rest of the window, or the bucket's refill period.</param>
    public sealed record Row(string Policy, object Body, TimeSpan LongestWait);

    private static readonly Dictionary<string, Row> Routes = new()
    {
        ["/api/auth/login"] = new(RateLimits.Auth, new { email = "nobody@alba.test", password = "not-a-password-1" }, TimeSpan.FromMinutes(1)),
        ["/api/auth/invitations/no-such-code/acceptance"] = new(RateLimits.Auth, new { password = "a long enough password" }, TimeSpan.FromMinutes(1)),
        ["/api/auth/credential-login"] = new(RateLimits.CredentialLogin, new { credentialCode = "NO-SUCH-CODE" }, TimeSpan.FromSeconds(10)),
    };

    public static TheoryData<string> RouteNames() => new(Routes.Keys);

    [Theory]
    [MemberData(nameof(RouteNames))]
    public async Task a_caller_over_its_budget_is_refused_and_told_when_to_come_back(string route)
    {
        var row = Routes[route];
        // A first request from elsewhere warms the route, so the budgeted ones fall well inside one window on a loaded machine.
        await limits.Host.PostFrom(AccessScenarios.AnAddress(), route, row.Body);
        var address = AccessScenarios.AnAddress();
        for (var request = 0; request < LowLimitsFixture.Budget; request++)
            Assert.NotEqual(429, (await limits.Host.PostFrom(address, route, row.Body)).Status);

        var refused = await limits.Host.PostFrom(address, route, row.Body);

        Assert.Equal((429, "Too many requests", "Too many requests. Try again later."),
            (refused.Status, refused.Body?["title"]?.GetValue<string>(), refused.Body?["detail"]?.GetValue<string>()));
        Assert.InRange(refused.Response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), row.LongestWait);
        Assert.NotEqual(429, (await limits.Host.PostFrom(AccessScenarios.AnAddress(), route, row.Body)).Status);
    }

    [Fact]
    public void every_named_policy_has_a_row()
    {
        var policies = typeof(RateLimits).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);
        Assert.Equal(policies.Order(), Routes.Values.Select(row => row.Policy).Distinct().Order());
    }
}
