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
using Scalar.AspNetCore;
using Weasel.Postgresql.Connections;
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
        services.AddHostedService<FirstOrganiserOnStart>();
        services.AddHostedService<Demo.DemoSeeder>();

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

        services.AddMarten(options =>
            {
                // A named pool: metrics and traces say "marten", not the connection string.
                options.DataSourceFactory(new DefaultNpgsqlDataSourceFactory(Observability.NamedPoolBuilder("marten")), connectionString);
                options.OpenTelemetry.TrackConnections = TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                options.DatabaseSchemaName = Schema;
                options.Events.DatabaseSchemaName = Schema;
                // Live pushes ride the async daemon: wake it on every append instead of waiting for its next poll.
                options.Events.UseListenNotifyForEventAppends = true;
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
            })
            // Requests get pools of their own with bounded waits (RequestSessions); the daemon and Wolverine keep Marten's.
            .BuildSessionsWith<RequestSessions>()
            .ApplyAllDatabaseChangesOnStartup()
            .IntegrateWithWolverine()
            .AddAsyncDaemon(builder.Configuration.GetValue("Alba:Daemon:Mode", DaemonMode.Solo))
            // Committed events only, in sequence order, with recorded progress: each capability's *Pushes handlers
            // turn them into typed live updates, so pushes never run ahead of a commit and are not lost after one.
            .ProcessEventsWithWolverineHandlersInStrictOrder("LiveFeed");
        services.KeepSecretsOutOfIdempotencyRecords();
        // After Marten: its schema is applied before personal data of the first shape is sealed.
        builder.AddAlbaPrivacy();

        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            options.Policies.UseDurableLocalQueues();
            options.Durability.EnableDeduplicatedResponses = true;
            options.Durability.Mode = builder.Configuration.GetValue("Alba:Wolverine:Mode", DurabilityMode.Solo);
            options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
            // Each capability's *Pushes class handles its committed events for the live feed.
            options.Discovery.CustomizeHandlerDiscovery(types => types.Includes.WithNameSuffix("Pushes"));
            options.UsePartnerDeliveries();
        });
        // Development compiles handlers at run time; Production loads the code generated at build
        // (src/Alba.Coordination/Internal/Generated, `codegen write`) and fails at start if any is missing.
        services.CritterStackDefaults(defaults =>
        {
            defaults.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
            defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
            defaults.Production.AssertAllPreGeneratedTypesExist = true;
        });
        services.AddWolverineHttp();
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
        if (builder.Configuration["ALBA_REDIS"] is { Length: > 0 } redis) signalR.AddStackExchangeRedis(redis);
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
    }
}
