using System.Diagnostics;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Alba.Coordination.Tests.Web;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// The <c>import-delegation</c> verb as the secretariat runs it: the app's program, started without any database
/// configuration, against the running app (the browser tests' process).
/// </summary>
[Collection(BrowserCollection.Name)]
public class the_import_verb(BrowserFixture browser)
{
    [Fact]
    public async Task runs_without_the_database_configuration_and_registers_the_file()
    {
        var assembly = await browser.AnAssemblyOpenForRegistration(places: 5);
        var file = Path.Combine(Path.GetTempPath(), $"alba-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            $"fullName,email,country,languages,role\nAna Verbo,{Scenarios.UniqueEmail("ana")},BR,pt,delegate\nLuis Verbo,{Scenarios.UniqueEmail("luis")},AR,es,observer\n");
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Alba.Coordination.dll"),
                "import-delegation", file, assembly.AssemblyId, assembly.MovementId, "--server", browser.BaseUrl])
            {
                WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true,
            };
            // This test process carries the database settings of the in-process host; the verb must not need them.
            foreach (var name in new[] { "ALBA_DB", "ConnectionStrings__Alba", "ALBA_ORGANISER_EMAIL", "ALBA_ORGANISER_PASSWORD" }) start.Environment.Remove(name);
            start.Environment["ALBA_TOKEN"] = assembly.Organiser;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await error}");
            Assert.Contains("2 registered, 0 already registered, 0 refused, 0 invalid rows.", await output);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/assemblies/{assembly.AssemblyId}/delegates");
            request.Headers.Authorization = new("Bearer", assembly.Organiser);
            using var list = await browser.Http.SendAsync(request);
            Assert.Equal(2, JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray().Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
