using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Support;
using Marten;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// A delegate who registered, was accredited, checked in, spoke and voted (named and secret) is erased: nothing in the
/// database or the log holds the name or e-mail in clear, every view shows an erased person, and the counts, tallies and
/// the secret vote's board still verify, before and after a rebuild.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class when_a_person_who_spoke_and_voted_is_erased(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task nothing_holds_the_name_or_email_and_every_record_still_adds_up()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var assemblyId = await Host.AnAssembly();
        var berta = await Host.ACheckedInPerson(assemblyId, movementId);
        var other = await Host.ACheckedInPerson(assemblyId, movementId);

        // Speaks, votes in a named vote and in a secret one.
        var sessionId = await Host.AnOpenSession(assemblyId);
        Assert.Equal(201, (await Host.Post($"/api/sessions/{sessionId}/speakers", new { }, berta.Caller)).Status);
        Assert.Equal(200, (await Host.Post($"/api/sessions/{sessionId}/speakers/next", null, organiser)).Status);
        Assert.Equal(200, (await Host.Post($"/api/sessions/{sessionId}/speakers/current/end", null, organiser)).Status);
        // Asks again: the hall's list names the person until the erasure.
        Assert.Equal(201, (await Host.Post($"/api/sessions/{sessionId}/speakers", new { }, berta.Caller)).Status);
        var named = await Host.AMotion(sessionId, berta.Caller);
        Assert.Equal(200, (await Host.OpenVote(named, secret: false)).Status);
        Assert.Equal(200, (await Host.Vote(named, berta.Caller, "yes")).Status);
        Assert.Equal(200, (await Host.Vote(named, other.Caller, "no")).Status);
        Assert.Equal(200, (await Host.CloseVote(named)).Status);
        var secret = await Host.AMotion(sessionId);
        Assert.Equal(200, (await Host.OpenVote(secret, secret: true)).Status);
        Assert.Equal(200, (await Host.Vote(secret, berta.Caller, "yes")).Status);
        Assert.Equal(200, (await Host.Vote(secret, other.Caller, "yes")).Status);
        Assert.Equal(200, (await Host.CloseVote(secret)).Status);
        // A note about the person, written by an organiser: readable until the erasure, like the name.
        var revocationReason = $"Lent the credential to a cousin {Guid.NewGuid():N}";
        Assert.Equal(200, (await Host.Post($"/api/delegates/{berta.Id}/revocation", new { reason = revocationReason }, organiser)).Status);

        var shown = await Host.Get($"/api/delegates/{berta.Id}", organiser);
        Assert.Equal(berta.FullName, shown.Get<string>("fullName"));
        Assert.Equal(berta.Email, shown.Get<string>("email"));
        Assert.Equal(revocationReason, shown.Get<string>("revocationReason"));
        var attendance = (await Host.Get($"/api/assemblies/{assemblyId}/attendance")).Body!.ToJsonString();
        var namedResult = (await Host.Get($"/api/motions/{named}")).Body!["vote"]!.ToJsonString();
        var secretResult = (await Host.Get($"/api/motions/{secret}")).Body!["vote"]!.ToJsonString();

        Assert.Equal(400, (await Host.Erase(berta.Id, organiser, reason: " ")).Status);
        // Another delegate (the revocation ended the person's own sign-in).
        Assert.Equal(403, (await Host.Erase(berta.Id, other.Caller)).Status);
        Assert.Equal(404, (await Host.Erase(Guid.CreateVersion7(), organiser)).Status);
        var erased = await Host.Erase(berta.Id, organiser);
        Assert.Equal(200, erased.Status);
        Assert.Equal(409, (await Host.Erase(berta.Id, organiser)).Status);

        // Nowhere in clear: every table (events, documents, Wolverine's), every log line.
        Assert.Empty(await fixture.TablesHolding(berta.FullName));
        Assert.Empty(await fixture.TablesHolding(berta.Email));
        Assert.Empty(await fixture.TablesHolding(revocationReason));
        Assert.DoesNotContain(fixture.Logs.Lines, line => line.Contains(berta.FullName) || line.Contains(berta.Email, StringComparison.OrdinalIgnoreCase)
            || line.Contains(revocationReason));
        // The scan does find what is stored in clear (the scanner is not blind).
        var movementName = (await Host.Get($"/api/movements/{movementId}")).Get<string>("name");
        Assert.NotEmpty(await fixture.TablesHolding(movementName));

        // Every view shows an erased person; the other delegate is untouched.
        await AssertErasedEverywhere(berta, other, organiser, assemblyId);
        var waiting = (await Host.Get($"/api/sessions/{sessionId}")).Body!["queue"]!.AsArray().Single()!;
        Assert.Equal("erased person", waiting["fullName"]!.GetValue<string>());
        Assert.True(waiting["personalDataErased"]!.GetValue<bool>());
        Assert.Equal(attendance, (await Host.Get($"/api/assemblies/{assemblyId}/attendance")).Body!.ToJsonString());
        Assert.Equal(namedResult, (await Host.Get($"/api/motions/{named}")).Body!["vote"]!.ToJsonString());
        Assert.Equal(secretResult, (await Host.Get($"/api/motions/{secret}")).Body!["vote"]!.ToJsonString());
        await AssertVoteVerifies(secret);
        var history = (await Host.Get($"/api/delegates/{berta.Id}/history", organiser)).Body!.AsArray();
        Assert.Equal("PersonalDataErased", history.Last()!["type"]!.GetValue<string>());
        Assert.Equal("erased", history.Single(e => e!["type"]!.GetValue<string>() == "DelegateRevoked")!["details"]!["reason"]!.GetValue<string>());

        // Rebuilt from the events: the same views, still an erased person.
        var before = await ViewsAsJson(berta, other, organiser, assemblyId);
        using (var daemon = await Host.Store().BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<DelegateViewProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<AssemblyViewProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<DelegateCredentialProjection>(CancellationToken.None);
        }
        Assert.Equal(before, await ViewsAsJson(berta, other, organiser, assemblyId));
        await AssertErasedEverywhere(berta, other, organiser, assemblyId);
        await AssertVoteVerifies(secret);

        // Nothing derived from the e-mail is left (its blind index went with the key): it registers again, as a new person.
        var again = await Host.Register(assemblyId, DelegatesScenarios.RegistrationBody(movementId, email: berta.Email), organiser);
        Assert.Equal(201, again.Status);
        Assert.NotEqual(berta.Id, again.Id("delegateId"));
    }

    private async Task AssertErasedEverywhere(Person erased, Person kept, Caller organiser, Guid assemblyId)
    {
        var details = (await Host.Get($"/api/delegates/{erased.Id}", organiser)).Body!;
        Assert.Equal("erased person", details["fullName"]!.GetValue<string>());
        Assert.Null(details["email"]);
        Assert.True(details["personalDataErased"]!.GetValue<bool>());
        Assert.Equal("revoked", details["status"]!.GetValue<string>());
        Assert.Equal("erased", details["revocationReason"]!.GetValue<string>());
        Assert.NotNull(details["checkedInAt"]);

        var list = (await Host.Get($"/api/assemblies/{assemblyId}/delegates", organiser)).Body!.AsArray();
        var row = list.Single(d => d!["id"]!.GetValue<string>() == erased.Id.ToString())!;
        Assert.Equal("erased person", row["fullName"]!.GetValue<string>());
        Assert.True(row["personalDataErased"]!.GetValue<bool>());
        Assert.Equal(kept.FullName, list.Single(d => d!["id"]!.GetValue<string>() == kept.Id.ToString())!["fullName"]!.GetValue<string>());

        var csv = await Host.Client(organiser).GetStringAsync($"/api/assemblies/{assemblyId}/delegates.csv");
        Assert.Contains("erased person", csv);
        Assert.DoesNotContain(erased.FullName, csv);
        Assert.Contains(kept.FullName, csv);
    }

    private async Task AssertVoteVerifies(Guid motionId)
    {
        await using var session = Host.Store().QuerySession();
        Assert.Empty((await VerifyCommand.FaultsAsync(session, VerifiedRecord.Vote, motionId))!);
    }

    private async Task<string> ViewsAsJson(Person erased, Person kept, Caller organiser, Guid assemblyId)
    {
        var parts = new List<string>();
        foreach (var path in new[]
                 {
                     $"/api/delegates/{erased.Id}", $"/api/delegates/{kept.Id}", $"/api/assemblies/{assemblyId}/delegates",
                     $"/api/assemblies/{assemblyId}/attendance", $"/api/assemblies/{assemblyId}",
                 })
            parts.Add((await Host.Get(path, organiser)).Body!.ToJsonString());
        return string.Join('\n', parts);
    }
}
