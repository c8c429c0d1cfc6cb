using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Security;

/// <summary>The headers docs/security.md lists that the app shell's test does not read (Web/AppShellTests reads the rest).</summary>
[Collection(AppCollection.Name)]
public class Every_answer_refuses_framing_and_devices(AppFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/assemblies")]
    [InlineData("/api/no-such-route")]
    public async Task with_its_headers(string path)
    {
        using var client = app.Host.Client();
        using var response = await client.GetAsync(path);
        Assert.Equal(("DENY", "camera=(self), microphone=(), geolocation=()", "same-origin"),
            (string.Join("", response.Headers.GetValues("X-Frame-Options")), string.Join("", response.Headers.GetValues("Permissions-Policy")),
                string.Join("", response.Headers.GetValues("Cross-Origin-Opener-Policy"))));
    }
}
