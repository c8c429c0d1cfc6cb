using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

[Collection(BrowserCollection.Name)]
public class the_assembly_page(BrowserFixture browser)
{
    [Fact]
    public async Task shows_the_assembly_its_attendance_by_country_and_its_sessions()
    {
        // Two delegates accredited and checked in, a third only registered: 3 registered, 2 accredited, 2 present, all in CL.
        var plenary = await browser.AnOpenPlenaryWithAVote(delegates: 2);
        var organiser = await browser.OrganiserToken();
        var movement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Coordinadora"), country = "CL", region = "South America", sector = "labour" }, organiser);
        await browser.Create($"/api/assemblies/{plenary.AssemblyId}/registrations", new
        {
            movementId = movement, fullName = "Inscripta Sin Acreditar", email = Scenarios.UniqueEmail("inscripta"), country = "CL",
            languages = new[] { "es" }, role = "delegate",
        }, organiser);

        var page = await browser.PhonePage();
        await page.GotoAsync($"/assemblies/{plenary.AssemblyId}");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Asamblea de prueba");
        await Expect(page.Locator("#attendance [data-figure=registered] b")).ToHaveTextAsync("3");
        await Expect(page.Locator("#attendance [data-figure=accredited] b")).ToHaveTextAsync("2");
        await Expect(page.Locator("#attendance [data-figure=checkedIn] b")).ToHaveTextAsync("2");
        await Expect(page.Locator("#attendance tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#attendance tbody tr td")).ToHaveTextAsync(["CL", "3", "2", "2"]);
        var session = page.Locator($"#sessions a[href='/sessions/{plenary.SessionId}']");
        await Expect(session).ToHaveTextAsync("Plenaria");
        await Expect(page.Locator("#sessions .badge")).ToHaveTextAsync("abierta");
        await browser.Screenshot(page, "assembly-page");
    }
}
