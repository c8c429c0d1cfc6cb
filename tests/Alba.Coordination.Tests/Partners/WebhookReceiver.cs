using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Alba.Coordination.Tests.Partners;

/// <summary>A delivery the receiver accepted: <c>ArrivedAt</c> when its request came in, <c>AnsweredAt</c> when the receiver answered it.</summary>
public sealed record ReceivedDelivery(string Id, string Timestamp, string Signature, string Body, DateTimeOffset ArrivedAt, DateTimeOffset AnsweredAt);

/// <summary>
/// A partner's site on a loopback port: records every attempt, answers what <see cref="Answer"/> says for the
/// attempt's number (a status, after an optional wait), and keeps the deliveries it accepted, in arrival order.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _attempts;

    public string Url { get; }
    public ConcurrentQueue<ReceivedDelivery> Accepted { get; } = new();
    public int Attempts => _attempts;
    public Func<int, (int Status, TimeSpan Wait)> Answer { get; set; } = _ => (200, TimeSpan.Zero);

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var arrivedAt = DateTimeOffset.UtcNow;
            var attempt = Interlocked.Increment(ref receiver!._attempts);
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var (status, wait) = receiver.Answer(attempt);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, http.RequestAborted);
            if (status is >= 200 and < 300)
                receiver.Accepted.Enqueue(new ReceivedDelivery(http.Request.Headers["webhook-id"]!, http.Request.Headers["webhook-timestamp"]!,
                    http.Request.Headers["webhook-signature"]!, body, arrivedAt, DateTimeOffset.UtcNow));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, app.Urls.Single() + "/hook");
        return receiver;
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> deliveries were accepted.</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAccepted(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Accepted.Count < count && DateTime.UtcNow < deadline) await Task.Delay(100);
        return Accepted.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2))) await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
