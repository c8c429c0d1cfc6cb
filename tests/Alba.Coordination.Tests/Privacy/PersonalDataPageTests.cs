using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Alba.Coordination.Tests.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>The console's part of personal data, in a real browser against the app as its own process.</summary>
[Collection(BrowserCollection.Name)]
public class the_consoles_personal_data
{
    private readonly BrowserFixture browser;

    public the_consoles_personal_data(BrowserFixture browser)
    {
        this.browser = browser;
        SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task an_organiser_erases_a_person_after_confirming_with_a_reason_and_downloads_what_is_held_about_another()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var people = await browser.WithDelegates(assembly, 2, accredit: false);
        var (erased, kept) = (people[0], people[1]);
        var violations = browser.CspViolations.Count;
        var page = await browser.PhonePage("es-AR");
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}");
        await Expect(page.Locator("#delegates-table tbody tr")).ToHaveCountAsync(2);

        await page.ClickAsync($"[data-erase='{erased.Id}']");
        var dialog = page.Locator("dialog.erase-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#erase-name")).ToHaveTextAsync(erased.FullName);
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "privacy-erase-dialog-phone");
        // Without a reason the page says so next to the field, before anything is sent.
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator(".field-error")).Not.ToBeEmptyAsync();
        await dialog.Locator("#erase-reason").FillAsync("Pedido de la persona por correo.");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        // The row's button went with the erasure: the focus is on the sentence saying it was done.
        await Expect(page.Locator("#bulk-status")).ToBeFocusedAsync();

        var row = page.Locator($"tr[data-delegate='{erased.Id}']");
        await Expect(row).ToContainTextAsync("persona borrada");
        await Expect(row).Not.ToContainTextAsync(erased.FullName);
        await Expect(row.Locator("[data-erase]")).ToHaveCountAsync(0);
        await Expect(page.Locator($"tr[data-delegate='{kept.Id}']")).ToContainTextAsync(kept.FullName);
        var listed = await browser.Delegates(assembly);
        Assert.True(listed.Single(d => d!["id"]!.GetValue<string>() == erased.Id)!["personalDataErased"]!.GetValue<bool>());
        await page.AssertFitsItsWidth();
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "privacy-erased-phone");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync($"[data-personal-data='{kept.Id}']"));
        Assert.Equal($"personal-data-{kept.Id}.html", download.SuggestedFilename);
        var file = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains(kept.FullName, file);
        Assert.Contains("Datos personales conservados", file);
        Assert.DoesNotContain(erased.FullName, file);
        Assert.Equal(violations, browser.CspViolations.Count);
    }

    [Fact]
    public async Task an_organiser_sets_the_date_after_which_the_assemblys_personal_data_is_erased()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var page = await browser.LaptopPage("fr-FR");
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}");
        await Expect(page.Locator("label[for=retention-until]")).ToHaveTextAsync("Conserver jusqu’au");
        await page.FillAsync("#retention-until", "2027-03-31");
        await page.ClickAsync("#retention-form button[type=submit]");
        // The end of the chosen day (UTC) is what the server records.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? until = null;
        while (until is null && DateTime.UtcNow < deadline)
        {
            var shown = JsonNode.Parse(await browser.Http.GetStringAsync($"/api/assemblies/{assembly.AssemblyId}"))!;
            until = shown["personalDataRetainedUntil"]?.GetValue<DateTimeOffset>().ToString("O");
            if (until is null) await Task.Delay(200);
        }
        Assert.Equal(new DateTimeOffset(2027, 3, 31, 23, 59, 59, TimeSpan.Zero).ToString("O"), until);
        await page.ReloadAsync();
        await Expect(page.Locator("#retention-until")).ToHaveValueAsync("2027-03-31");
        await page.AssertFitsItsWidth();
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "privacy-retention-laptop");
    }
}
