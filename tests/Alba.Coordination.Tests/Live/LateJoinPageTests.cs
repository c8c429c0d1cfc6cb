using Alba.Coordination.Live;
using Alba.Coordination.Tests.Support;
using Alba.Coordination.Tests.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// A page renders from its GETs and only then joins its live group; a change committed in between must still reach it.
/// The tests hold the hub's negotiation until the change is in the live log, which makes that race happen every time.
/// </summary>
[Collection(BrowserCollection.Name)]
public class a_page_that_joins_its_group_after_a_change(BrowserFixture browser)
{
    private static readonly LocatorAssertionsToContainTextOptions SoonAfterTheJoin = new() { Timeout = 5000 };

    [Fact]
    public async Task the_statement_page_shows_a_signature_made_before_it_joined_and_leaves_a_sign_in_form_alone_when_nothing_changed()
    {
        var initiator = await browser.AMovementWithItsRepresentative();
        var cosigner = await browser.AMovementWithItsRepresentative("CO");
        var statement = await browser.Create("/api/statements", new
        {
            title = "Por la vida de los firmantes de paz", body = "Exigimos garantías.", language = "es", initiatingMovementId = initiator.MovementId,
        }, initiator.Token);
        await browser.Post($"/api/statements/{statement}/signature-opening", new { }, initiator.Token);
        var page = await browser.PhonePage();
        var join = await JoinGate.On(page);

        // Not signed in, the open statement shows a representative's sign-in form; joining late must not redraw it.
        await page.GotoAsync($"/statements/{statement}");
        await page.FillAsync("#rep-sign-in input[name=email]", initiator.Email);
        join.Release();
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");
        await page.WaitForTimeoutAsync(1500); // a replay or a second read would have redrawn the form by now
        await Expect(page.Locator("#rep-sign-in input[name=email]")).ToHaveValueAsync(initiator.Email);

        await page.FillAsync("#rep-sign-in input[name=password]", initiator.Password);
        await page.ClickAsync("#rep-sign-in button");
        await Expect(page.Locator("#signatories h2")).ToContainTextAsync("(0)");

        // Signed in, the page opens again and reads the statement; the cosigner signs before the page has joined.
        join.Hold();
        await page.ReloadAsync();
        await Expect(page.Locator("#signatories h2")).ToContainTextAsync("(0)");
        var read = await LivePosition($"/api/statements/{statement}");
        await browser.Post($"/api/statements/{statement}/signatures", new { movementId = cosigner.MovementId, revision = 1 }, cosigner.Token);
        await LoggedAfter($"/api/statements/{statement}", read);
        join.Release();

        await Expect(page.Locator("#signatories h2")).ToContainTextAsync("(1)", SoonAfterTheJoin);
        await Expect(page.Locator($"#signatories [data-movement='{cosigner.MovementId}']")).ToBeVisibleAsync();
        await browser.Screenshot(page, "statement-joined-late");
    }

    [Fact]
    public async Task the_session_page_shows_an_agenda_item_added_before_it_joined()
    {
        var organiser = await browser.OrganiserToken();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var assembly = await browser.Create("/api/assemblies", new
        {
            title = "Asamblea de los pueblos", city = "Quito", country = "EC", opensOn = today, closesOn = today.AddDays(1), capacity = 20,
            delegatesPerMovement = 5,
        }, organiser);
        var session = await browser.Create($"/api/assemblies/{assembly}/sessions", new
        {
            title = "Plenaria de cierre", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow, agenda = new[] { new { title = "Informe" } },
        }, organiser);
        await browser.Post($"/api/sessions/{session}/opening", null, organiser);
        var added = Scenarios.Unique("Varios");
        var page = await browser.LaptopPage();
        var join = await JoinGate.On(page);

        await page.GotoAsync($"/sessions/{session}");
        await Expect(page.Locator("#agenda")).ToContainTextAsync("Informe");
        var read = await LivePosition($"/api/sessions/{session}");
        await browser.Post($"/api/sessions/{session}/agenda/items", new { title = added }, organiser);
        await LoggedAfter($"/api/sessions/{session}", read);
        await Expect(page.Locator("#agenda")).Not.ToContainTextAsync(added);
        join.Release();

        await Expect(page.Locator("#agenda")).ToContainTextAsync(added, SoonAfterTheJoin);
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "connected");
        await browser.Screenshot(page, "session-joined-late");
    }

    private async Task<long> LivePosition(string path)
    {
        using var response = await browser.Http.GetAsync(path);
        return long.Parse(response.Headers.GetValues(LivePositionHeader.Name).Single());
    }

    /// <summary>Waits until the live feed has logged an update of the read's group after <paramref name="position"/>.</summary>
    private async Task LoggedAfter(string path, long position)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await LivePosition(path) <= position)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The change to {path} was not pushed within 10 s.");
            await Task.Delay(100);
        }
    }

    /// <summary>Holds the page's hub negotiation (so its connection, and with it every join) until released.</summary>
    private sealed class JoinGate
    {
        private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<JoinGate> On(IPage page)
        {
            var gate = new JoinGate();
            await page.RouteAsync("**/hubs/live/negotiate**", route =>
            {
                var open = gate._open.Task;
                // Not awaited here: the route waits while the page goes on loading.
                _ = open.ContinueWith(_ => route.ContinueAsync(), TaskScheduler.Default).Unwrap();
                return Task.CompletedTask;
            });
            return gate;
        }

        public void Release() => _open.TrySetResult();

        public void Hold() => _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
