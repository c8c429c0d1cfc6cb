using System.Text.Json;
using System.Text.Json.Serialization;
using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Infrastructure.GroupCommit;
using Alba.Coordination.Live;
using Alba.Coordination.Mobilisations;
using Alba.Coordination.Movements;
using Alba.Coordination.Partners;
using Alba.Coordination.Privacy;
using Alba.Coordination.Sessions;
using Alba.Coordination.Statements;
using Alba.Coordination.Web;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Scalar.AspNetCore;
using Weasel.Postgresql.Connections;
using StackExchange.Redis;
using Wolverine;
using Wolverine.Http;
using Wolverine.Http.Marten;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace Alba.Coordination.Infrastructure;

public static class HostSetup
{
    public const string Schema = "alba";

    public static string ConnectionString(IConfiguration configuration) =>
        configuration["ALBA_DB"] is { Length: > 0 } fromEnvironment ? fromEnvironment
        : configuration.GetConnectionString("Alba") is { Length: > 0 } configured ? configured
        : throw new InvalidOperationException("Set ALBA_DB (or ConnectionStrings:Alba) to a PostgreSQL connection string.");

    private static readonly JsonStringEnumConverter EnumsAsCamelCase = new(JsonNamingPolicy.CamelCase);

    public static void AddAlbaCoordination(this WebApplicationBuilder builder)
    {
        builder.Host.ApplyJasperFxExtensions();
        // No "Server: Kestrel": what runs the site is nobody's business.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var services = builder.Services;
        var connectionString = ConnectionString(builder.Configuration);

        services.AddSingleton(TimeProvider.System);
        services.AddAlbaCommandPath(builder.Configuration);
        services.AddHttpContextAccessor();
        services.AddAlbaPartners(builder.Configuration);
        services.AddSingleton<LiveGroupAccess>();
        services.AddSingleton<IDelegations, Delegations>();
        services.AddSingleton<PasswordHasher<Account>>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<Organisers>();
        services.AddSingleton<Sessions.Ballots.BallotMixer>();

        builder.AddAlbaCallerAddresses();
        builder.AddAlbaAuthentication();
        builder.AddAlbaRateLimits();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemExceptionHandler.ShapeProblem);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.AddAlbaObservability();
        services.AddOpenApi();
        // One convention for enum values in answers and pushes alike: lower camel case strings (`accredited`, `twoThirds`).
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(EnumsAsCamelCase));

        builder.AddAlbaLiveFeed();
        services.AddLiveAccessControl();

        var nodes = NodeSettings.From(builder.Configuration);
        // Live pushes ride the async daemon: every commit that appended events wakes it instead of its next poll (AppendWakeup).
        // The machine's clock, not the app's: a clock a test sets for the domain must not hold up the daemon.
        var wakeInterval = TimeSpan.FromMilliseconds(builder.Configuration.GetValue("Alba:Daemon:WakeIntervalMilliseconds", 25));
        services.AddSingleton(provider => new AppendWakeup(wakeInterval, nodes.Several ? AppendWakeup.OtherNodesPool(connectionString) : null,
            TimeProvider.System, provider.GetRequiredService<ILogger<AppendWakeup>>()));
        services.ConfigureMarten((provider, options) =>
        {
            var wakeup = provider.GetRequiredService<AppendWakeup>();
            options.Listeners.Add(wakeup);
            options.Projections.Wakeup = wakeup;
        });
        if (nodes.Several) services.AddHostedService<AppendNotifications>();
        var marten = services.AddMarten(options =>
            {
                // A named pool: metrics and traces say "marten", not the connection string.
                options.DataSourceFactory(new DefaultNpgsqlDataSourceFactory(Observability.NamedPoolBuilder("marten")),
                    RequestDatabaseLimits.From(builder.Configuration).Prepared(connectionString));
                options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                options.DatabaseSchemaName = Schema;
                options.Events.DatabaseSchemaName = Schema;
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
                options.ConfigureAccounts();
                // Write models are immutable records: an inline snapshot fetched for writing (MotionState) is reused by its
                // projection from the identity map instead of being loaded again in the same transaction.
                options.Events.UseIdentityMapForAggregates = true;
                options.ConfigureMovements();
                options.ConfigureDelegates();
                options.ConfigureSessions();
                options.ConfigureStatements();
                options.ConfigureMobilisations();
                options.ConfigurePartners();
                options.Storage.ExtendedSchemaObjects.Add(LiveUpdateLog.Definition());
                // Every projection is inline, so the daemon runs them only to rebuild: pages of 5,000 events instead of
                // Marten's 500 cut DelegateView's rebuild from 0.58 to 0.32 s (docs/benchmarks.md, 2026-12-03).
                foreach (var projection in options.Projections.All) projection.Options.BatchSize = 5_000;
            })
            // Requests get pools of their own with bounded waits (RequestSessions); the daemon and Wolverine keep Marten's.
            .BuildSessionsWith<RequestSessions>()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine(wolverine => wolverine.UseWolverineManagedEventSubscriptionDistribution = nodes.Distributed);
        // Committed events only, in sequence order, with recorded progress: each capability's *Pushes handlers
        // turn them into typed live updates, so pushes never run ahead of a commit and are not lost after one.
        marten.SubscribeToEventsWithServices<LiveFeed>(ServiceLifetime.Singleton);
        services.KeepSecretsOutOfIdempotencyRecords();
        // After Marten: its schema is applied before personal data of the first shape is sealed.
        builder.AddAlbaPrivacy();
        services.AddHostedService<MotionViewCountsMigration>();
        services.AddHostedService<NamedChoicesMigration>();
        services.AddHostedService<Sessions.Ballots.PostedBallotsMigration>();
        // After the privacy migration: the first organiser is looked up by its e-mail's blind index, which an account
        // stored before sealing only has once migrated (otherwise it would be created twice).
        services.AddHostedService<FirstOrganiserOnStart>();
        services.AddHostedService<Demo.DemoSeeder>();

        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            options.Policies.UseDurableLocalQueues();
            options.Durability.EnableDeduplicatedResponses = true;
            nodes.Apply(options.Durability);
            options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
            // Each capability's *Pushes class handles its committed events for the live feed.
            options.Discovery.CustomizeHandlerDiscovery(types => types.Includes.WithNameSuffix("Pushes"));
            options.UsePartnerDeliveries();
        });
        // Development compiles handlers at run time; Production loads the code generated at build
        // (src/Alba.Coordination/Internal/Generated, `codegen write`) and fails at start if any is missing. A Release build
        // carries no run-time compiler (the csproj), so it loads the generated code in Development too.
        services.CritterStackDefaults(defaults =>
        {
#if DEBUG
            defaults.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
#else
            defaults.Development.GeneratedCodeMode = TypeLoadMode.Static;
#endif
            defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
            defaults.Production.AssertAllPreGeneratedTypesExist = true;
        });
        services.AddWolverineHttp();
        // Hosted services start in the order they are registered: the daemon after Wolverine's runtime. Started first, the
        // live feed could catch up on events at start before Wolverine knew its handlers, and the partner wake-up it
        // published then left Wolverine remembering that message as having no route: every later wake-up was dropped,
        // silently, until the next restart (the_live_feed_catching_up_at_start).
        if (!nodes.Distributed) marten.AddAsyncDaemon(nodes.DaemonMode);
    }

    /// <summary>The SignalR hub, its resumable feed (the update log) and, with ALBA_REDIS, the backplane between nodes.</summary>
    private static void AddAlbaLiveFeed(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LiveUpdateLog>();
        // The publisher itself (hub and partners) is registered with the partners (AddAlbaPartners).
        services.AddSingleton<HubLivePublisher>();
        var signalR = services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(EnumsAsCamelCase));
        // The same JSON protocol, also reading Join(group) as Join(group, null).
        services.RemoveAll<IHubProtocol>();
        services.AddSingleton<IHubProtocol, JoinArgumentsProtocol>();
        // The channels are named after the database: two deployments (or test runs) sharing one Redis never get each other's pushes.
        if (builder.Configuration["ALBA_REDIS"] is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix =
                RedisChannel.Literal(new NpgsqlConnectionStringBuilder(ConnectionString(builder.Configuration)).Database + ":"));
    }

    public static void UseAlbaCoordination(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<RefusalLogging>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<LivePositionHeader>();
        app.UseMiddleware<JsonBodyGuard>();

        app.MapAlbaObservability();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs");
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapPages();
        app.MapWolverineEndpoints(options =>
        {
            options.AddPolicy<IdempotencyKeyPolicy>();
        });
        if (!app.Environment.IsDevelopment()) app.Lifetime.ApplicationStarted.Register(ReturnStartUpGarbage);
    }

    /// <summary>
    /// Starting (the schema check, the handler and endpoint graphs, serializers' caches) leaves garbage that an idle app never
    /// collects: one compacting collection once the host has started hands it back, about 10 MiB of the idle process
    /// (docs/benchmarks.md). Not in Development, where tests start many hosts in one process.
    /// </summary>
    private static void ReturnStartUpGarbage() =>
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}

/// <summary>
/// How this node shares the work with the others on the same database (docs/operations.md, "Several nodes").
/// <c>Alba:Daemon:Mode</c> is Marten's <see cref="DaemonMode"/> (Solo, HotCold) or <c>Distributed</c>: Wolverine, in
/// Balanced mode, runs every projection and the live feed on exactly one node each, spread over the nodes, and moves a
/// dead node's share to the living ones once its heartbeat is <c>Alba:Wolverine:NodeTimeoutSeconds</c> old.
/// </summary>
public sealed record NodeSettings(DurabilityMode WolverineMode, DaemonMode DaemonMode, bool Distributed, TimeSpan NodeTimeout)
{
    public const string DistributedDaemon = "Distributed";

    /// <summary>Whether other nodes may share the database (any mode but Solo), so that they must hear of this node's appends.</summary>
    public bool Several => Distributed || DaemonMode != DaemonMode.Solo || WolverineMode != DurabilityMode.Solo;

    public static NodeSettings From(IConfiguration configuration)
    {
        var daemon = configuration["Alba:Daemon:Mode"];
        var distributed = string.Equals(daemon, DistributedDaemon, StringComparison.OrdinalIgnoreCase);
        return new NodeSettings(
            configuration.GetValue("Alba:Wolverine:Mode", DurabilityMode.Solo),
            distributed || string.IsNullOrEmpty(daemon) ? DaemonMode.Solo : Enum.Parse<DaemonMode>(daemon, ignoreCase: true),
            distributed,
            TimeSpan.FromSeconds(configuration.GetValue("Alba:Wolverine:NodeTimeoutSeconds", 5)));
    }

    public void Apply(DurabilitySettings durability)
    {
        durability.Mode = WolverineMode;
        if (!Distributed) return;
        // Wolverine's defaults (a heartbeat every 10 s, a node dead after a minute) would leave a killed node's projections
        // and live feed unrun for over a minute: beat often, and give a node a few missed beats before its work moves.
        // The timeout is most of a killed node's live-feed failover (docs/operations.md, "Several nodes"): 5 s rather than
        // 10 s costs a heartbeat and an assignment check per node every second, and a node stalled longer than that
        // loses its share for a while (the feed may then run twice briefly: clients skip the copies by position).
        durability.HealthCheckPollingTime = NodeTimeout / 5;
        durability.StaleNodeTimeout = NodeTimeout;
        durability.CheckAssignmentPeriod = NodeTimeout / 2;
    }
}

