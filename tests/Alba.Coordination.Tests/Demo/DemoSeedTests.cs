using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Demo;

/// <summary>
/// The README's first command runs the system with demo data: the seeder fills an empty database through the public API and
/// logs a failure instead of stopping the app, so only a run of it shows that the demo the docs describe is there. The
/// numbers are worked from the seed's rules by hand (docs/delegates.md, statements.md, mobilisations.md).
/// </summary>
public class the_demo_data
{
    [Fact]
    public async Task is_the_assembly_the_statements_and_the_calls_the_docs_describe()
    {
        var database = await TestDatabase.FreshConnectionStringAsync("demo");
        await using var app = await AppProcess.StartAsync(database, new Dictionary<string, string> { ["Alba__Demo"] = "true" });
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!app.Output.Any(line => line.Contains("Demo data ready")))
        {
            Assert.DoesNotContain(app.Output, line => line.Contains("Demo data could not be seeded"));
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(4), "The demo data was not ready within 4 minutes.");
            await Task.Delay(500);
        }
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        // As the secretariat, who sees the open statement too (the public sees published ones only).
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = AppFixture.OrganiserEmail, password = AppFixture.OrganiserPassword });
        http.DefaultRequestHeaders.Authorization = new("Bearer", JsonNode.Parse(await login.Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>());
        async Task<JsonNode> Get(string path) => JsonNode.Parse(await http.GetStringAsync(path))!;

        // 25 movements × (9 delegates + 1 observer) + 12 press and guests = 262; every twelfth (22) left pending and two
        // rejected, so 260 hold a place and 238 are accredited; three in four of those checked in: 238 − 59 = 179.
        var assembly = Assert.Single((await Get("/api/assemblies")).AsArray());
        Assert.Equal("Buenos Aires", assembly!["city"]!.GetValue<string>());
        var attendance = await Get($"/api/assemblies/{assembly["id"]}/attendance");
        Assert.Equal((260, 238, 179), (attendance["registered"]!.GetValue<int>(), attendance["accredited"]!.GetValue<int>(), attendance["checkedIn"]!.GetValue<int>()));
        Assert.Equal(15, attendance["byCountry"]!.AsArray().Count);

        var statements = (await Get("/api/statements")).AsArray().ToDictionary(s => s!["title"]!.GetValue<string>(), s => s!["status"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string>
        {
            ["Ante la masacre de activistas en Barinas"] = "published",
            ["Alto al asesinato de líderes y lideresas sociales en Colombia"] = "published",
            ["Rechazo a la activación del TIAR"] = "open",
        }, statements);

        var statementIds = (await Get("/api/statements")).AsArray().ToDictionary(s => s!["title"]!.GetValue<string>(), s => s!["id"]!.GetValue<string>());
        // Barinas: revision 1 signed by crbz, plc and mst; revision 2 by 14 (crbz and plc again among them), so 14 signatories
        // of the text and mst's signature left on revision 1; translated into Portuguese from revision 2.
        var barinas = await Get($"/api/statements/{statementIds["Ante la masacre de activistas en Barinas"]}");
        Assert.Equal(2, barinas["revision"]!.GetValue<int>());
        Assert.Equal(14, barinas["signatories"]!.AsArray().Count);
        Assert.All(barinas["signatories"]!.AsArray(), s => Assert.Equal(2, s!["revision"]!.GetValue<int>()));
        var earlier = Assert.Single(barinas["signatures"]!.AsArray(), s => s!["revision"]!.GetValue<int>() == 1);
        Assert.Equal("Movimiento de Trabajadores Rurales Sin Tierra", earlier!["movement"]!.GetValue<string>());
        Assert.False(earlier["current"]!.GetValue<bool>());
        Assert.Equal(["pt"], Languages(barinas));
        // Colombia: 19 signatures of revision 1, translated into Portuguese and French. TIAR: 8, open for 21 days from the seed.
        var colombia = await Get($"/api/statements/{statementIds["Alto al asesinato de líderes y lideresas sociales en Colombia"]}");
        Assert.Equal(19, colombia["signatories"]!.AsArray().Count);
        Assert.Equal(["fr", "pt"], Languages(colombia));
        var tiar = await Get($"/api/statements/{statementIds["Rechazo a la activación del TIAR"]}");
        Assert.Equal(8, tiar["signatories"]!.AsArray().Count);
        Assert.InRange(tiar["signaturesCloseAt"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddDays(20), DateTimeOffset.UtcNow.AddDays(21));

        var calls = (await Get("/api/mobilisations")).AsArray().ToDictionary(c => c!["title"]!.GetValue<string>(), c => c!["id"]!.GetValue<string>());
        Assert.Equal(2, calls.Count);
        // The strike: convened by the 2 Colombian movements and endorsed by the first 8 others; 8 actions whose last report
        // (of three, each with a distinct id; the resent first one is the same report) is the peak: 120,000 in Bogotá and
        // 25,000 + 3,000 × i in the i-th other city: 120,000 + 259,000 = 379,000.
        var strike = calls["Paro nacional por la vida, la paz y la tierra"];
        var strikeBoard = await Get($"/api/mobilisations/{strike}/dashboard");
        Assert.Equal((10, 8, 1, 379_000L), (strikeBoard["endorsements"]!.GetValue<int>(), strikeBoard["actions"]!.GetValue<int>(),
            strikeBoard["countries"]!.GetValue<int>(), strikeBoard["turnout"]!.GetValue<long>()));
        var strikeActions = (await Get($"/api/mobilisations/{strike}/actions")).AsArray();
        Assert.Equal(8, strikeActions.Count);
        Assert.All(strikeActions, a => Assert.Equal(3, a!["reports"]!.GetValue<int>()));
        Assert.Equal(120_000, strikeActions.Single(a => a!["city"]!.GetValue<string>() == "Bogotá")!["turnout"]!.GetValue<long>());
        Assert.Equal(46_000, strikeActions.Single(a => a!["city"]!.GetValue<string>() == "Cartagena")!["turnout"]!.GetValue<long>());
        // The continental day: convened by 3, endorsed by the other 22; two actions per movement, 50 in the 15 countries, each
        // with three reports and a peak of 800 plus a draw below 15,000.
        var day = calls["Jornada continental de solidaridad con los líderes sociales"];
        var dayBoard = await Get($"/api/mobilisations/{day}/dashboard");
        Assert.Equal((25, 50, 15), (dayBoard["endorsements"]!.GetValue<int>(), dayBoard["actions"]!.GetValue<int>(), dayBoard["countries"]!.GetValue<int>()));
        var dayActions = (await Get($"/api/mobilisations/{day}/actions")).AsArray();
        Assert.Equal(50, dayActions.Count);
        Assert.All(dayActions, a =>
        {
            Assert.Equal(3, a!["reports"]!.GetValue<int>());
            Assert.InRange(a["turnout"]!.GetValue<long>(), 800, 15_799);
        });
    }

    private static string[] Languages(JsonNode statement) =>
        statement["translations"]!.AsArray().Select(t => t!["language"]!.GetValue<string>()).Order().ToArray();
}
