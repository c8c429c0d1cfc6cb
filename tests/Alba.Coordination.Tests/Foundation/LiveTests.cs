using Alba.Coordination.Tests.Support;
using Microsoft.AspNetCore.SignalR;

namespace Alba.Coordination.Tests.Foundation;

[Collection(AppCollection.Name)]
public class live_updates(AppFixture app)
{
    [Fact]
    public async Task a_client_in_a_group_receives_the_update_for_a_committed_event()
    {
        await using var client = await LiveClient.Connect(app.Host);
        await client.Join("movements");
        var name = Scenarios.Unique("Movimiento en vivo");
        var movementId = await app.Host.AMovement(name);

        var update = await client.WaitFor(u => u.StreamId == movementId, TimeSpan.FromSeconds(5));
        Assert.Equal("movements", update.Group);
        Assert.Equal("MovementRegistered", update.Kind);
        Assert.Equal(1, update.Version);
        Assert.Equal(name, update.Data.GetProperty("name").GetString());
        Assert.True(DateTimeOffset.UtcNow - update.At < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task private_groups_need_a_token_of_the_right_caller()
    {
        var movement = await app.Host.AMovement();
        await using var anonymous = await LiveClient.Connect(app.Host);
        await Assert.ThrowsAsync<HubException>(() => anonymous.Join($"movement:{movement}"));
        await Assert.ThrowsAsync<HubException>(() => anonymous.Join("nonsense"));

        var organiser = await app.Host.Organiser();
        await using var secretariat = await LiveClient.Connect(app.Host, organiser.Token);
        await secretariat.Join($"movement:{movement}");
        var rep = await app.Host.ARepresentativeOf(movement);
        await secretariat.WaitFor(u => u.Kind == "RepresentativeAppointed" && u.StreamId == movement);

        await using var otherRep = await LiveClient.Connect(app.Host, (await app.Host.ARepresentativeOf(await app.Host.AMovement())).Token);
        await Assert.ThrowsAsync<HubException>(() => otherRep.Join($"movement:{movement}"));
        Assert.Equal(movement, rep.MovementId);
    }
}
