using Alba.Coordination.Infrastructure.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

public sealed class LiveHub(ILogger<LiveHub> logger) : Hub
{
    public const string Path = "/hubs/live";
    public const string ClientMethod = "update";

    public async Task Join(string group)
    {
        var actor = Context.User?.ToActor();
        switch (LiveGroups.Check(group, actor))
        {
            case LiveGroups.Access.Allowed:
                await Groups.AddToGroupAsync(Context.ConnectionId, group);
                return;
            case LiveGroups.Access.NeedsToken:
                logger.LogWarning("Anonymous connection refused private live group {Group}", group);
                throw new HubException($"Group '{group}' is private: connect with an access token.");
            case LiveGroups.Access.Forbidden:
                logger.LogWarning("Actor {Actor} refused live group {Group}", actor?.Id, group);
                throw new HubException($"You may not follow group '{group}'.");
            default:
                throw new HubException($"'{group}' is not a live group.");
        }
    }

    public Task Leave(string group) => Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
}
