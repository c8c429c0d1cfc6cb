using System.Diagnostics;
using Alba.Coordination.Tests.Privacy;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Operations;

/// <summary>
/// The command-line verbs of docs/operations.md ("Command-line verbs"), run as the operator runs them: the app's program
/// from <c>src/Alba.Coordination</c> with <c>ALBA_DB</c> set, here the privacy host's database, so the organiser that
/// <c>add-organiser</c> makes can be looked for in clear in every table.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class the_command_line_verbs(PrivacyFixture fixture)
{
    private const string MartenDatabase = "marten://store/";

    [Fact]
    public async Task are_listed_by_help_check_script_and_apply_the_schema_and_add_a_sealed_organiser()
    {
        var help = await Run("help");
        foreach (var verb in new[] { "db-apply", "db-assert", "db-patch", "db-dump", "projections", "codegen", "add-organiser" })
            Assert.Contains(verb, help.Output);

        // The host applied the schema at start: applying again changes nothing, the check passes, the patch is empty.
        await Run("db-apply");
        await Run("db-assert");
        var files = Directory.CreateTempSubdirectory("alba-verbs-");
        try
        {
            // Two databases are found (Marten's and Wolverine's): the script and the dump need the one named.
            var patch = Path.Combine(files.FullName, "patch.sql");
            Assert.Contains("No differences were detected", (await Run("db-patch", patch, "-d", MartenDatabase)).Output);
            Assert.False(File.Exists(patch));
            var dump = Path.Combine(files.FullName, "schema.sql");
            await Run("db-dump", dump, "-d", MartenDatabase);
            Assert.Contains("mt_doc_account", await File.ReadAllTextAsync(dump));
        }
        finally
        {
            files.Delete(recursive: true);
        }

        // add-organiser seals the name and e-mail as every account is (docs/privacy.md): in no table in clear, and it signs in.
        var email = Scenarios.UniqueEmail("organiser-verb");
        var fullName = $"Dolores Cacuango {Guid.NewGuid():N}";
        const string password = "Ñucanchic-Llacta-2026-verbo";
        var added = await Run(["add-organiser", email, "--name", fullName], password);
        Assert.Contains($"Organiser {email} created.", added.Output);
        Assert.Empty(await fixture.TablesHolding(email));
        Assert.Empty(await fixture.TablesHolding(fullName));
        var signedIn = await fixture.Host.Login(email.ToUpperInvariant(), password);
        Assert.Equal("organiser", signedIn.Role);
        Assert.Contains($"An account {email} already exists.", (await Run(["add-organiser", email], password)).Output);
    }

    private Task<(string Output, string Error)> Run(params string[] arguments) => Run(arguments, null);

    private async Task<(string Output, string Error)> Run(string[] arguments, string? newOrganiserPassword)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Alba.Coordination.dll"), .. arguments])
        {
            WorkingDirectory = Path.Combine(AppProcess.RepositoryRoot(), "src", "Alba.Coordination"),
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        start.Environment["ALBA_DB"] = fixture.ConnectionString;
        if (newOrganiserPassword is not null) start.Environment["ALBA_NEW_ORGANISER_PASSWORD"] = newOrganiserPassword;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', arguments)}: exit {process.ExitCode}\n{await output}\n{await error}");
        return (await output, await error);
    }
}
