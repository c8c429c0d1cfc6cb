using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// Traces, metrics and logs: OpenTelemetry for ASP.NET Core, outgoing HTTP (partner webhooks), Npgsql, Wolverine and
/// Marten; the Prometheus text at <c>/metrics</c>; OTLP export only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set;
/// JSON console logs whose scopes carry the trace and span ids. docs/operations.md lists the series.
/// </summary>
public static class Observability
{
    public const string ServiceName = "alba-coordination";
    public const string MetricsPath = "/metrics";

    public static void AddAlbaObservability(this WebApplicationBuilder builder)
    {
        // The host's default ActivityTrackingOptions put TraceId, SpanId and ParentId into every entry's scopes.
        builder.Logging.AddJsonConsole(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                // SignalR's own meter counts the live connections (signalr.server.active_connections).
                .AddMeter("Microsoft.AspNetCore.Http.Connections", "Wolverine*", "Marten", AlbaMetrics.MeterName)
                .AddView("alba.live.push.lag", new ExplicitBucketHistogramConfiguration { Boundaries = AlbaMetrics.LagBuckets })
                .AddPrometheusExporter());
        // Spans are recorded only when there is somewhere to send them; request logs carry trace ids either way (the
        // host starts an activity per request for its logging, parented by an incoming traceparent).
        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 })
            telemetry.WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                    {
                        // A path can carry a one-time code (/api/auth/invitations/{code}/acceptance): spans name the route template.
                        aspNetCore.EnrichWithHttpResponse = (activity, response) => activity.SetTag("url.path", response.HttpContext.RouteForLogs());
                        // Probes and scrapes every few seconds are noise in a trace store.
                        aspNetCore.Filter = context => !IsProbe(context.Request.Path);
                    })
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource("Wolverine", "Marten"))
                .WithLogging()
                .UseOtlpExporter();

        builder.Services.AddSingleton<DaemonLagGauges>();
        builder.Services.AddAlbaHealthChecks(builder.Configuration);
    }

    public static void MapAlbaObservability(this WebApplication app)
    {
        // Instantiated here so its gauges exist before the first scrape.
        app.Services.GetRequiredService<DaemonLagGauges>();
        app.MapAlbaHealthChecks();
        // Anonymous like the probes: counts and durations per route template, nothing about anyone.
        app.MapPrometheusScrapingEndpoint(MetricsPath);
    }

    /// <summary>
    /// What logs and spans name a request by: its route template, never its path, which can carry a one-time code
    /// (/api/auth/invitations/{code}/acceptance).
    /// </summary>
    public static string RouteForLogs(this HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";

    /// <summary>
    /// A pool whose metrics and spans carry <paramref name="name"/> (Npgsql names a pool by its connection string
    /// otherwise, and <c>/metrics</c> is anonymous: it has no business showing hosts, databases or users).
    /// </summary>
    public static NpgsqlDataSource NamedPool(string connectionString, string name) => NamedPoolBuilder(name)(connectionString).Build();

    public static Func<string, NpgsqlDataSourceBuilder> NamedPoolBuilder(string name) =>
        connectionString => new NpgsqlDataSourceBuilder(connectionString) { Name = name };

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);
}

/// <summary>
/// Our own series on the one meter "Alba.Coordination". Static, because they are counted where no container reaches
/// (the command shape's extension methods, <see cref="CommandStreams"/>).
/// </summary>
public static class AlbaMetrics
{
    public const string MeterName = "Alba.Coordination";

    /// <summary>Seconds: a push is expected within a second of its commit, and a stalled writer can hold it for tens.</summary>
    internal static readonly double[] LagBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    internal static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commands = Meter.CreateCounter<long>("alba.commands", "{command}",
        "Commands decided, by write model and outcome (appended, unchanged, refused)");

    private static readonly Histogram<double> PushLag = Meter.CreateHistogram<double>("alba.live.push.lag", "s",
        "From an event's commit to its live push");

    private static readonly Histogram<double> GroupCommitPhase = Meter.CreateHistogram<double>("alba.group_commit.phase", "s",
        "A group commit's phases: a command's wait in its stream's queue (queued), a batch's lock and reads (open), its decisions (decide), its commit (commit)");

    private static readonly Histogram<long> GroupCommitBatchSize = Meter.CreateHistogram<long>("alba.group_commit.batch", "{command}",
        "Commands per group-committed batch");

    /// <summary>One phase of a group commit on a stream of commands <typeparamref name="TCommand"/> (queued, open, decide, commit).</summary>
    public static void GroupCommitted<TCommand>(string phase, TimeSpan took) =>
        GroupCommitPhase.Record(took.TotalSeconds, new TagList { { "alba.command", typeof(TCommand).Name }, { "alba.phase", phase } });

    /// <summary>A batch of <paramref name="commands"/> committed together.</summary>
    public static void GroupCommitBatch<TCommand>(int commands) =>
        GroupCommitBatchSize.Record(commands, new TagList { { "alba.command", typeof(TCommand).Name } });

    /// <summary>One command decided on <typeparamref name="T"/>'s stream; called where the decision is recorded.</summary>
    public static void CommandDecided<T>(Decision decision) =>
        Commands.Add(1, new TagList
        {
            { "alba.write_model", typeof(T).Name },
            { "alba.outcome", decision.IsRefused ? "refused" : decision.Changes ? "appended" : "unchanged" },
        });

    /// <summary>A committed event's updates were sent; the lag counts from the event's timestamp.</summary>
    public static void Pushed(IEvent source) =>
        PushLag.Record(Math.Max(0, (DateTimeOffset.UtcNow - source.Timestamp).TotalSeconds));
}

/// <summary>
/// The async daemon's lag as observable gauges, read from Marten's progression table at each collection
/// (<see cref="FeedProgress"/>): <c>alba.daemon.high_water.lag</c> (committed events the high-water mark has not
/// passed: a stalled writer holds it) and <c>alba.daemon.lag</c> per shard (high-water mark − the shard's progress).
/// A meter of the host's own, so several hosts in one process (the tests) keep theirs apart.
/// </summary>
public sealed class DaemonLagGauges
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    public DaemonLagGauges(IMeterFactory meters, FeedProgress progress)
    {
        var meter = meters.Create(AlbaMetrics.MeterName);
        meter.CreateObservableGauge("alba.daemon.high_water.lag", () => Read(progress) is { } now
                ? [new Measurement<long>(Math.Max(0, now.HighestCommitted - now.HighWaterMark))]
                : Array.Empty<Measurement<long>>(),
            "{event}", "Committed events above the daemon's high-water mark");
        meter.CreateObservableGauge("alba.daemon.lag", () => Read(progress) is { } now
                ? now.Shards.Select(shard => new Measurement<long>(Math.Max(0, now.HighWaterMark - shard.Sequence),
                    new KeyValuePair<string, object?>("alba.shard", shard.Name)))
                : [],
            "{event}", "Events between the high-water mark and each async shard's progress");
    }

    // Gauges are collected synchronously (a scrape, the OTLP reader's thread); a lost database leaves them empty.
    private static FeedPositions? Read(FeedProgress progress)
    {
        try
        {
            using var cancel = new CancellationTokenSource(ReadTimeout);
            return progress.ReadAsync(cancel.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return null;
        }
    }
}
