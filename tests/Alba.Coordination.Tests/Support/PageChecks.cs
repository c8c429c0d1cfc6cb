using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Support;

/// <summary>What browser tests do on any page: sign in through the sign-in page, check the page fits its width.</summary>
public static class PageChecks
{
    /// <summary>Signs in on /signin and waits to land on <paramref name="next"/>.</summary>
    public static async Task SignInAs(this IPage page, string email, string password, string next)
    {
        await page.GotoAsync($"/signin?next={Uri.EscapeDataString(next)}");
        await page.FillAsync("#signin-email", email);
        await page.FillAsync("#signin-password", password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(next) + "$"), new() { Timeout = 30_000 });
    }

    public static Task SignInAsOrganiser(this IPage page, string next) => page.SignInAs(AppFixture.OrganiserEmail, AppFixture.OrganiserPassword, next);

    /// <summary>
    /// Waits for a form's submission to lead to <paramref name="url"/>; when it does not, fails saying what the form
    /// showed instead (its problem and field messages), which a bare navigation timeout would not.
    /// </summary>
    public static async Task ExpectFormLeadsTo(this IPage page, string form, Regex url)
    {
        try
        {
            await Expect(page).ToHaveURLAsync(url, new() { Timeout = 30_000 });
        }
        catch (PlaywrightException timeout)
        {
            var shown = await page.Locator($"{form} [data-form-error], {form} .field-error").AllTextContentsAsync();
            Assert.Fail($"The form {form} stayed on {page.Url}, showing: [{string.Join(" | ", shown)}]. {timeout.Message}");
        }
    }

    /// <summary>No horizontal scroll at the page's width.</summary>
    public static async Task AssertFitsItsWidth(this IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width}px");
}
