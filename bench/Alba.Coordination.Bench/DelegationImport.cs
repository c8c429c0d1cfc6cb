using System.Diagnostics;
using System.Text;

namespace Alba.Coordination.Bench;

public sealed record ImportResult(int Rows, int Registered, double Seconds, double RowsPerSecond);

/// <summary>
/// The secretariat's CSV import as it is run: the app's own <c>import-delegation</c> verb as a
/// process against the running app (preview, then one command per row), a 500-row file into a new
/// assembly; the figure is the wall time of the whole verb, sign-in and preview included.
/// </summary>
public static class DelegationImport
{
    public static async Task<ImportResult> Run(string repositoryRoot, AppProcess app, int rows = 500)
    {
        var organiser = await app.OrganiserTokenAsync();
        var movement = (await app.PostAsync("/api/movements",
            new { name = $"Bench import {Guid.NewGuid():N}", country = "BR", region = "Bench", sector = "bench" }, organiser))!["movementId"]!.GetValue<string>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var assembly = (await app.PostAsync("/api/assemblies", new
        {
            title = "Bench import", city = "Bench", country = "BR", opensOn = today, closesOn = today.AddDays(1), capacity = rows, delegatesPerMovement = rows,
        }, organiser))!["assemblyId"]!.GetValue<string>();
        await app.PostAsync($"/api/assemblies/{assembly}/registration/opening", null, organiser);

        var file = Path.Combine(Path.GetTempPath(), $"alba-bench-import-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("fullName;email;country;languages;role\n");
        for (var i = 0; i < rows; i++) csv.Append($"Bench Person {i};bench.{i}.{Guid.NewGuid():N}@bench.example;BR;pt es;delegate\n");
        await File.WriteAllTextAsync(file, csv.ToString());
        try
        {
            var appDirectory = Path.Combine(repositoryRoot, "src", "Alba.Coordination");
            var start = new ProcessStartInfo("dotnet", [Path.Combine(appDirectory, "bin", "Release", "net10.0", "Alba.Coordination.dll"),
                "import-delegation", file, assembly, movement, "--server", app.BaseUrl])
            {
                WorkingDirectory = appDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            start.Environment["ALBA_TOKEN"] = organiser;
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var seconds = clock.Elapsed.TotalSeconds;
            if (process.ExitCode != 0) throw new InvalidOperationException($"import-delegation failed: {await output}{await error}");
            var list = await app.GetAsync($"/api/assemblies/{assembly}/delegates", organiser);
            var registered = list!.AsArray().Count;
            return new ImportResult(rows, registered, seconds, rows / seconds);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
