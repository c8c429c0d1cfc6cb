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

        var calls = (await Get("/api/mobilisations")).AsArray().ToDictionary(c => c!["title"]!.GetValue<string>(), c => c!["id"]!.GetValue<string>());
        Assert.Equal(2, calls.Count);
        Assert.Equal(8, (await Get($"/api/mobilisations/{calls["Paro nacional por la vida, la paz y la tierra"]}/actions")).AsArray().Count);
        Assert.Equal(50, (await Get($"/api/mobilisations/{calls["Jornada continental de solidaridad con los líderes sociales"]}/actions")).AsArray().Count);
    }
}
