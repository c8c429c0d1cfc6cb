using System.Net.Http.Json;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// An organiser erases an organiser's or a representative's account from the console (/console/accounts) on the person's
/// request: a reason, a confirmation naming what is erased, the outcome, and the API's refusals in the reader's language.
/// </summary>
[Collection(BrowserCollection.Name)]
public class the_console_accounts_page(BrowserFixture browser)
{
    [Fact]
    public async Task erases_an_account_after_a_reason_and_a_confirmation_and_it_can_no_longer_sign_in()
    {
        var cspBefore = browser.CspViolations.Count;
        var account = await browser.AnActiveRepresentativeAccount();
        var page = await browser.PhonePage("es-AR");
        await page.SignInAsOrganiser("/console");
        await page.ClickAsync("#accounts-link");
        var row = page.Locator($"li[data-account='{account.AccountId}']");
        await Expect(row).ToContainTextAsync(account.FullName);
        await Expect(row).ToContainTextAsync("activa");
        // The organiser's own account is listed, never offered for erasure.
        await Expect(page.Locator("#accounts-list li", new() { HasText = "su propia cuenta" }).Locator("[data-erase-account]")).ToHaveCountAsync(0);
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();

        var eraseButton = row.Locator("[data-erase-account]");
        await eraseButton.ClickAsync();
        var dialog = page.Locator("dialog.erase-dialog:visible");
        var reason = dialog.Locator("#erase-account-reason");
        await Expect(dialog.Locator("#erase-account-name")).ToContainTextAsync(account.FullName);
        await Expect(dialog).ToContainTextAsync("No se puede deshacer");
        await Expect(dialog).ToContainTextAsync("ya no podrá ingresar");
        // The dialog takes the focus; Escape closes it and gives the focus back to the button that opened it.
        await Expect(reason).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(eraseButton).ToBeFocusedAsync();
        // The rest by keyboard alone. No reason: said next to the field, in the page's language, and nothing is sent.
        await page.Keyboard.PressAsync("Enter");
        await Expect(reason).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog.Locator(".field-error")).ToHaveTextAsync("Obligatorio.");
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "accounts-erase-dialog-390");
        await reason.FocusAsync();
        await page.Keyboard.TypeAsync("Pedido de la persona por correo.");
        await page.Keyboard.PressAsync("Enter");
        await Expect(dialog).ToHaveCountAsync(0);

        // The button is gone with the erasure: the focus is on what the page says was done.
        await Expect(page.Locator("#accounts-status")).ToContainTextAsync("ya no puede ingresar");
        await Expect(page.Locator("#accounts-status")).ToBeFocusedAsync();
        await Expect(row).ToContainTextAsync("persona borrada");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("borrada");
        await Expect(row).Not.ToContainTextAsync(account.FullName);
        await Expect(row.Locator("[data-erase-account]")).ToHaveCountAsync(0);
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "accounts-erased-390");

        using var signIn = await browser.Http.PostAsJsonAsync("/api/auth/login", new { email = account.Email, password = account.Password });
        Assert.Equal(401, (int)signIn.StatusCode);
        // The API's answer for the account names nobody.
        var listed = await browser.ListedAccount(account.AccountId);
        Assert.Equal(("erased person", null, true, "erased"), (listed["fullName"]!.GetValue<string>(), listed["email"]?.GetValue<string>(),
            listed["personalDataErased"]!.GetValue<bool>(), listed["status"]!.GetValue<string>()));
        Assert.DoesNotContain(account.FullName, listed.ToJsonString());
        Assert.DoesNotContain(account.Email, listed.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Fact]
    public async Task says_in_the_readers_language_that_an_account_was_already_erased_by_someone_else()
    {
        var cspBefore = browser.CspViolations.Count;
        var account = await browser.AnActiveRepresentativeAccount();
        var page = await browser.LaptopPage("fr-FR");
        await page.SignInAsOrganiser("/console/accounts");
        var row = page.Locator($"li[data-account='{account.AccountId}']");
        await Expect(row).ToContainTextAsync(account.FullName);
        await browser.Screenshot(page, "accounts-1280");

        // Another organiser erases it while this page is open.
        await browser.Post($"/api/accounts/{account.AccountId}/erasure", new { reason = "Demande de la personne." }, await browser.OrganiserToken());
        await row.Locator("[data-erase-account]").ClickAsync();
        var dialog = page.Locator("dialog.erase-dialog:visible");
        await dialog.Locator("#erase-account-reason").FillAsync("Demande de la personne.");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog.Locator("[data-form-error]")).ToHaveTextAsync("Les données de ce compte étaient déjà effacées.");
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "accounts-refused-1280");
        await dialog.Locator("[data-cancel]").ClickAsync();
        await Expect(row.Locator("[data-erase-account]")).ToBeFocusedAsync();

        await page.ReloadAsync();
        await Expect(row).ToContainTextAsync("personne effacée");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("effacé");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }
}
