using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Partners;

/// <summary>The app as its own process (it must be killed and restarted), with short retry delays.</summary>
public class PartnerAppFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Alba__Partners__FirstRetryDelay"] = "00:00:00.200",
        ["Alba__Partners__MaxAttempts"] = "4",
        ["Alba__Partners__Timeout"] = "00:00:01",
        ["Alba__Partners__SweepInterval"] = "00:00:01",
    };

    public AppProcess App { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>A fixture whose deliveries are measured has a database of its own: no other app sends from it meanwhile.</summary>
    protected virtual string DatabaseSuffix => "partners";

    protected virtual Dictionary<string, string> AppSettings => Settings;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.ConnectionStringAsync(DatabaseSuffix);
        App = await AppProcess.StartAsync(ConnectionString, AppSettings);
    }

    /// <summary>Kills the app and starts it again, doing <paramref name="whileStopped"/> (to its database) in between.</summary>
    public async Task Restart(Func<Task>? whileStopped = null)
    {
        await App.DisposeAsync();
        if (whileStopped is not null) await whileStopped();
        App = await AppProcess.StartAsync(ConnectionString, AppSettings);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>A call with actions whose reports partners follow, driven through the running app's API.</summary>
public sealed class PartnerScenario(AppProcess app)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(app.BaseUrl) };
    private string _organiser = "";

    public async Task<JsonNode> Post(string path, object? body, int expected = 200)
    {
        if (_organiser.Length == 0)
        {
            var login = await _http.PostAsJsonAsync("/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword });
            _organiser = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", _organiser);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonArray> Get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", _organiser);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    public async Task<(Guid Call, Guid Movement)> ACall(params string[] countries)
    {
        var movement = (await Post("/api/movements", new { name = Scenarios.Unique("Coordinadora"), country = countries[0], region = "Andes", sector = "indigenous" }, 201))
            ["movementId"]!.GetValue<Guid>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var call = (await Post("/api/mobilisations", new
        {
            title = "Paro", callText = "A las calles.", language = "es", startsOn = today.AddDays(-1), endsOn = today.AddDays(1), countries, convenedBy = new[] { movement },
        }, 201))["mobilisationId"]!.GetValue<Guid>();
        return (call, movement);
    }

    public async Task<Guid> AnAction(Guid call, Guid movement, string country, string city) =>
        (await Post($"/api/mobilisations/{call}/actions", new
        {
            city, country, kind = "march", startsAt = DateTimeOffset.UtcNow.AddHours(-2), organisingMovementId = movement,
        }, 201))["actionId"]!.GetValue<Guid>();

    public Task<JsonNode> Report(Guid action, int turnout) =>
        Post($"/api/actions/{action}/reports", new
        {
            reportId = Guid.NewGuid().ToString(), reportedAt = DateTimeOffset.UtcNow.AddSeconds(-3600 + turnout), turnout, arrests = 0, injuries = 0, deaths = 0, note = "",
        }, 201);

    public async Task<(Guid Id, string Secret)> APartner(string url, object filter) =>
        await Post("/api/partners", new { name = Scenarios.Unique("Radio Comunitaria"), url, kinds = new[] { "ActionReported" }, filter }, 201) is var created
            ? (created["partnerId"]!.GetValue<Guid>(), created["secret"]!.GetValue<string>())
            : default;
}

public class delivering_to_partners(PartnerAppFixture fixture, ITestOutputHelper output) : IClassFixture<PartnerAppFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The app's last log lines, which the test log shows for a failed test: a delivery that never came says why only there.</summary>
    public void Dispose()
    {
        foreach (var line in fixture.App.Output.TakeLast(80)) output.WriteLine(line);
    }

    private static JsonNode Payload(ReceivedDelivery delivery) => JsonNode.Parse(delivery.Body)!;

    [Fact]
    public async Task a_receiver_that_fails_three_times_gets_every_delivery_once_in_order_and_signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = attempt => (attempt <= 3 ? 500 : 200, TimeSpan.Zero);
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall("BO");
        var (_, secret) = await scenario.APartner(receiver.Url, new { mobilisationId = call });
        var action = await scenario.AnAction(call, movement, "BO", "El Alto");
        for (var turnout = 1; turnout <= 5; turnout++) await scenario.Report(action, turnout * 100);

        var accepted = await receiver.WaitForAccepted(5, Patience);

        Assert.Equal(5, accepted.Count);
        Assert.Equal(accepted.Count, accepted.Select(d => d.Id).Distinct().Count());
        var positions = accepted.Select(d => Payload(d)["position"]!.GetValue<long>()).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.Equal([100, 200, 300, 400, 500], accepted.Select(d => Payload(d)["data"]!["figures"]!["turnout"]!.GetValue<long>()));
        Assert.All(accepted, d => Assert.Equal(WebhookSignature.Sign(secret, d.Id, long.Parse(d.Timestamp), d.Body), d.Signature));
        Assert.All(accepted, d => Assert.Equal("ActionReported", Payload(d)["type"]!.GetValue<string>()));
        Assert.Equal(8, receiver.Attempts);
    }

    [Fact]
    public async Task a_receiver_that_never_answers_ends_in_dead_letters_which_are_replayed_once_it_recovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (200, TimeSpan.FromSeconds(5));
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall("PE");
        var (partner, _) = await scenario.APartner(receiver.Url, new { mobilisationId = call });
        var action = await scenario.AnAction(call, movement, "PE", "Puno");
        await scenario.Report(action, 700);

        JsonArray dead = [];
        for (var deadline = DateTime.UtcNow + Patience; dead.Count == 0 && DateTime.UtcNow < deadline; await Task.Delay(250))
            dead = await scenario.Get($"/api/partners/{partner}/deliveries?status=failed");
        var letter = Assert.Single(dead)!;
        Assert.Equal(4, letter["attempts"]!.GetValue<int>());
        Assert.Contains("did not answer", letter["lastError"]!.GetValue<string>());
        Assert.Empty(receiver.Accepted);

        receiver.Answer = _ => (200, TimeSpan.Zero);
        var replay = await scenario.Post($"/api/partners/{partner}/deliveries/replay", new { afterPosition = 0 }, 200);
        Assert.Equal(1, replay["requeued"]!.GetValue<int>());

        var accepted = await receiver.WaitForAccepted(1, Patience);
        Assert.Equal(letter["id"]!.GetValue<string>(), Assert.Single(accepted).Id);
        Assert.Empty(await scenario.Get($"/api/partners/{partner}/deliveries?status=failed"));
    }

    [Fact]
    public async Task a_filter_by_country_delivers_only_that_countrys_reports()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall("BO", "PE");
        await scenario.APartner(receiver.Url, new { countries = new[] { "BO" } });
        var bolivia = await scenario.AnAction(call, movement, "BO", "Cochabamba");
        var peru = await scenario.AnAction(call, movement, "PE", "Cusco");
        await scenario.Report(peru, 300);
        await scenario.Report(bolivia, 400);
        await scenario.Report(peru, 500);

        var accepted = await receiver.WaitForAccepted(1, Patience);
        await Task.Delay(2000); // time for a wrong delivery to show up too
        var delivered = Assert.Single(receiver.Accepted);
        Assert.Equal(bolivia, Payload(delivered)["data"]!["actionId"]!.GetValue<Guid>());
        Assert.Single(accepted);
    }
}

/// <summary>Kills the app mid-delivery, so it has an app process of its own.</summary>
public class restarting_while_delivering(PartnerAppFixture fixture) : IClassFixture<PartnerAppFixture>
{
    // A fresh app process early in a loaded suite run: in one CI run the first attempt took longer than 30 s.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static JsonNode Payload(ReceivedDelivery delivery) => JsonNode.Parse(delivery.Body)!;

    [Fact]
    public async Task a_delivery_in_flight_when_the_app_is_killed_is_still_made_after_the_restart_with_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var inFlight = new ManualResetEventSlim();
        receiver.Answer = attempt =>
        {
            if (attempt > 1) return (200, TimeSpan.Zero);
            inFlight.Set();
            return (200, TimeSpan.FromSeconds(30)); // answered only after the app is gone
        };
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall("EC");
        await scenario.APartner(receiver.Url, new { mobilisationId = call });
        var action = await scenario.AnAction(call, movement, "EC", "Quito");
        await scenario.Report(action, 900);
        Assert.True(inFlight.Wait(Patience), "the delivery was never attempted");

        await fixture.Restart();

        var accepted = await receiver.WaitForAccepted(1, Patience);
        var delivered = Assert.Single(accepted);
        Assert.Equal(900, Payload(delivered)["data"]!["figures"]!["turnout"]!.GetValue<long>());
        Assert.Equal(2, receiver.Attempts);

        // And the restarted app goes on delivering what happens next.
        await new PartnerScenario(fixture.App).Report(action, 950);
        Assert.Equal(2, (await receiver.WaitForAccepted(2, Patience)).Count);
    }
}

/// <summary>A partner's attempt may take 20 s before it times out: long enough to see whether others wait behind it.</summary>
public sealed class SlowPartnerAppFixture : PartnerAppFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected override string DatabaseSuffix => "partners_slow";

    protected override Dictionary<string, string> AppSettings => new(Settings) { ["Alba__Partners__Timeout"] = Timeout.ToString() };
}

public class serving_partners_side_by_side(SlowPartnerAppFixture fixture) : IClassFixture<SlowPartnerAppFixture>
{
    [Fact]
    public async Task a_partner_that_never_answers_does_not_hold_back_the_others()
    {
        await using var silent = await WebhookReceiver.StartAsync();
        silent.Answer = _ => (200, TimeSpan.FromMinutes(1)); // holds each request until the platform gives up on it
        await using var healthy = await WebhookReceiver.StartAsync();
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall("BO", "PE");
        await scenario.APartner(silent.Url, new { countries = new[] { "BO" } });
        await scenario.APartner(healthy.Url, new { countries = new[] { "PE" } });
        await scenario.Report(await scenario.AnAction(call, movement, "BO", "Oruro"), 100);
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); silent.Attempts == 0 && DateTime.UtcNow < deadline;) await Task.Delay(100);
        Assert.Equal(1, silent.Attempts);
        var silentHeldUntil = DateTime.UtcNow + SlowPartnerAppFixture.Timeout - TimeSpan.FromSeconds(1);

        await scenario.Report(await scenario.AnAction(call, movement, "PE", "Arequipa"), 200);

        // Behind one queue the healthy partner would wait until the silent one's attempt timed out.
        var accepted = await healthy.WaitForAccepted(1, silentHeldUntil - DateTime.UtcNow - TimeSpan.FromSeconds(1));
        Assert.Single(accepted);
        Assert.Equal(1, silent.Attempts);
        Assert.Empty(silent.Accepted);
    }
}
