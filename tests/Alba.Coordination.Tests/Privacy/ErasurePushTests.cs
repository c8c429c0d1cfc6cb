using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// An erasure is pushed to the private groups of those who may list the person, so their open pages refetch, and not to
/// the assembly's public group (no count changes); the person keeps its status and its sign-in (erasure is not a sanction),
/// and a reason written about the person afterwards is not kept (nothing new is recorded about an erased person).
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class when_a_person_is_erased_while_pages_follow_it(PrivacyFixture fixture)
{
    [Fact]
    public async Task the_private_groups_learn_it_the_public_one_does_not_the_person_still_signs_in_and_a_later_reason_is_not_kept()
    {
        var host = fixture.Host;
        var organiser = await host.Organiser();
        var movementId = await host.AMovement();
        var assemblyId = await host.AnAssembly();
        var berta = await host.ACheckedInPerson(assemblyId, movementId);
        string[] privateGroups = [$"registrations:{assemblyId}", $"movement:{movementId}", $"delegate:{berta.Id}"];
        var publicGroup = $"assembly:{assemblyId}";
        await using var console = await LiveClient.Connect(host, organiser.Token);
        foreach (var group in privateGroups) await console.Join(group);
        await using var hall = await LiveClient.Connect(host);
        var publicBefore = (await hall.Join(publicGroup, null)).Position;

        Assert.Equal(200, (await host.Erase(berta.Id, organiser)).Status);

        foreach (var group in privateGroups)
        {
            var erased = await console.WaitFor(u => u.Group == group && u.Kind == "PersonalDataErased", TimeSpan.FromSeconds(30));
            Assert.Equal(berta.Id, erased.Data.GetProperty("delegateId").GetGuid());
            Assert.Equal(["delegateId"], erased.Data.EnumerateObject().Select(p => p.Name));
        }
        // The feed logs every group of an event before sending any: the public group's log after the erasure is final.
        var publicSince = await hall.Join(publicGroup, publicBefore);
        Assert.DoesNotContain(publicSince.Updates, u => u.Kind == "PersonalDataErased");
        Assert.DoesNotContain(hall.Received, u => u.Kind == "PersonalDataErased");

        var details = await host.Get($"/api/delegates/{berta.Id}", organiser);
        Assert.Equal("accredited", details.Get<string>("status"));
        Assert.True(details.Get<bool>("personalDataErased"));
        Assert.Equal(200, (await host.CredentialLogin(berta.CredentialCode)).Status);
        Assert.Equal(200, (await host.Get($"/api/delegates/{berta.Id}", berta.Caller)).Status);

        var reason = $"Lent the badge to a cousin {Guid.NewGuid():N}";
        Assert.Equal(200, (await host.Post($"/api/delegates/{berta.Id}/revocation", new { reason }, organiser)).Status);
        var revoked = await host.Get($"/api/delegates/{berta.Id}", organiser);
        Assert.Equal("revoked", revoked.Get<string>("status"));
        Assert.Null(revoked.Body!["revocationReason"]);
        Assert.Empty(await fixture.TablesHolding(reason));
    }
}
