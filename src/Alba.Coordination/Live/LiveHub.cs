using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Live;

public sealed class LiveHub(LiveGroupAccess access) : Hub
{
    public const string Path = "/hubs/live";
    public const string ClientMethod = "update";

    public override Task OnConnectedAsync()
    {
        access.AdmitConnection(Context);
        return base.OnConnectedAsync();
    }

    /// <summary>Joins the group when <see cref="LiveGroupAccess"/> admits the caller; otherwise the client gets the reason.</summary>
    public async Task Join(string group)
    {
        await access.Admit(Context, group);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    public async Task Leave(string group)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        LiveGroupAccess.Left(Context, group);
    }
}
