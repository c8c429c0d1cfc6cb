using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// A token ended while its page is open (here: the delegate's badge reissued) is refused even on public reads, which still
/// answer as to anyone but say <c>WWW-Authenticate: Bearer error="invalid_token"</c>: the page asks to sign in again.
/// </summary>
[Collection(BrowserCollection.Name)]
public class a_page_whose_sign_in_has_ended(BrowserFixture browser)
{
    [Fact]
    public async Task asks_for_the_new_badge_code_on_its_next_public_read()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 1);
        var organiser = await browser.OrganiserToken();
        var holder = plenary.Delegates[0];
        var violations = browser.CspViolations.Count;
        var page = await browser.PhonePage("en-GB");
        await page.GotoAsync($"/sessions/{plenary.SessionId}");
        await page.FillAsync("#sign-in input[name=code]", holder.CredentialCode);
        await page.ClickAsync("#sign-in button");
        await Expect(page.Locator("#ask-floor")).ToBeVisibleAsync();

        var reissued = await browser.Post($"/api/delegates/{holder.Id}/credential", null, organiser);
        using var publicRead = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{plenary.SessionId}");
        publicRead.Headers.Authorization = new("Bearer", holder.Token);
        using var answer = await browser.Http.SendAsync(publicRead);
        Assert.Equal((200, AuthenticationSetup.InvalidTokenChallenge), ((int)answer.StatusCode, answer.Headers.WwwAuthenticate.ToString()));

        // Any change to the session makes the page read it again, with the ended token.
        await browser.Post($"/api/sessions/{plenary.SessionId}/agenda/items", new { title = Scenarios.Unique("Punto") }, organiser);
        var dialog = page.Locator("dialog.sign-in-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "ended-sign-in-dialog");
        await dialog.Locator("input[name=code]").FillAsync(reissued!["credentialCode"]!.GetValue<string>());
        await dialog.Locator("button[type=submit]").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#ask-floor")).ToBeVisibleAsync();
        Assert.Equal(violations, browser.CspViolations.Count);
    }
}
