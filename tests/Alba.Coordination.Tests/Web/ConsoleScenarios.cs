using System.Text;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

public sealed record ConsoleAssembly(string AssemblyId, string MovementId, string Organiser);

public sealed record AccreditedDelegate(string Id, string FullName, string CredentialCode);

/// <summary>States for the console's browser tests, built through the running app's API.</summary>
public static class ConsoleScenarios
{
    /// <summary>An assembly open for registration and one movement with room for <paramref name="places"/> delegates.</summary>
    public static async Task<ConsoleAssembly> AnAssemblyOpenForRegistration(this BrowserFixture browser, int places = 600, string? movementId = null)
    {
        var organiser = await browser.OrganiserToken();
        var movement = movementId ?? await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Movimiento Sin Tierra"), country = "BR", region = "South America", sector = "peasant" }, organiser);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var assembly = await browser.Create("/api/assemblies", new
        {
            title = Scenarios.Unique("Asamblea"), city = "Buenos Aires", country = "AR", opensOn = today, closesOn = today.AddDays(2),
            capacity = places, delegatesPerMovement = places,
        }, organiser);
        await browser.Post($"/api/assemblies/{assembly}/registration/opening", null, organiser);
        return new ConsoleAssembly(assembly, movement, organiser);
    }

    /// <summary>Registers <paramref name="count"/> delegates of the assembly's movement (accredited when asked) and answers them.</summary>
    public static async Task<IReadOnlyList<AccreditedDelegate>> WithDelegates(this BrowserFixture browser, ConsoleAssembly assembly, int count,
        bool accredit)
    {
        var people = new List<AccreditedDelegate>();
        for (var i = 0; i < count; i++)
        {
            var fullName = $"Persona {i:000} {Guid.NewGuid():N}"[..20];
            var id = await browser.Create($"/api/assemblies/{assembly.AssemblyId}/registrations", new
            {
                movementId = assembly.MovementId, fullName, email = Scenarios.UniqueEmail("persona"), country = "BR", languages = new[] { "pt" }, role = "delegate",
            }, assembly.Organiser);
            var code = accredit
                ? (await browser.Post($"/api/delegates/{id}/accreditation", new { decision = "accredit" }, assembly.Organiser))!["credentialCode"]!.GetValue<string>()
                : "";
            people.Add(new AccreditedDelegate(id, fullName, code));
        }
        return people;
    }

    /// <summary>A delegation list of <paramref name="rows"/> people; the line numbers in <paramref name="badLines"/> (header = 1) carry one mistake each.</summary>
    public static byte[] DelegationCsv(int rows, params int[] badLines)
    {
        var text = new StringBuilder("fullName;email;country;languages;role\n");
        var batch = Guid.NewGuid().ToString("N")[..8];
        for (var line = 2; line < rows + 2; line++)
        {
            var bad = Array.IndexOf(badLines, line);
            var email = bad == 0 ? "not-an-email" : $"persona{line}.{batch}@alba.test";
            var country = bad == 1 ? "Brasil" : "BR";
            var languages = bad == 2 ? "portugues" : "pt es";
            text.Append($"Persona {line} da Silva;{email};{country};{languages};delegate\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static async Task<JsonArray> Delegates(this BrowserFixture browser, ConsoleAssembly assembly)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/assemblies/{assembly.AssemblyId}/delegates");
        request.Headers.Authorization = new("Bearer", assembly.Organiser);
        using var response = await browser.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    public static async Task<int> CheckedIn(this BrowserFixture browser, string assemblyId) =>
        JsonNode.Parse(await browser.Http.GetStringAsync($"/api/assemblies/{assemblyId}/attendance"))!["checkedIn"]!.GetValue<int>();

}
