using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

/// <summary>
/// What <see cref="LiveHub.Join"/> answers: the updates the client missed (oldest first), the position it now
/// stands at in the group (the next update it receives names it as <c>previousPosition</c>), and whether that is
/// all: when <c>Complete</c> is false, join again from <c>Position</c> for the rest.
/// </summary>
public sealed record LiveJoined(long Position, IReadOnlyList<LiveUpdate> Updates, bool Complete);

public sealed class LiveHub(LiveGroupAccess access, LiveUpdateLog log) : Hub
{
    public const string Path = "/hubs/live";
    public const string ClientMethod = "update";

    public override Task OnConnectedAsync()
    {
        access.AdmitConnection(Context);
        return base.OnConnectedAsync();
    }

    /// <summary>
    /// Joins a group when <see cref="LiveGroupAccess"/> admits the caller (otherwise the client gets the reason) and,
    /// with <paramref name="afterPosition"/>, answers every update of the group after it. The connection joins the
    /// group before the log is read, and the feed records an update before sending it, so each update is in the
    /// answer or sent afterwards (possibly both: the client skips positions it has applied).
    /// <c>Join(group)</c> without a position is read as <c>Join(group, null)</c> (<see cref="JoinArgumentsProtocol"/>).
    /// </summary>
    public async Task<LiveJoined> Join(string group, long? afterPosition)
    {
        await access.Admit(Context, group);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        var cancellation = Context.ConnectionAborted;
        if (afterPosition is not { } after) return new LiveJoined(await log.Head(group, cancellation), [], true);
        var missed = await log.After(group, after, cancellation);
        return new LiveJoined(missed.Count > 0 ? missed[^1].Position : after, missed, missed.Count < LiveUpdateLog.ReplayLimit);
    }

    public async Task Leave(string group)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        LiveGroupAccess.Left(Context, group);
    }
}
