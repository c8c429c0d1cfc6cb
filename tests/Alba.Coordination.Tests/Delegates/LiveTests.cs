using Alba.Coordination.Tests.Support;

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
