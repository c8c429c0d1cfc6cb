using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Web;

public sealed record PlenaryDelegate(string Id, string FullName, string CredentialCode, string Token);

/// <summary>An open plenary with a secret vote; <c>TellerShares</c> is what the opening answered, for the closing.</summary>
public sealed record Plenary(string AssemblyId, string SessionId, string MotionId, IReadOnlyList<PlenaryDelegate> Delegates, JsonNode TellerShares);

public sealed record Representative(string MovementId, string Email, string Password, string Token);

/// <summary>States for the browser tests, built through the running app's public API.</summary>
public static class WebScenarios
{
    /// <summary>A new movement and its representative, invited, activated and signed in.</summary>
    public static async Task<Representative> AMovementWithItsRepresentative(this BrowserFixture browser, string country = "VE")
    {
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Frente Campesino"), country, region = "Caribbean", sector = "peasant" }, organiser);
        var email = Scenarios.UniqueEmail("rep");
        const string password = "representative-pass";
        var invited = await browser.Post($"/api/movements/{movement}/representatives", new { fullName = "Rep Resentante", email }, organiser);
        await browser.Post($"/api/auth/invitations/{invited!["invitationCode"]!.GetValue<string>()}/acceptance", new { password }, "");
        var token = (await browser.Post("/api/auth/login", new { email, password }, ""))!["accessToken"]!.GetValue<string>();
        return new Representative(movement, email, password, token);
    }

    /// <summary>An open plenary with accredited, checked-in delegates and a motion under a secret vote.</summary>
    public static async Task<Plenary> AnOpenPlenaryWithAVote(this BrowserFixture browser, int delegates = 3)
    {
        var organiser = await browser.OrganiserToken();
        var (assembly, people) = await browser.AnAssemblyWithPresentDelegates(delegates);
        var session = await browser.Create($"/api/assemblies/{assembly}/sessions", new
        {
            title = "Plenaria", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow, agenda = new[] { new { title = "Informe" }, new { title = "Votación" } },
        }, organiser);
        await browser.Post($"/api/sessions/{session}/opening", null, organiser);
        var motion = await browser.Create($"/api/sessions/{session}/motions", new { title = "Moción de solidaridad", text = "Nos solidarizamos." }, organiser);
        var opened = await browser.Post($"/api/motions/{motion}/vote", new { secret = true, majority = "simple", quorum = 1 }, organiser);
        return new Plenary(assembly, session, motion, people, opened!["tellerShares"]!.DeepClone());
    }

    /// <summary>An assembly whose <paramref name="delegates"/> delegates are accredited, checked in and signed in with their badges.</summary>
    public static async Task<(string AssemblyId, IReadOnlyList<PlenaryDelegate> Delegates)> AnAssemblyWithPresentDelegates(this BrowserFixture browser,
        int delegates)
    {
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Movimiento de Pobladores"), country = "CL", region = "South America", sector = "housing" }, organiser);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var assembly = await browser.Create("/api/assemblies", new
        {
            title = "Asamblea de prueba", city = "Santiago", country = "CL", opensOn = today, closesOn = today.AddDays(2), capacity = 50, delegatesPerMovement = 50,
        }, organiser);
        await browser.Post($"/api/assemblies/{assembly}/registration/opening", null, organiser);

        var people = new List<PlenaryDelegate>();
        for (var i = 0; i < delegates; i++)
        {
            var fullName = $"Delegada {i} {Guid.NewGuid():N}"[..20];
            var id = await browser.Create($"/api/assemblies/{assembly}/registrations", new
            {
                movementId = movement, fullName, email = Scenarios.UniqueEmail("delegada"), country = "CL", languages = new[] { "es" }, role = "delegate",
            }, organiser);
            var code = (await browser.Post($"/api/delegates/{id}/accreditation", new { decision = "accredit" }, organiser))!["credentialCode"]!.GetValue<string>();
            await browser.Post($"/api/delegates/{id}/check-ins", new { station = "puerta", scannedAt = DateTimeOffset.UtcNow, scanId = $"scan-{id}" }, organiser);
            var token = (await browser.Post("/api/auth/credential-login", new { credentialCode = code }, ""))!["accessToken"]!.GetValue<string>();
            people.Add(new PlenaryDelegate(id, fullName, code, token));
        }
        return (assembly, people);
    }
}
