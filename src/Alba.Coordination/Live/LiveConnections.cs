using System.Collections.Concurrent;
using Alba.Coordination.Accounts;
using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

/// <summary>
/// The hub connections on this node that were opened with an access token, by the token's subject, so that ending
/// that subject's access (revocation, reissue, withdrawal, deactivation) closes them and with them every private group.
/// </summary>
public sealed class LiveConnections
{
    // A subject's emptied entry stays (removing it would race a new connection); there is at most one per account or delegate.
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, HubCallerContext>> _bySubject = new();

    public void Add(Guid subject, HubCallerContext connection) =>
        _bySubject.GetOrAdd(subject, _ => new())[connection.ConnectionId] = connection;

    public void Remove(Guid subject, string connectionId)
    {
        if (_bySubject.TryGetValue(subject, out var connections)) connections.TryRemove(connectionId, out _);
    }

    public void Close(Guid subject)
    {
        if (!_bySubject.TryRemove(subject, out var connections)) return;
        foreach (var connection in connections.Values) connection.Abort();
    }

    public IEnumerable<HubCallerContext> All => _bySubject.Values.SelectMany(c => c.Values);
}

/// <summary>
/// On every node, every Alba:Access:HubSweepSeconds (15): closes the token-holding connections whose access ended
/// through a commit on another node, where this node's commit listener never ran and no hub call came to be checked.
/// Every connection is checked at once, so the stamps are read in one query (<see cref="AccessStamps"/>), not one each.
/// </summary>
public sealed class LiveAccessSweep(LiveConnections connections, AccessStamps stamps, IConfiguration configuration,
    ILogger<LiveAccessSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(configuration.GetValue("Alba:Access:HubSweepSeconds", 15)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Task.WhenAll(connections.All.Select(async connection =>
                {
                    if (connection.User is { } user && !await stamps.StillStandsAsync(user, stoppingToken)) connection.Abort();
                }));
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be down for a while: the next sweep tries again, and requests are refused meanwhile.
                logger.LogWarning(e, "Could not check the access of live connections");
            }
        }
    }
}

/// <summary>
/// Registers the connections that carry a token, and before every hub call checks that the token still stands (the
/// same check as every HTTP request): a connection whose access ended on another node is closed at its next call.
/// </summary>
public sealed class LiveAccessFilter(LiveConnections connections, AccessStamps stamps) : IHubFilter
{
    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (context.Context.User?.ToActor() is { } actor) connections.Add(actor.Id, context.Context);
        return next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.User?.ToActor() is { } actor) connections.Remove(actor.Id, context.Context.ConnectionId);
        return next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var caller = invocation.Context;
        if (caller.User?.ToActor() is not null && !await stamps.StillStandsAsync(caller.User, caller.ConnectionAborted))
        {
            caller.Abort();
            throw new HubException("Your access has ended: sign in again.");
        }
        return await next(invocation);
    }
}

public static class LiveAccessSetup
{
    public static void AddLiveAccessControl(this IServiceCollection services)
    {
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<LiveAccessFilter>();
        services.Configure<HubOptions>(options => options.AddFilter<LiveAccessFilter>());
        services.AddHostedService<LiveAccessSweep>();
    }
}
