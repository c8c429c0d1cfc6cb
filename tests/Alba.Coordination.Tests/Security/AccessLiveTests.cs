using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Alba.Coordination.Tests.Security;

[Collection(AppCollection.Name)]
public class Access_ended_on_the_hub(AppFixture app)
{
    private HubConnection Connection(string token)
    {
        var server = app.Host.Server;
        return new HubConnectionBuilder()
            .WithUrl($"http://localhost/hubs/live?access_token={token}", options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
            })
            .Build();
    }

    [Fact]
    public async Task a_revoked_delegate_loses_its_private_group_and_cannot_join_it_again()
    {
        var accredited = await app.Host.AnAccreditedDelegate(await app.Host.AnAssembly());
        var caller = await app.Host.SignInAsDelegate(accredited);
        await using var connection = Connection(caller.Token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        await connection.StartAsync();
        var group = $"delegate:{accredited.Id}";
        await connection.InvokeAsync("Join", group);

        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{accredited.Id}/revocation", new { reason = "Badge lent" }, await app.Host.Organiser())).Status);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        // The hub serves the public without a token, so the ended token connects only as an anonymous follower.
        await using var again = Connection(caller.Token);
        await again.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => again.InvokeAsync("Join", group));
        Assert.Contains("private", refused.Message);
    }
}
