using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// The real app as its own process (a browser needs real HTTP and WebSockets), on a database of
/// its own, and Debian's headless Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private AppProcess? _app;
    private IPlaywright? _playwright;

    /// <summary>The suffix of the app's database (a test that crashes its app has its own fixture and database).</summary>
    public string Database { get; init; } = "browser";

    /// <summary>Settings passed to the app's process as environment variables (e.g. <c>Alba__Ballots__MixBatch</c>).</summary>
    public IDictionary<string, string>? AppSettings { get; init; }

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        _app = await AppProcess.StartAsync(await TestDatabase.ConnectionStringAsync(Database), AppSettings);
        BaseUrl = _app.BaseUrl;
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) };

        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// Kills the app's process (SIGKILL, as in a crash) and starts it again on the same database and address: open pages stay
    /// as they are and reconnect to it. Only for a fixture of the test's own: the shared one serves every browser test.
    /// </summary>
    public async Task CrashAndRestartApp() => _app = await _app!.RestartAsync();

    /// <summary>A phone-sized page (390×844) on the app.</summary>
    public Task<IPage> PhonePage(string locale = "es-AR") => NewPage(390, 844, locale);

    /// <summary>A laptop-sized page (1280×800) on the app.</summary>
    public Task<IPage> LaptopPage(string locale = "es-AR") => NewPage(1280, 800, locale);

    /// <summary>
    /// Everything the browser refused under the app's Content-Security-Policy, on every page opened
    /// through this fixture: a page that needs an inline script or style shows up here.
    /// </summary>
    public IReadOnlyList<string> CspViolations => _cspViolations;

    private readonly List<string> _cspViolations = [];

    private async Task<IPage> NewPage(int width, int height, string locale)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseUrl, Locale = locale,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                lock (_cspViolations) _cspViolations.Add($"{page.Url}: {message.Text}");
        };
        return page;
    }

    public Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task<string> OrganiserToken()
    {
        var response = await Http.PostAsJsonAsync("/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
    }

    /// <summary>POSTs as the given caller and returns the JSON answer, failing the test on an error status.</summary>
    public async Task<JsonNode?> Post(string path, object? body, string token) => (await Send(path, body, token)).Body;

    /// <summary>POSTs a creation and returns the new resource's id, the end of its Location.</summary>
    public async Task<string> Create(string path, object? body, string token) =>
        (await Send(path, body, token)).Location?.Split('/').Last() ?? throw new InvalidOperationException($"POST {path} gave no Location.");

    private async Task<(JsonNode? Body, string? Location)> Send(string path, object? body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token.Length > 0) request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return (text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.Location?.ToString());
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
