using System.Net;
using System.Threading.RateLimiting;
using Alba.Coordination.Statements;
using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

/// <summary>
/// Who may follow which live group, checked like the GET routes the group mirrors, and the limits that keep one client
/// from holding the hub: groups per connection and new connections per address. A refusal is a <see cref="HubException"/>
/// whose message says why; refusals of private groups are logged.
/// </summary>
public sealed class LiveGroupAccess : IDisposable
{
    public const int GroupsPerConnection = 20;
    public const string ConnectionsPerMinuteSetting = "Alba:Live:NewConnectionsPerMinutePerAddress";

    /// <summary>A hall of several hundred delegates may sit behind one address; a reconnecting page opens one connection.</summary>
    public const int DefaultConnectionsPerMinute = 600;

    private static readonly HashSet<string> OpenKinds = ["assembly", "session", "mobilisation"];

    private readonly IDocumentStore _store;
    private readonly ILogger<LiveGroupAccess> _logger;
    private readonly PartitionedRateLimiter<IPAddress> _connections;

    public LiveGroupAccess(IDocumentStore store, IConfiguration configuration, ILogger<LiveGroupAccess> logger)
    {
        _store = store;
        _logger = logger;
        var perMinute = configuration.GetValue(ConnectionsPerMinuteSetting, DefaultConnectionsPerMinute);
        _connections = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>A new connection counts against its address; over the limit it is refused before it can join anything.</summary>
    public void AdmitConnection(HubCallerContext context)
    {
        var address = context.GetHttpContext()?.Connection.RemoteIpAddress ?? IPAddress.None;
        using var lease = _connections.AttemptAcquire(address);
        if (lease.IsAcquired) return;
        _logger.LogWarning("Live connection from {Address} refused: too many new connections", address);
        throw new HubException("Too many new live connections from this address; wait a minute and reconnect.");
    }

    /// <summary>Throws a <see cref="HubException"/> saying why, unless the caller may follow the group now.</summary>
    public async Task Admit(HubCallerContext context, string group)
    {
        var joined = Joined(context);
        if (!joined.Contains(group) && joined.Count >= GroupsPerConnection)
            throw new HubException($"A connection follows at most {GroupsPerConnection} groups; leave one before joining '{group}'.");
        var actor = context.User?.ToActor();
        if (await Refusal(group, actor) is { } refusal)
        {
            _logger.LogWarning("Actor {Actor} refused live group {Group}: {Refusal}", actor?.Id, group, refusal);
            throw new HubException(refusal);
        }
        joined.Add(group);
    }

    public static void Left(HubCallerContext context, string group) => Joined(context).Remove(group);

    /// <summary>Why the actor may not follow the group, or null when it may; statements are read through the store.</summary>
    public async Task<string?> Refusal(string group, Actor? actor)
    {
        await using var session = _store.QuerySession();
        return await Refusal(group, actor, id => session.LoadAsync<StatementView>(id));
    }

    /// <summary>The rules, with the statement a <c>statement:{id}</c> group names read by <paramref name="statementById"/>.</summary>
    public static async Task<string?> Refusal(string group, Actor? actor, Func<Guid, Task<StatementView?>> statementById)
    {
        if (group == LiveGroups.Movements) return null;
        if (group.Split(':') is not [var kind, var value] || !Guid.TryParse(value, out var id)) return $"'{group}' is not a live group.";
        if (OpenKinds.Contains(kind)) return null;
        if (kind == "statement")
            // A draft the caller may not read is refused as an unknown statement is. Once open for signature its group only
            // carries revision numbers, and the statement page follows it before its representative signs in.
            return await statementById(id) is { } statement && (statement.Status != StatementStatus.Draft || StatementAccess.MaySee(statement, actor))
                ? null
                : actor is null ? $"No published statement has id {id}; a draft is followed with an access token of a movement that may read it."
                : $"No statement you may read has id {id}.";
        if (kind is not ("movement" or "delegate" or "registrations")) return $"'{group}' is not a live group.";
        if (actor is null) return $"Group '{group}' is private: connect with an access token (the access_token query value).";
        var allowed = actor.IsOrganiser || kind switch
        {
            "movement" => actor.Represents(id),
            "delegate" => actor.IsDelegate(id),
            _ => false,
        };
        return allowed ? null : $"You may not follow group '{group}'.";
    }

    private static HashSet<string> Joined(HubCallerContext context) =>
        (HashSet<string>)(context.Items.TryGetValue(typeof(LiveGroupAccess), out var joined) ? joined! : context.Items[typeof(LiveGroupAccess)] = new HashSet<string>());

    public void Dispose() => _connections.Dispose();
}
