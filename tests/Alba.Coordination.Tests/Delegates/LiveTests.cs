using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class following_an_assembly_live(AppFixture app)
{
    [Fact]
    public async Task registrations_accreditations_and_check_ins_are_pushed_without_personal_data_or_credentials()
    {
        var assembly = await app.Host.AnAssembly();
        await using var follower = await LiveClient.Connect(app.Host);
        await follower.Join($"assembly:{assembly}");

        var accredited = await app.Host.AnAccreditedDelegate(assembly, country: "VE");
        await app.Host.CheckIn(accredited.Id, DateTimeOffset.UtcNow.AddMinutes(-2));

        var registered = await follower.WaitFor(u => u.Kind == "DelegateRegistered" && u.StreamId == accredited.Id);
        Assert.Equal($"assembly:{assembly}", registered.Group);
        Assert.Equal(1, registered.Version);
        Assert.Equal("VE", registered.Data.GetProperty("country").GetString());
        var accreditation = await follower.WaitFor(u => u.Kind == "DelegateAccredited" && u.StreamId == accredited.Id);
        Assert.Equal(2, accreditation.Version);
        Assert.Equal("accredited", accreditation.Data.GetProperty("status").GetString());
        var checkIn = await follower.WaitFor(u => u.Kind == "DelegateCheckedIn" && u.StreamId == accredited.Id);
        Assert.Equal(3, checkIn.Version);

        var pushed = string.Join("\n", follower.Received.Select(u => u.Data.GetRawText()));
        Assert.DoesNotContain(Infrastructure.Auth.Secrets.Hash(accredited.CredentialCode), pushed);
        Assert.DoesNotContain("credentialHash", pushed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Juana", pushed);
        Assert.DoesNotContain("@alba.test", pushed);
    }
}
