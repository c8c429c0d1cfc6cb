using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>What every page shares: the headers it is served with, sign-in, and signing in again.</summary>
[Collection(BrowserCollection.Name)]
public class the_app_shell(BrowserFixture browser)
{
    [Fact]
    public async Task is_served_with_a_strict_content_security_policy_and_no_server_banner()
    {
        foreach (var path in new[] { "/", "/sessions/0190c0de-0000-7000-8000-000000000000", "/api/assemblies" })
        {
            using var response = await browser.Http.GetAsync(path);
            var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join("", response.Headers.GetValues("Referrer-Policy")));
            Assert.False(response.Headers.Contains("Server"), $"{path} names its server");
        }
    }

    [Fact]
    public async Task pages_run_under_that_policy_without_a_single_refusal_and_pass_axe()
    {
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 1);
        var page = await browser.PhonePage();
        var before = browser.CspViolations.Count;
        foreach (var path in new[] { "/", $"/assemblies/{plenary.AssemblyId}", $"/sessions/{plenary.SessionId}", "/signin" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("#page h1")).ToBeVisibleAsync();
            await page.AssertNoSeriousViolations();
        }
        Assert.Empty(browser.CspViolations.Skip(before));
    }

    [Fact]
    public async Task the_accessibility_check_catches_a_serious_violation()
    {
        var page = await browser.PhonePage();
        await page.GotoAsync("/");
        await Expect(page.Locator("#page h1")).ToBeVisibleAsync();
        // A button with no name at all: axe calls that critical.
        await page.EvaluateAsync("() => document.getElementById('page').append(document.createElement('button'))");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => page.AssertNoSeriousViolations());
        Assert.Contains("button-name", failure.Message);
    }

    [Fact]
    public async Task signs_an_organiser_in_and_says_why_when_the_password_is_wrong()
    {
        var page = await browser.PhonePage("en-GB");
        await page.GotoAsync("/signin");
        await page.FillAsync("#signin-email", AppFixture.OrganiserEmail);
        await page.FillAsync("#signin-password", "not-the-password");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Expect(page.Locator("#sign-in-form [data-form-error]")).Not.ToBeEmptyAsync();
        Assert.EndsWith("/signin", page.Url);

        await page.FillAsync("#signin-password", AppFixture.OrganiserPassword);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        // Once in CI no navigation came within 30 s: should it happen again, the failure says what the form showed.
        await page.ExpectFormLeadsTo("#sign-in-form", new Regex("/console$"));
        await Expect(page.Locator("#account")).ToContainTextAsync("organiser");
        await browser.Screenshot(page, "shell-signed-in");
    }

    [Fact]
    public async Task asks_to_sign_in_again_when_the_token_has_ended_and_repeats_what_was_asked()
    {
        var representative = await browser.AMovementWithItsRepresentative();
        var statement = await browser.Create("/api/statements", new
        {
            title = "Borrador", body = "Primera versión.", language = "es", initiatingMovementId = representative.MovementId,
        }, representative.Token);
        var page = await browser.PhonePage("en-GB");
        await page.GotoAsync("/signin");
        await page.FillAsync("#signin-email", representative.Email);
        await page.FillAsync("#signin-password", representative.Password);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.ExpectFormLeadsTo("#sign-in-form", new Regex("/movement$"));

        await page.GotoAsync($"/statements/{statement}");
        await Expect(page.Locator("#page h1")).ToContainTextAsync("Borrador");
        // The tab's sign-in expires: the next request asks for a new one before it is sent.
        await page.EvaluateAsync("""
            () => {
              const account = JSON.parse(sessionStorage.getItem('alba.account'));
              sessionStorage.setItem('alba.account', JSON.stringify({ ...account, expiresAt: new Date(Date.now() - 1000).toISOString() }));
            }
            """);
        await browser.Post($"/api/statements/{statement}/revisions", new { body = "Segunda versión.", note = "más claro", baseRevision = 1 }, representative.Token);

        var dialog = page.Locator("dialog.sign-in-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("input[name=email]")).ToHaveValueAsync(representative.Email);
        await dialog.Locator("input[name=password]").FillAsync(representative.Password);
        await browser.Screenshot(page, "shell-sign-in-again");
        await dialog.Locator("button[type=submit]").ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.Locator("#page")).ToContainTextAsync("Segunda versión.");
    }
}
