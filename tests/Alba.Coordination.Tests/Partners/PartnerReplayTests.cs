using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Partners;

/// <summary>
/// An app of its own: the delivery rate measured here is not shared with another app sending from the same database. The
/// default timeout (10 s), so a receiver slowed by a loaded machine does not get a delivery twice (once timed out, once retried).
/// </summary>
public sealed class PartnerReplayAppFixture : PartnerAppFixture
{
    protected override string DatabaseSuffix => "partners_replay";

    protected override Dictionary<string, string> AppSettings => new(Settings) { ["Alba__Partners__Timeout"] = "00:00:10" };
}

/// <summary>A partner's own calls, signed with its secret as the Standard Webhooks convention has it (docs/partners.md).</summary>
public sealed class SignedPartnerClient(AppProcess app, Guid partnerId, string secret)
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(app.BaseUrl) };

    /// <summary>
    /// Asks for everything after <paramref name="afterPosition"/> again. The other parameters make the request wrong on
    /// purpose: an id used before, a time of signing, another secret, a body other than the one sent, a body padded to a size.
    /// </summary>
    public Task<HttpResponseMessage> Replay(long afterPosition, string? id = null, DateTimeOffset? signedAt = null, string? signedWith = null,
        string? signedBody = null, int padding = 0)
    {
        var body = padding == 0 ? $$"""{"afterPosition":{{afterPosition}}}""" : $$"""{"afterPosition":{{afterPosition}},"padding":"{{new string('x', padding)}}"}""";
        return Send(HttpMethod.Post, $"/api/partners/{partnerId}/deliveries/replay", body, id, signedAt, signedWith, signedBody);
    }

    public async Task<JsonArray> Deliveries(long afterPosition)
    {
        using var response = await Send(HttpMethod.Get, $"/api/partners/{partnerId}/deliveries?afterPosition={afterPosition}", "");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET deliveries answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string body, string? id = null, DateTimeOffset? signedAt = null,
        string? signedWith = null, string? signedBody = null)
    {
        id ??= "req_" + Guid.NewGuid().ToString("N");
        var timestamp = (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(method, path);
        if (body.Length > 0) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString());
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(signedWith ?? secret, id, timestamp, signedBody ?? body));
        return _http.SendAsync(request);
    }
}

public class a_partner_replaying_from_its_own_position(PartnerReplayAppFixture fixture, ITestOutputHelper output)
    : IClassFixture<PartnerReplayAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static long Position(ReceivedDelivery delivery) => JsonNode.Parse(delivery.Body)!["position"]!.GetValue<long>();

    private async Task<(WebhookReceiver Receiver, PartnerScenario Scenario, Guid Call, Guid Partner, string Secret, Guid Action)> APartnerFollowingACall(
        string country, string city)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var scenario = new PartnerScenario(fixture.App);
        var (call, movement) = await scenario.ACall(country);
        var (partner, secret) = await scenario.APartner(receiver.Url, new { mobilisationId = call });
        var action = await scenario.AnAction(call, movement, country, city);
        return (receiver, scenario, call, partner, secret, action);
    }

    private static async Task<JsonNode> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task gets_exactly_the_deliveries_after_the_last_one_it_processed_again_in_order_and_signed()
    {
        var (receiver, scenario, _, partner, secret, action) = await APartnerFollowingACall("BO", "Sucre");
        await using var _ = receiver;
        for (var turnout = 1; turnout <= 5; turnout++) await scenario.Report(action, turnout * 100);
        var processed = await receiver.WaitForAccepted(5, Patience);
        Assert.Equal(5, processed.Count);
        // It processed the first two and lost the rest.
        var lastProcessed = Position(processed[1]);
        var client = new SignedPartnerClient(fixture.App, partner, secret);

        var listed = await client.Deliveries(lastProcessed);
        Assert.Equal(processed.Skip(2).Select(d => d.Id), listed.Select(d => d!["id"]!.GetValue<string>()));
        Assert.Equal(processed.Skip(2).Select(Position), listed.Select(d => d!["position"]!.GetValue<long>()));

        using var replay = await client.Replay(lastProcessed);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(3, JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["requeued"]!.GetValue<int>());

        var accepted = await receiver.WaitForAccepted(8, Patience);
        await Task.Delay(1000); // time for a delivery that should not come to show up
        var again = receiver.Accepted.Skip(5).ToList();
        Assert.Equal(8, accepted.Count);
        Assert.Equal(processed.Skip(2).Select(d => (d.Id, d.Body)), again.Select(d => (d.Id, d.Body)));
        Assert.All(again, d => Assert.Equal(WebhookSignature.Sign(secret, d.Id, long.Parse(d.Timestamp), d.Body), d.Signature));
    }

    [Fact]
    public async Task is_refused_a_forged_stale_repeated_or_foreign_signature_and_an_unknown_partner_is_not_found()
    {
        var (receiver, scenario, call, partner, secret, action) = await APartnerFollowingACall("PE", "Arequipa");
        await using var _ = receiver;
        var (_, otherSecret) = await scenario.APartner(receiver.Url, new { mobilisationId = call });
        await scenario.Report(action, 300);
        var client = new SignedPartnerClient(fixture.App, partner, secret);

        using (var forged = await client.Replay(0, signedBody: """{"afterPosition":999999999}"""))
            Assert.Contains("does not match", (await Problem(forged, HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        using (var stale = await client.Replay(0, signedAt: DateTimeOffset.UtcNow.AddMinutes(-6)))
            Assert.Contains("away from the server's time", (await Problem(stale, HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        using (var foreign = await client.Replay(0, signedWith: otherSecret))
            Assert.Contains("does not match", (await Problem(foreign, HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        using (var unknown = await new SignedPartnerClient(fixture.App, Guid.CreateVersion7(), secret).Replay(0))
            Assert.Contains("No partner has id", (await Problem(unknown, HttpStatusCode.NotFound))["detail"]!.GetValue<string>());

        using (var longId = await client.Replay(0, id: "req_" + new string('x', PartnerAccess.MaxIdLength - 3)))
            Assert.Equal("'webhook-id' is longer than 200 characters.", (await Problem(longId, HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
        using (var large = await client.Replay(0, padding: PartnerAccess.MaxBodyBytes))
            Assert.Equal("A partner's signed request has a body of at most 16384 bytes.",
                (await Problem(large, HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());

        using (var first = await client.Replay(0, id: "req_once"))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var repeated = await client.Replay(0, id: "req_once"))
            Assert.Contains("used already", (await Problem(repeated, HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>());
    }

    /// <summary>
    /// Not a timed assertion: it measures how many deliveries per second one partner gets once its queue is full (a replay of
    /// everything), with a receiver that answers at once and one that takes 20 ms, and prints the figures for docs/partners.md.
    /// </summary>
    [Fact]
    public async Task measures_how_many_deliveries_per_second_one_partner_gets()
    {
        // More than one round (PartnerDeliveryHandler sends at most 100 per round), so a round's boundary is in the figure.
        const int count = 150;
        var (receiver, scenario, _, partner, secret, action) = await APartnerFollowingACall("EC", "Cuenca");
        await using var _ = receiver;
        var recording = Stopwatch.StartNew();
        for (var turnout = 1; turnout <= count; turnout++) await scenario.Report(action, turnout);
        var recorded = recording.Elapsed;
        Assert.Equal(count, (await receiver.WaitForAccepted(count, Patience)).Count);
        output.WriteLine($"{count} reports recorded one after another in {recorded.TotalSeconds:0.0} s; all delivered {recording.Elapsed.TotalSeconds:0.0} s after the first");
        var client = new SignedPartnerClient(fixture.App, partner, secret);

        foreach (var latency in new[] { TimeSpan.Zero, TimeSpan.FromMilliseconds(20) })
        {
            receiver.Answer = _ => (200, latency);
            var before = receiver.Accepted.Count;
            var asked = DateTimeOffset.UtcNow;
            using (var replay = await client.Replay(0)) Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            var batch = (await receiver.WaitForAccepted(before + count, Patience)).Skip(before).ToList();

            Assert.Equal(count, batch.Count);
            Assert.Equal(batch.Select(Position).Order(), batch.Select(Position));
            var sending = batch[^1].AnsweredAt - batch[0].ArrivedAt;
            // Between the receiver's answer and the next request: what the platform itself spends per delivery.
            var between = batch.Zip(batch.Skip(1), (answered, next) => (next.ArrivedAt - answered.AnsweredAt).TotalMilliseconds).Order().ToList();
            var answering = batch.Select(d => (d.AnsweredAt - d.ArrivedAt).TotalMilliseconds).Average();
            output.WriteLine($"receiver latency {latency.TotalMilliseconds} ms: first delivery {(batch[0].ArrivedAt - asked).TotalMilliseconds:0} ms after the replay; " +
                $"{count} in {sending.TotalSeconds:0.00} s = {count / sending.TotalSeconds:0} deliveries/s; the receiver took {answering:0.0} ms each (mean), " +
                $"the platform {between[between.Count / 2]:0.0} ms between an answer and the next request (median; p95 {between[(int)(between.Count * 0.95)]:0.0} ms, " +
                $"longest {between[^1]:0.0} ms)");
        }
    }
}
