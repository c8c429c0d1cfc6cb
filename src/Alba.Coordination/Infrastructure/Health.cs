using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// <c>/health</c> (the database answers, as before), <c>/health/live</c> (the process answers: no check at all, so a lost
/// database never gets a node restarted) and <c>/health/ready</c> (the database answers and the live feed is within
/// <c>Alba:Health:LiveFeedLagSeconds</c>), the last two with a JSON body naming each check.
/// </summary>
public static class Health
{
    private const string DatabaseCheck = "postgres";
    private const string LiveFeedCheck = "liveFeed";
    private const string ReadyTag = "ready";

    public static void AddAlbaHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FeedProgress>();
        services.AddSingleton(new LiveFeedLagBound(TimeSpan.FromSeconds(configuration.GetValue("Alba:Health:LiveFeedLagSeconds", 30))));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseCheck, tags: [ReadyTag])
            .AddCheck<LiveFeedHealthCheck>(LiveFeedCheck, tags: [ReadyTag]);
    }

    public static void MapAlbaHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Name == DatabaseCheck });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteJson });
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The overall status and each check's status and description; never an exception's text.</summary>
    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
            {
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                durationMs = Math.Round(entry.Value.Duration.TotalMilliseconds),
            }),
        }, Json));
    }
}

public sealed record LiveFeedLagBound(TimeSpan Bound);

/// <summary>Where the event store and its async daemon stand (a shard is a projection or subscription, e.g. "LiveFeed:All").</summary>
public sealed record FeedPositions(long HighestCommitted, long HighWaterMark, IReadOnlyList<ShardPosition> Shards,
    DateTimeOffset? OldestUnpushedAt);

public sealed record ShardPosition(string Name, long Sequence);

/// <summary>Reads Marten's progression table and the event table on Marten's own pool (not the requests' pools).</summary>
public sealed class FeedProgress(IDocumentStore store)
{
    public const string LiveFeedShard = "LiveFeed:All";
    private const string HighWaterMark = "HighWaterMark";

    private static readonly string Sql = $"""
        select coalesce(max(seq_id), 0) from {HostSetup.Schema}.mt_events;
        select name, last_seq_id from {HostSetup.Schema}.mt_event_progression;
        select timestamp from {HostSetup.Schema}.mt_events
         where seq_id > coalesce((select last_seq_id from {HostSetup.Schema}.mt_event_progression where name = '{LiveFeedShard}'), 0)
         order by seq_id limit 1;
        """;

    public async Task<FeedPositions> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var highest = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var highWaterMark = 0L;
        var shards = new List<ShardPosition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = reader.GetString(0);
            var sequence = reader.GetInt64(1);
            if (name == HighWaterMark) highWaterMark = sequence;
            // Marten keeps other bookkeeping rows there too (allocation fences, per-tenant marks); shards are "Name:Key".
            else if (!name.StartsWith(HighWaterMark, StringComparison.Ordinal) && name.Contains(':')) shards.Add(new(name, sequence));
        }
        await reader.NextResultAsync(cancellationToken);
        DateTimeOffset? oldestUnpushed = await reader.ReadAsync(cancellationToken) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
        return new FeedPositions(highest, highWaterMark, shards, oldestUnpushed);
    }
}

/// <summary>
/// Ready only while the oldest committed event the live feed has not pushed is younger than the bound: it measures the
/// whole way from commit to push, so a stopped daemon, a failed subscription and a stalled writer holding the
/// high-water mark all show.
/// </summary>
public sealed class LiveFeedHealthCheck(FeedProgress progress, LiveFeedLagBound bound, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        FeedPositions positions;
        try
        {
            positions = await progress.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The live feed's progress cannot be read.");
        }
        var lag = positions.OldestUnpushedAt is { } oldest ? clock.GetUtcNow() - oldest : TimeSpan.Zero;
        var state = $"Oldest unpushed event {lag.TotalSeconds:F1} s old (bound {bound.Bound.TotalSeconds:F0} s); " +
                    $"high-water mark {positions.HighWaterMark} of {positions.HighestCommitted} committed.";
        return lag <= bound.Bound ? HealthCheckResult.Healthy(state) : HealthCheckResult.Unhealthy("The live feed lags: " + state);
    }
}
