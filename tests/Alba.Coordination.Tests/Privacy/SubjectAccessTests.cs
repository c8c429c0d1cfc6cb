using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Privacy;

[Collection(PrivacyCollection.Name)]
public sealed class when_a_person_asks_what_is_held_about_them(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task the_report_has_every_fact_of_theirs_and_nothing_of_anyone_else()
    {
        var organiser = await Host.Organiser();
        var movementId = await Host.AMovement();
        var assemblyId = await Host.AnAssembly();
        var berta = await Host.ACheckedInPerson(assemblyId, movementId);
        var other = await Host.ACheckedInPerson(assemblyId, movementId);
        var sessionId = await Host.AnOpenSession(assemblyId);
        Assert.Equal(201, (await Host.Post($"/api/sessions/{sessionId}/speakers", new { }, berta.Caller)).Status);
        Assert.Equal(201, (await Host.Post($"/api/sessions/{sessionId}/speakers", new { }, other.Caller)).Status);
        Assert.Equal(200, (await Host.Post($"/api/sessions/{sessionId}/speakers/next", null, organiser)).Status);
        Assert.Equal(200, (await Host.Post($"/api/sessions/{sessionId}/speakers/current/end", null, organiser)).Status);
        // The other person does, in the same session, every kind of thing the report gathers from shared streams: none of it
        // may reach the report (each such fact would carry the other person's id).
        Assert.Equal(200, (await Host.Delete($"/api/sessions/{sessionId}/speakers/{other.Id}", other.Caller)).Status);
        var named = await Host.AMotion(sessionId, berta.Caller);
        var others = await Host.AMotion(sessionId, other.Caller);
        Assert.Equal(201, (await Host.Post($"/api/motions/{named}/amendments", new { text = "Y exige justicia." }, other.Caller)).Status);
        Assert.Equal(201, (await Host.Post($"/api/motions/{others}/amendments", new { text = "Y nombra a cada líder." }, berta.Caller)).Status);
        Assert.Equal(200, (await Host.OpenVote(named, secret: false)).Status);
        Assert.Equal(200, (await Host.Vote(named, berta.Caller, "abstain")).Status);
        Assert.Equal(200, (await Host.Vote(named, other.Caller, "no")).Status);
        var secret = await Host.AMotion(sessionId);
        Assert.Equal(200, (await Host.OpenVote(secret, secret: true)).Status);
        Assert.Equal(200, (await Host.Vote(secret, berta.Caller, "yes")).Status);
        Assert.Equal(200, (await Host.Vote(secret, other.Caller, "no")).Status);

        var own = await Host.Get($"/api/delegates/{berta.Id}/personal-data", berta.Caller);
        Assert.Equal(200, own.Status);
        Assert.True(own.Response.Headers.CacheControl?.NoStore, "a subject-access answer must not be kept by caches");
        var report = own.Body!;
        Assert.Equal(berta.FullName, report["personalData"]!["fullName"]!.GetValue<string>());
        Assert.Equal(berta.Email, report["personalData"]!["email"]!.GetValue<string>());
        Assert.Equal(movementId.ToString(), report["registration"]!["movementId"]!.GetValue<string>());
        var facts = report["facts"]!.AsArray().Select(f => f!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["DelegateRegistered", "DelegateAccredited", "DelegateCheckedIn", "FloorRequested", "FloorGiven", "SpeakingTurnEnded", "MotionTabled",
            "AmendmentProposed", "BallotCast", "VoterParticipated"], facts);
        var amendment = report["facts"]!.AsArray().Single(f => f!["type"]!.GetValue<string>() == "AmendmentProposed")!;
        Assert.Equal(others.ToString(), amendment["streamId"]!.GetValue<string>());
        var ballot = report["facts"]!.AsArray().Single(f => f!["type"]!.GetValue<string>() == "BallotCast")!;
        Assert.Equal("abstain", ballot["details"]!["choice"]!.GetValue<string>());
        // The secret vote: that the person took part, never how.
        var participation = report["facts"]!.AsArray().Single(f => f!["type"]!.GetValue<string>() == "VoterParticipated")!;
        Assert.DoesNotContain("yes", participation.ToJsonString());

        var text = report.ToJsonString();
        Assert.DoesNotContain(other.Id.ToString(), text);
        Assert.DoesNotContain(other.FullName, text);
        Assert.DoesNotContain(other.Email, text);

        // An organiser on the person's behalf gets the same; nobody else gets anything.
        Assert.Equal(200, (await Host.Get($"/api/delegates/{berta.Id}/personal-data", organiser)).Status);
        Assert.Equal(403, (await Host.Get($"/api/delegates/{berta.Id}/personal-data", other.Caller)).Status);
        Assert.Equal(403, (await Host.Get($"/api/delegates/{berta.Id}/personal-data", await Host.ARepresentativeOf(movementId))).Status);
        Assert.Equal(401, (await Host.Get($"/api/delegates/{berta.Id}/personal-data")).Status);
        Assert.Equal(404, (await Host.Get($"/api/delegates/{Guid.CreateVersion7()}/personal-data", organiser)).Status);

        // The readable form, in the language asked for.
        using var client = Host.Client(berta.Caller);
        var page = await client.GetAsync($"/api/delegates/{berta.Id}/personal-data?format=html&lang=pt");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.CacheControl?.NoStore, "the readable form must not be kept by caches either");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(berta.FullName, html);
        Assert.Contains("Dados pessoais mantidos", html);
        Assert.Contains("BallotCast", html);
        Assert.DoesNotContain(other.FullName, html);
        // Asked for by the browser's Accept header instead of ?format=html.
        using var browserLike = new HttpRequestMessage(HttpMethod.Get, $"/api/delegates/{berta.Id}/personal-data");
        browserLike.Headers.Accept.ParseAdd("text/html");
        using var byAccept = await client.SendAsync(browserLike);
        Assert.Equal("text/html", byAccept.Content.Headers.ContentType?.MediaType);

        // After the erasure the report still lists the facts, the person as erased.
        Assert.Equal(200, (await Host.Erase(berta.Id, organiser)).Status);
        var afterwards = (await Host.Get($"/api/delegates/{berta.Id}/personal-data", organiser)).Body!;
        Assert.True(afterwards["personalData"]!["erased"]!.GetValue<bool>());
        Assert.Equal("erased person", afterwards["personalData"]!["fullName"]!.GetValue<string>());
        Assert.Equal("PersonalDataErased", afterwards["facts"]!.AsArray().Last()!["type"]!.GetValue<string>());
    }
}
