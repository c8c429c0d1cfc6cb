using Alba.Coordination.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>
/// Rejection and revocation reasons where organisers and the delegate's movement look at a delegation (the console's
/// assembly page), and a reason erased with its person said in the reader's language, not the server's English marker.
/// </summary>
[Collection(BrowserCollection.Name)]
public class the_reasons_given_about_delegates(BrowserFixture browser)
{
    [Theory]
    [InlineData("pt-BR", 390, "Motivo", "motivo apagado com os dados da pessoa")]
    [InlineData("en-GB", 1280, "Reason", "reason erased with the person's data")]
    public async Task show_under_their_status_and_an_erased_one_reads_erased_in_the_page_language(string locale, int width, string label, string erased)
    {
        var cspBefore = browser.CspViolations.Count;
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var people = await browser.WithDelegates(assembly, 3, accredit: false);
        var (rejected, revoked, forgotten) = (people[0], people[1], people[2]);
        var rejection = Scenarios.Unique("Sin aval del movimiento");
        var revocation = Scenarios.Unique("Credencial prestada");
        await browser.Post($"/api/delegates/{rejected.Id}/accreditation", new { decision = "reject", reason = rejection }, assembly.Organiser);
        await browser.Post($"/api/delegates/{revoked.Id}/accreditation", new { decision = "accredit" }, assembly.Organiser);
        await browser.Post($"/api/delegates/{revoked.Id}/revocation", new { reason = revocation }, assembly.Organiser);
        await browser.Post($"/api/delegates/{forgotten.Id}/accreditation", new { decision = "reject", reason = "Pedido de la persona." }, assembly.Organiser);
        await browser.Post($"/api/delegates/{forgotten.Id}/erasure", new { reason = "Pedido de la persona." }, assembly.Organiser);

        var page = width == 390 ? await browser.PhonePage(locale) : await browser.LaptopPage(locale);
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}");
        await Expect(page.Locator($"tr[data-delegate='{rejected.Id}'] [data-reason='rejection']")).ToHaveTextAsync($"{label}: {rejection}");
        await Expect(page.Locator($"tr[data-delegate='{revoked.Id}'] [data-reason='revocation']")).ToHaveTextAsync($"{label}: {revocation}");
        var erasedReason = page.Locator($"tr[data-delegate='{forgotten.Id}'] [data-reason='rejection']");
        await Expect(erasedReason).ToHaveTextAsync($"{label}: {erased}");
        await Expect(page.Locator($"tr[data-delegate='{forgotten.Id}']")).Not.ToContainTextAsync("Pedido");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, $"delegate-reasons-{width}");
        Assert.Equal(cspBefore, browser.CspViolations.Count);
    }

    [Fact]
    public async Task are_shown_to_the_delegates_movement_too()
    {
        var representative = await browser.AMovementWithItsRepresentative("BR");
        var assembly = await browser.AnAssemblyOpenForRegistration(movementId: representative.MovementId);
        var person = (await browser.WithDelegates(assembly, 1, accredit: false))[0];
        await browser.Post($"/api/delegates/{person.Id}/accreditation", new { decision = "reject", reason = "Cupo del movimiento ya cubierto." }, assembly.Organiser);

        var page = await browser.PhonePage("es-AR");
        await page.SignInAs(representative.Email, representative.Password, $"/console/assemblies/{assembly.AssemblyId}");
        await Expect(page.Locator($"tr[data-delegate='{person.Id}'] [data-reason='rejection']")).ToHaveTextAsync("Motivo: Cupo del movimiento ya cubierto.");
    }
}
