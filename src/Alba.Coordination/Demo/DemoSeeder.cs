using Alba.Coordination.Accounts;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Movements;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Alba.Coordination.Demo;

/// <summary>
/// With Alba:Demo=true (the run command's --demo), fills an empty system with the scenario of
/// the third continental assembly through the public API, so every rule and event applies.
/// </summary>
public sealed class DemoSeeder(IServiceProvider services, IHostApplicationLifetime lifetime, IConfiguration configuration,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Alba:Demo", false)) return;
        if (!await StartedAsync(stoppingToken)) return;

        var store = services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        if (await session.Query<MovementView>().AnyAsync(m => m.Name == DemoMovements.All[0].Name, stoppingToken))
        {
            logger.LogInformation("Demo data is already there; nothing seeded.");
            return;
        }
        var organiser = await session.Query<Account>().FirstOrDefaultAsync(a => a.Role == Roles.Organiser, stoppingToken);
        if (organiser is null)
        {
            logger.LogWarning("No organiser account: set ALBA_ORGANISER_EMAIL/ALBA_ORGANISER_PASSWORD to seed demo data.");
            return;
        }

        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1").Replace("*", "127.0.0.1").Replace("+", "127.0.0.1");
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        var token = services.GetRequiredService<TokenIssuer>().ForAccount(organiser).Value;
        var demo = new DemoContext(http, token);

        var steps = typeof(IDemoStep).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IDemoStep).IsAssignableFrom(t))
            .Select(t => (IDemoStep)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Order);
        try
        {
            foreach (var step in steps)
            {
                logger.LogInformation("Demo: {Step}", step.GetType().Name);
                await step.RunAsync(demo, stoppingToken);
            }
            logger.LogInformation("Demo data ready.{Notes}", string.Concat(demo.Notes.Select(n => Environment.NewLine + "  " + n)));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Demo data could not be seeded completely");
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await Task.WhenAny(started.Task, Task.Delay(Timeout.Infinite, stoppingToken));
        return started.Task.IsCompleted;
    }
}
