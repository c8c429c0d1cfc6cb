using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Delegates;
using Alba.Coordination.Tests.Support;
using Microsoft.Playwright;
using SkiaSharp;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Web;

/// <summary>The organisers' console in a real browser against the app as its own process.</summary>
[Collection(BrowserCollection.Name)]
public class the_console
{
    private readonly BrowserFixture browser;

    public the_console(BrowserFixture browser)
    {
        this.browser = browser;
        // The shared test machine runs several builds at once: assertions wait longer than Playwright's 5 s.
        SetDefaultExpectTimeout(20_000);
    }

    private static readonly LocatorAssertionsToHaveTextOptions Slowly = new() { Timeout = 120_000 };
    // 297 commands one after another from the browser, on a machine shared with other builds.
    private static readonly LocatorAssertionsToContainTextOptions SlowlyContains = new() { Timeout = 300_000 };

    [Fact]
    public async Task imports_a_300_row_delegation_showing_the_3_bad_rows_and_imports_nothing_new_the_second_time()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var csv = ConsoleScenarios.DelegationCsv(300, 17, 150, 301);
        var violations = browser.CspViolations.Count;
        var page = await browser.LaptopPage("pt-BR");
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}");

        await page.SelectOptionAsync("#import-movement", assembly.MovementId);
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "delegacao.csv", MimeType = "text/csv", Buffer = csv });
        await page.ClickAsync("#import-form button[type=submit]");
        await Expect(page.Locator("#import-rows tbody tr")).ToHaveCountAsync(300);
        var invalid = page.Locator("#import-rows tr[data-outcome=invalid]");
        await Expect(invalid).ToHaveCountAsync(3);
        await Expect(page.Locator("#import-rows tr[data-line='17'] [data-field=email]")).ToContainTextAsync("not-an-email");
        await Expect(page.Locator("#import-rows tr[data-line='150'] [data-field=country]")).ToBeVisibleAsync();
        await Expect(page.Locator("#import-rows tr[data-line='301'] [data-field=languages]")).ToBeVisibleAsync();
        Assert.Empty(await browser.Delegates(assembly)); // the preview wrote nothing
        await page.AssertNoSeriousViolations();

        await page.ClickAsync("#import-run");
        await Expect(page.Locator("#import-summary")).ToContainTextAsync("297 inscritas agora", SlowlyContains);
        Assert.Equal(297, (await browser.Delegates(assembly)).Count);
        await Expect(page.Locator("[data-figure=registered] b")).ToHaveTextAsync("297");
        await browser.Screenshot(page, "console-import-laptop");

        // The same file again: every row answers "already registered" and nothing is recorded.
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "delegacao.csv", MimeType = "text/csv", Buffer = csv });
        await page.ClickAsync("#import-form button[type=submit]");
        await Expect(page.Locator("#import-rows tr[data-outcome=already]")).ToHaveCountAsync(297);
        await page.ClickAsync("#import-run");
        await Expect(page.Locator("#import-summary")).ToContainTextAsync("0 inscritas agora · 297 já inscritas", SlowlyContains);
        Assert.Equal(297, (await browser.Delegates(assembly)).Count);
        Assert.Equal(violations, browser.CspViolations.Count);
    }

    [Fact]
    public async Task accredits_50_in_bulk_and_prints_their_badges_in_one_pdf_whose_qr_codes_sign_in()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var people = await browser.WithDelegates(assembly, 50, accredit: false);
        var page = await browser.LaptopPage("en-GB");
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}");
        await Expect(page.Locator("#delegates-table tbody tr")).ToHaveCountAsync(50);

        await page.CheckAsync("#select-all");
        await page.ClickAsync("[data-bulk=accredit]");
        await Expect(page.Locator("#bulk-status")).ToHaveTextAsync("50 done, 0 failed", Slowly);
        await Expect(page.Locator("#codes-count")).ToHaveTextAsync("50");
        await Expect(page.Locator("[data-figure=accredited] b")).ToHaveTextAsync("50");
        await page.AssertNoSeriousViolations();

        var downloading = page.WaitForDownloadAsync(new() { Timeout = 120_000 });
        await page.ClickAsync("#print-badges");
        await Expect(page.Locator("#bulk-status")).ToHaveTextAsync("Badges in the PDF: 50", Slowly);
        var download = await downloading;
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        using var document = PdfDocument.Open(pdf);
        Assert.Equal(BadgeSheet.Pages(50), document.NumberOfPages);
        Assert.Equal(6, document.NumberOfPages);
        var codes = new List<string>();
        foreach (var pdfPage in document.GetPages())
            foreach (var image in pdfPage.GetImages())
            {
                Assert.True(image.TryGetPng(out var png), "a badge image could not be read from the PDF");
                codes.Add(BadgeScanner.Read(png) ?? throw new Xunit.Sdk.XunitException("a badge's QR code did not decode"));
            }
        Assert.Equal(50, codes.Distinct().Count());

        var signedIn = new HashSet<string>();
        foreach (var code in codes)
        {
            using var login = await browser.Http.PostAsJsonAsync("/api/auth/credential-login", new { credentialCode = code });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            signedIn.Add(JsonNode.Parse(await login.Content.ReadAsStringAsync())!["delegateId"]!.GetValue<string>());
        }
        Assert.Equal(people.Select(p => p.Id).ToHashSet(), signedIn);
    }

    [Fact]
    public async Task keeps_20_scans_made_offline_as_waiting_and_checks_exactly_20_in_when_the_network_returns()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var people = await browser.WithDelegates(assembly, 20, accredit: true);
        var page = await browser.PhonePage("es-AR");
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}/check-in");
        await Expect(page.Locator("#checked-in")).ToHaveTextAsync("0");
        await page.AssertNoSeriousViolations();

        await page.Context.SetOfflineAsync(true);
        foreach (var person in people)
        {
            await page.FillAsync("#credential-code", person.CredentialCode);
            await page.PressAsync("#credential-code", "Enter");
        }
        await Expect(page.Locator("#waiting-count")).ToHaveTextAsync("20");
        await Expect(page.Locator("#waiting")).ToContainTextAsync("20 lecturas en espera");
        await browser.Screenshot(page, "console-check-in-offline-phone");
        await page.AssertFitsItsWidth();
        Assert.Equal(0, await browser.CheckedIn(assembly.AssemblyId));

        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#waiting-count")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await Expect(page.Locator("#checked-in")).ToHaveTextAsync("20", new() { Timeout = 10_000 });
        await Expect(page.Locator("#scans li.console-admitted")).ToHaveCountAsync(20);
        Assert.Equal(20, await browser.CheckedIn(assembly.AssemblyId));

        // A scan the desk sends twice (an answer lost on the way back) counts once.
        var repeated = new { credentialCode = people[0].CredentialCode, station = "puerta", scannedAt = DateTimeOffset.UtcNow, scanId = "twice" };
        await browser.Post($"/api/assemblies/{assembly.AssemblyId}/check-ins", repeated, assembly.Organiser);
        var again = await browser.Post($"/api/assemblies/{assembly.AssemblyId}/check-ins", repeated, assembly.Organiser);
        Assert.False(again!["changed"]!.GetValue<bool>());
        Assert.Equal(20, await browser.CheckedIn(assembly.AssemblyId));
        await browser.Screenshot(page, "console-check-in-back-online-phone");
    }

    [Fact]
    public async Task refuses_a_revoked_badge_clearly_at_the_desk()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var people = await browser.WithDelegates(assembly, 1, accredit: true);
        await browser.Post($"/api/delegates/{people[0].Id}/revocation", new { reason = "Credencial prestada" }, assembly.Organiser);
        var page = await browser.LaptopPage("fr-FR");
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}/check-in");
        await page.FillAsync("#credential-code", people[0].CredentialCode);
        await page.PressAsync("#credential-code", "Enter");
        await Expect(page.Locator("#scans li.console-refusal")).ToContainTextAsync("revoked");
        await page.AssertNoSeriousViolations();
        await browser.Screenshot(page, "console-check-in-refusal-laptop");
    }

    [Fact]
    public async Task checks_a_badge_in_from_the_camera()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration();
        var person = (await browser.WithDelegates(assembly, 1, accredit: true))[0];
        var video = Path.Combine(browser.ScreenshotDirectory, $"badge-{person.Id}.y4m");
        await File.WriteAllBytesAsync(video, Y4m(BadgePrinter.Render(new BadgeContent(person.FullName, "MST", "BR", "delegate", "Asamblea", "Buenos Aires"),
            person.CredentialCode)));

        using var playwright = await Playwright.CreateAsync();
        await using var camera = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                $"--use-file-for-fake-video-capture={video}"],
        });
        var context = await camera.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "en-GB",
        });
        await context.GrantPermissionsAsync(["camera"]);
        var page = await context.NewPageAsync();
        await page.SignInAsOrganiser($"/console/assemblies/{assembly.AssemblyId}/check-in");
        await page.ClickAsync("#camera-start");
        await Expect(page.Locator("#scans li.console-admitted")).ToContainTextAsync(person.FullName, new() { Timeout = 30_000 });
        await Expect(page.Locator("#checked-in")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await page.ClickAsync("#camera-stop");
        Assert.Equal(1, await browser.CheckedIn(assembly.AssemblyId));
    }

    [Fact]
    public async Task shows_a_representative_only_its_own_movements_delegation_and_refuses_it_another()
    {
        var representative = await browser.AMovementWithItsRepresentative("BR");
        var assembly = await browser.AnAssemblyOpenForRegistration(movementId: representative.MovementId);
        var own = await browser.WithDelegates(assembly, 2, accredit: false);
        var otherMovement = await browser.Create("/api/movements",
            new { name = Scenarios.Unique("Otro Movimiento"), country = "PY", region = "South America", sector = "peasant" }, assembly.Organiser);
        var others = await browser.WithDelegates(assembly with { MovementId = otherMovement }, 3, accredit: false);

        var page = await browser.PhonePage("pt-BR");
        await page.SignInAs(representative.Email, representative.Password, $"/console/assemblies/{assembly.AssemblyId}");
        await Expect(page.Locator("#delegates-table tbody tr")).ToHaveCountAsync(2);
        foreach (var person in own) await Expect(page.Locator("#delegates-table")).ToContainTextAsync(person.FullName);
        foreach (var person in others) await Expect(page.Locator("#delegates-table")).Not.ToContainTextAsync(person.FullName);
        await Expect(page.Locator("#register-movement option")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-bulk]")).ToHaveCountAsync(0);
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "console-assembly-representative-phone");

        var statuses = await page.EvaluateAsync<int[]>(@"async ([assemblyId, otherMovement, delegateId]) => {
            const headers = { 'Content-Type': 'application/json', Authorization: 'Bearer ' + sessionStorage.getItem('alba.token') };
            const registration = { movementId: otherMovement, fullName: 'Intrusa', email: 'intrusa@alba.test', country: 'BR', languages: ['pt'], role: 'delegate' };
            return Promise.all([
              fetch(`/api/assemblies/${assemblyId}/delegates?movementId=${otherMovement}`, { headers }),
              fetch(`/api/assemblies/${assemblyId}/registrations`, { method: 'POST', headers, body: JSON.stringify(registration) }),
              fetch(`/api/assemblies/${assemblyId}/imports/registrations`, { method: 'POST', headers, body: JSON.stringify(registration) }),
              fetch(`/api/assemblies/${assemblyId}/imports/preview`, { method: 'POST', headers, body: JSON.stringify({ movementId: otherMovement, csv: 'fullName,email,country,languages\nA,a@b.c,BR,pt' }) }),
              fetch(`/api/delegates/${delegateId}`, { headers }),
              fetch(`/api/delegates/${delegateId}/accreditation`, { method: 'POST', headers, body: JSON.stringify({ decision: 'accredit' }) }),
            ]).then(answers => answers.map(a => a.status));
          }", new object[] { assembly.AssemblyId, otherMovement, others[0].Id });
        Assert.All(statuses, status => Assert.Equal(403, status));
        Assert.Equal(5, (await browser.Delegates(assembly)).Count);
    }

    [Fact]
    public async Task console_home_convenes_an_assembly_and_every_console_page_passes_axe_at_both_sizes()
    {
        var violations = browser.CspViolations.Count;
        var page = await browser.PhonePage("en-GB");
        await page.SignInAsOrganiser("/console");
        await page.AssertNoSeriousViolations();
        await page.FillAsync("#convene-title", "IV Continental Assembly");
        await page.FillAsync("#convene-city", "Caracas");
        await page.FillAsync("#convene-country", "VE");
        await page.FillAsync("#convene-opens", "2027-03-01");
        await page.FillAsync("#convene-closes", "2027-02-27");
        await page.FillAsync("#convene-capacity", "300");
        await page.FillAsync("#convene-quota", "12");
        await page.ClickAsync("#convene-form button[type=submit]");
        await Expect(page.Locator("[data-field-error=closesOn]")).ToBeVisibleAsync(); // the API's field error, next to its input
        await page.FillAsync("#convene-closes", "2027-03-03");
        await page.ClickAsync("#convene-form button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("IV Continental Assembly");
        await page.ClickAsync("#open-registration");
        await Expect(page.Locator("#registration-state")).ToHaveTextAsync("registration open");
        await page.FillAsync("#limits-capacity", "320");
        await page.ClickAsync("#limits-form button[type=submit]");
        await Expect(page.Locator("#assembly-head")).ToContainTextAsync("Capacity 320");
        await page.AssertNoSeriousViolations();
        await page.AssertFitsItsWidth();
        await browser.Screenshot(page, "console-assembly-phone");

        var laptop = await browser.LaptopPage("es-AR");
        await laptop.SignInAsOrganiser("/console");
        await laptop.AssertNoSeriousViolations();
        await laptop.ClickAsync("#assembly-list a >> nth=0");
        await Expect(laptop.Locator("#delegates-table")).ToBeVisibleAsync();
        await laptop.AssertFitsItsWidth();
        await browser.Screenshot(laptop, "console-assembly-laptop");
        await laptop.ClickAsync("text=Mesa de acreditación en la puerta");
        await Expect(laptop.Locator("#code-form")).ToBeVisibleAsync();
        await laptop.AssertNoSeriousViolations();
        await browser.Screenshot(laptop, "console-check-in-laptop");
        Assert.Equal(violations, browser.CspViolations.Count);
    }

    /// <summary>The badge as a few frames of raw video (YUV4MPEG2, grey: luma only) for Chromium's fake camera.</summary>
    private static byte[] Y4m(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        int width = bitmap.Width & ~1, height = bitmap.Height & ~1;
        using var output = new MemoryStream();
        output.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n"));
        var luma = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = bitmap.GetPixel(x, y);
                luma[y * width + x] = (byte)(0.299 * p.Red + 0.587 * p.Green + 0.114 * p.Blue);
            }
        var chroma = Enumerable.Repeat((byte)128, width / 2 * (height / 2) * 2).ToArray();
        for (var frame = 0; frame < 5; frame++)
        {
            output.Write("FRAME\n"u8);
            output.Write(luma);
            output.Write(chroma);
        }
        return output.ToArray();
    }
}
