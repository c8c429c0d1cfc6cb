using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Operations;

/// <summary>The app as a process (its real console), one request with a W3C traceparent.</summary>
public class json_logs : IAsyncLifetime
{
    private AppProcess _app = null!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync(await TestDatabase.ConnectionStringAsync("logs"));

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task a_requests_log_line_is_json_with_the_trace_id_of_its_traceparent_and_no_code_from_its_path()
    {
        var traceId = ActivityTraceId.CreateRandom().ToString();
        var code = "one-time-code-" + Guid.NewGuid().ToString("N");
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        using var refused = new HttpRequestMessage(HttpMethod.Post, "/api/movements") { Content = JsonContent.Create(new { name = "x" }) };
        refused.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(401, (int)(await http.SendAsync(refused)).StatusCode);
        // A path carrying a code: logged (if at all) by its route template.
        await http.PostAsync($"/api/auth/invitations/{code}/acceptance", JsonContent.Create(new { password = "x" }));

        JsonElement? entry = null;
        var clock = Stopwatch.StartNew();
        while (entry is null && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            entry = _app.Output.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement)
                .FirstOrDefault(e => e.GetProperty("Category").GetString() == "Alba.Coordination.Infrastructure.RefusalLogging"
                                     && e.GetProperty("Scopes").EnumerateArray().Any(scope =>
                                         scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId));
            if (entry is null) await Task.Delay(100);
        }

        Assert.True(entry.HasValue, "no JSON log line of the refusal carries the request's trace id:\n" + string.Join('\n', _app.Output.TakeLast(20)));
        Assert.Equal("Warning", entry.Value.GetProperty("LogLevel").GetString());
        Assert.Equal("/api/movements", entry.Value.GetProperty("State").GetProperty("Route").GetString());
        Assert.Contains(entry.Value.GetProperty("Scopes").EnumerateArray(), scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("SpanId", out _));
        Assert.All(_app.Output, line =>
        {
            Assert.DoesNotContain(code, line);
            Assert.DoesNotContain(AppFixture.OrganiserEmail, line);
            Assert.DoesNotContain(AppFixture.OrganiserPassword, line);
        });
    }
}
