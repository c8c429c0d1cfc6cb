using Alba.Coordination.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class following_an_assembly_live(AppFixture app)
{
    [Fact]
    public async Task the_public_group_learns_only_that_counts_changed_and_organisers_get_each_registration()
    {
        var assembly = await app.Host.AnAssembly();
        await using var follower = await LiveClient.Connect(app.Host);
        await follower.Join($"assembly:{assembly}");
        await using var secretariat = await LiveClient.Connect(app.Host, (await app.Host.Organiser()).Token);
        await secretariat.Join($"registrations:{assembly}");

        var accredited = await app.Host.AnAccreditedDelegate(assembly, country: "VE");
        await app.Host.CheckIn(accredited.Id, DateTimeOffset.UtcNow.AddMinutes(-2));

        var registered = await secretariat.WaitFor(u => u.Kind == "DelegateRegistered" && u.StreamId == accredited.Id);
        Assert.Equal($"registrations:{assembly}", registered.Group);
        Assert.Equal(1, registered.Version);
        Assert.Equal("VE", registered.Data.GetProperty("country").GetString());
        var accreditation = await secretariat.WaitFor(u => u.Kind == "DelegateAccredited" && u.StreamId == accredited.Id);
        Assert.Equal(2, accreditation.Version);
        Assert.Equal("accredited", accreditation.Data.GetProperty("status").GetString());
        var checkIn = await secretariat.WaitFor(u => u.Kind == "DelegateCheckedIn" && u.StreamId == accredited.Id);
        Assert.Equal(3, checkIn.Version);

        var counted = await follower.WaitFor(u => u.Kind == "DelegateCheckedIn" && u.StreamId == accredited.Id);
        Assert.Equal(assembly, counted.Data.GetProperty("assemblyId").GetGuid());
        var pushed = string.Join("\n", follower.Received.Concat(secretariat.Received).Select(u => u.Data.GetRawText()));
        Assert.DoesNotContain(Infrastructure.Auth.Secrets.Hash(accredited.CredentialCode), pushed);
        Assert.DoesNotContain("credentialHash", pushed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Juana", pushed);
        Assert.DoesNotContain("@alba.test", pushed);
        var publicly = string.Join("\n", follower.Received.Select(u => u.Data.GetRawText()));
        Assert.DoesNotContain(accredited.Id.ToString(), publicly);
        Assert.DoesNotContain(accredited.MovementId.ToString(), publicly);
    }
}

/// <summary>The pushes of a delegate's later events name its movement, read from its view once per node: it never changes.</summary>
[Collection(AppCollection.Name)]
public class the_movement_a_delegates_pushes_name(AppFixture app)
{
    [Fact]
    public async Task is_read_once_and_then_remembered()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var registered = await app.Host.ARegisteredDelegate(await app.Host.AnAssembly());
        var delegations = new Delegations(store);
        Assert.Equal(registered.MovementId, await delegations.MovementOf(registered.Id, CancellationToken.None));

        await using (var session = store.LightweightSession())
        {
            session.Delete<DelegateView>(registered.Id);
            await session.SaveChangesAsync();
        }

        Assert.Equal(registered.MovementId, await delegations.MovementOf(registered.Id, CancellationToken.None));
        // The view is gone: a node that had not read it yet cannot name the movement.
        await Assert.ThrowsAsync<InvalidOperationException>(() => new Delegations(store).MovementOf(registered.Id, CancellationToken.None));
    }
}
