using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Web;

public sealed record InvitedAccount(string AccountId, string FullName, string Email, string Password);

/// <summary>Accounts for the console's accounts page, built through the running app's API.</summary>
public static class AccountErasureScenarios
{
    /// <summary>A movement's representative, invited and activated: an account with a name, an e-mail and a password.</summary>
    public static async Task<InvitedAccount> AnActiveRepresentativeAccount(this BrowserFixture browser)
    {
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Red de Defensoras"), country = "HN", region = "Central America", sector = "women" }, organiser);
        var fullName = Scenarios.Unique("Berta Flores");
        var email = Scenarios.UniqueEmail("cuenta");
        const string password = "a river of maize, 2026";
        var invited = await browser.Post($"/api/movements/{movement}/representatives", new { fullName, email }, organiser);
        await browser.Post($"/api/auth/invitations/{invited!["invitationCode"]!.GetValue<string>()}/acceptance", new { password }, "");
        return new InvitedAccount(invited["representativeId"]!.GetValue<string>(), fullName, email, password);
    }

    /// <summary>The account as <c>GET /api/accounts</c> lists it to an organiser.</summary>
    public static async Task<JsonNode> ListedAccount(this BrowserFixture browser, string accountId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/accounts");
        request.Headers.Authorization = new("Bearer", await browser.OrganiserToken());
        using var response = await browser.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single(a => a!["id"]!.GetValue<string>() == accountId)!;
    }
}
