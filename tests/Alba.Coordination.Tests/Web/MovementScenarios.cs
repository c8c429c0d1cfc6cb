using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

public sealed record LocalActionOfACall(string MobilisationId, string ActionId);

/// <summary>States and steps for the movements' workspace pages, built through the running app's API and sign-in page.</summary>
public static class MovementScenarios
{
    /// <summary>Another representative of the same movement, invited, activated and signed in.</summary>
    public static async Task<Representative> AnotherRepresentativeOf(this BrowserFixture browser, Representative colleague)
    {
        var organiser = await browser.OrganiserToken();
        var email = Scenarios.UniqueEmail("rep2");
        const string password = "second-representative-pass";
        var invited = await browser.Post($"/api/movements/{colleague.MovementId}/representatives", new { fullName = "Segunda Representante", email }, organiser);
        await browser.Post($"/api/auth/invitations/{invited!["invitationCode"]!.GetValue<string>()}/acceptance", new { password }, "");
        var token = (await browser.Post("/api/auth/login", new { email, password }, ""))!["accessToken"]!.GetValue<string>();
        return new Representative(colleague.MovementId, email, password, token);
    }

    /// <summary>A draft of the representative's movement, three paragraphs long, at revision 1.</summary>
    public static Task<string> ADraftStatementOf(this BrowserFixture browser, Representative initiator) =>
        browser.Create("/api/statements", new
        {
            title = Scenarios.Unique("Contra la masacre"), language = "es", initiatingMovementId = initiator.MovementId,
            body = "Denunciamos la masacre de Barinas.\n\nExigimos justicia para las familias.\n\nConvocamos a la solidaridad continental.",
        }, initiator.Token);

    /// <summary>A call convened by the representative's movement (today and tomorrow) with one local march of it starting now.</summary>
    public static async Task<LocalActionOfACall> ALocalActionOf(this BrowserFixture browser, Representative organising, string country = "VE")
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var call = await browser.Create("/api/mobilisations", new
        {
            title = Scenarios.Unique("Jornada continental"), callText = "A las calles.", language = "es", startsOn = today, endsOn = today.AddDays(1),
            countries = new[] { country }, convenedBy = new[] { organising.MovementId },
        }, organising.Token);
        var action = await browser.Create($"/api/mobilisations/{call}/actions", new
        {
            city = "Caracas", country, kind = "march", startsAt = DateTimeOffset.UtcNow, organisingMovementId = organising.MovementId,
        }, organising.Token);
        return new LocalActionOfACall(call, action);
    }

    /// <summary>Signs the representative in through the sign-in page, which then opens <paramref name="path"/>.</summary>
    public static async Task SignInAt(this IPage page, Representative representative, string path)
    {
        await page.SignInAs(representative.Email, representative.Password, path);
        await Expect(page.Locator("#page h1")).ToBeVisibleAsync();
    }

    /// <summary>GETs a JSON answer as the given caller, failing the test on an error status.</summary>
    public static async Task<T> GetFromJsonWithToken<T>(this HttpClient http, string path, string token) where T : JsonNode
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return (T)JsonNode.Parse(text)!;
    }

}
