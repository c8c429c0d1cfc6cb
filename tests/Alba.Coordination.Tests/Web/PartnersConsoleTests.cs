using System.Text.RegularExpressions;
using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Partners;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// The organisers' partners console in a real browser, against a loopback receiver. The shared browser app runs with the
/// default delivery settings (first retry after 5 s, 8 attempts), so a failing delivery is seen pending with its error,
/// not yet a dead letter.
/// </summary>
[Collection(BrowserCollection.Name)]
public class the_partners_console
{
    private readonly BrowserFixture browser;

    public the_partners_console(BrowserFixture browser)
    {
        this.browser = browser;
        // The shared test machine runs several builds at once: assertions wait longer than Playwright's 5 s.
        SetDefaultExpectTimeout(20_000);
    }

    // The page reads deliveries again every 5 s; the delivery itself is made by the app in the background.
    private static readonly LocatorAssertionsToContainTextOptions Slowly = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions SlowlyVisible = new() { Timeout = 60_000 };

    [Fact]
    public async Task registers_a_partner_showing_its_secret_once_lists_its_failing_delivery_and_replays_it_once_the_receiver_recovers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (500, TimeSpan.Zero);
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Coordinadora"), country = "BO", region = "Andes", sector = "indigenous" }, organiser);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var call = await browser.Create("/api/mobilisations", new
        {
            title = Scenarios.Unique("Paro"), callText = "A las calles.", language = "es", startsOn = today, endsOn = today.AddDays(1),
            countries = new[] { "BO" }, convenedBy = new[] { movement },
        }, organiser);
        var violations = browser.CspViolations.Count;
        var page = await browser.PhonePage("en-GB");
        await page.SignInAsOrganiser("/console");
        // The page asks the API for the kinds a partner may ask for.
        var kindsAnswer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#partners-link"),
            response => response.Url.EndsWith("/api/partners/kinds", StringComparison.Ordinal));
        await Expect(page).ToHaveURLAsync(new Regex("/console/partners$"));
        Assert.Equal(200, kindsAnswer.Status);

        // The form offers the kinds the API serves, in its order, each named in the page's language.
        var served = (await kindsAnswer.JsonAsync())!.Value.EnumerateArray().Select(kind => kind.GetString()!).ToArray();
        Assert.Contains("ActionRegistered", served);
        var offered = await page.Locator("#partner-form [name=kinds]").EvaluateAllAsync<string[]>("boxes => boxes.map(box => box.value)");
        Assert.Equal(served, offered);
        await AssertEveryKindIsNamedInEachLanguage(page, served);

        // A filter the server refuses: the reason stands next to its input.
        var name = Scenarios.Unique("Radio Comunitaria");
        await page.FillAsync("#partner-name", name);
        await page.FillAsync("#partner-url", receiver.Url);
        await page.CheckAsync("#partner-form [name=kinds][value=ActionRegistered]");
        await page.FillAsync("#partner-mobilisation", call);
        await page.FillAsync("#partner-countries", "Bolivia");
        await page.ClickAsync("#partner-form button[type=submit]");
        await Expect(page.Locator("#partner-form [data-field-error='filter.countries']")).ToContainTextAsync("BOLIVIA");
        await Expect(page.Locator("#partner-secret")).ToBeHiddenAsync();

        await page.FillAsync("#partner-countries", "bo");
        await page.ClickAsync("#partner-form button[type=submit]");
        await Expect(page.Locator("#partner-secret")).ToContainTextAsync("will not be shown again");
        var secret = await page.InputValueAsync("#partner-secret-value");
        Assert.StartsWith("whsec_", secret);
        var row = page.Locator("#partners-table tr[data-partner]", new() { HasText = name });
        await Expect(row).ToContainTextAsync("Action registered");
        await Expect(row).ToContainTextAsync("BO");
        var partner = (await row.GetAttributeAsync("data-partner"))!;
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "partners-secret-phone");

        // Once: opened again, the page has no secret to show (the server never answers it again).
        await page.ReloadAsync();
        await Expect(row).ToBeVisibleAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await Expect(page.Locator("#partner-secret")).ToBeHiddenAsync();

        // A public event of that call becomes a delivery, which the receiver refuses.
        await browser.Create($"/api/mobilisations/{call}/actions", new
        {
            city = "El Alto", country = "BO", kind = "march", startsAt = DateTimeOffset.UtcNow.AddHours(-1), organisingMovementId = movement,
        }, organiser);
        await row.Locator("[data-deliveries]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#deliveries-heading")).ToBeFocusedAsync();
        var pending = page.Locator("#deliveries-table tr[data-status=pending]");
        await Expect(pending.Locator("[data-error]")).ToContainTextAsync("The partner answered 500.", Slowly);
        await Expect(pending).ToContainTextAsync("ActionRegistered");
        await Expect(row.Locator("[data-count=pending]")).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        var position = (await pending.GetAttributeAsync("data-position"))!;
        await Expect(page.Locator("#replay-after")).ToHaveValueAsync("0"); // no dead letter: from the start
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "partners-pending-phone");

        // Dead letters only: there is none yet.
        await page.SelectOptionAsync("#delivery-status", "failed");
        await Expect(page.Locator("#deliveries-table tbody")).ToContainTextAsync("No deliveries.");
        await page.SelectOptionAsync("#delivery-status", "");
        await Expect(pending).ToBeVisibleAsync();

        // The receiver recovers; the replay queues the delivery again and it is delivered with its id unchanged.
        receiver.Answer = _ => (200, TimeSpan.Zero);
        await page.ClickAsync("#replay-form button[type=submit]");
        await Expect(page.Locator("#replay-done")).ToHaveTextAsync("Queued again, after position 0: 1.");
        var delivered = page.Locator($"#deliveries-table tr[data-position='{position}'][data-status=delivered]");
        await Expect(delivered).ToBeVisibleAsync(SlowlyVisible);
        await Expect(row.Locator("[data-count=pending]")).ToHaveTextAsync("0", new() { Timeout = 60_000 });
        var accepted = await receiver.WaitForAccepted(1, TimeSpan.FromSeconds(10));
        Assert.NotEmpty(accepted);
        // The scheduled retry may have delivered it just before the replay sent it again: the same id either way.
        Assert.All(accepted, delivery => Assert.Equal(PartnerDelivery.IdOf(Guid.Parse(partner), long.Parse(position)), delivery.Id));
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "partners-delivered-phone");

        await page.SetViewportSizeAsync(1280, 800);
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "partners-delivered-laptop");
        Assert.Equal(violations, browser.CspViolations.Count);
    }

    /// <summary>
    /// Each kind has a label of its own in es, en, pt and fr: a missing one would show the kind's code name, or fall
    /// back to the Spanish label, so the four labels of a kind must be four different words.
    /// </summary>
    private static async Task AssertEveryKindIsNamedInEachLanguage(IPage page, string[] kinds)
    {
        var labels = new Dictionary<string, string[]>();
        foreach (var language in new[] { "es", "pt", "fr", "en" })
        {
            // The page is drawn anew in the chosen language: wait for a form that is not the one marked before.
            await page.EvalOnSelectorAsync("#partner-form", "form => form.dataset.drawnBefore = 'yes'");
            await page.SelectOptionAsync("#lang", language);
            var form = page.Locator("#partner-form:not([data-drawn-before])");
            await Expect(form.Locator("[name=kinds]")).ToHaveCountAsync(kinds.Length);
            labels[language] = (await form.Locator("[data-kind-label]").AllInnerTextsAsync()).ToArray();
        }
        for (var i = 0; i < kinds.Length; i++)
        {
            var named = labels.Values.Select(texts => texts[i]).ToArray();
            Assert.All(named, label => Assert.NotEqual(kinds[i], label));
            Assert.True(named.Distinct().Count() == 4, $"{kinds[i]} is named {string.Join(" / ", named)} in es, pt, fr, en.");
        }
    }
}
