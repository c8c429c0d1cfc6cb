using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.CommandLine;
using Spectre.Console;

namespace Alba.Coordination.Delegates;

public sealed class ImportDelegationInput
{
    [Description("The delegation list (CSV: fullName, email, country, languages, role)")]
    public string File { get; set; } = "";

    [Description("The assembly's id")]
    public Guid Assembly { get; set; }

    [Description("The movement whose delegation the file is")]
    public Guid Movement { get; set; }

    [Description("The running app's address")]
    public string ServerFlag { get; set; } = "http://localhost:5000";

    [Description("Sign in with this account (password from ALBA_PASSWORD or standard input); or set ALBA_TOKEN")]
    public string EmailFlag { get; set; } = "";
}

/// <summary>
/// The secretariat's import from a script: the same preview and one command per row as the
/// console, against a running app, so a run cut short is finished by running it again.
/// </summary>
[Description("Imports a delegation from a CSV file into an assembly, with a progress bar; running it again registers nobody twice",
    Name = Verb)]
public sealed class ImportDelegationCommand : JasperFxAsyncCommand<ImportDelegationInput>
{
    public const string Verb = "import-delegation";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsCalledBy(string[] args) => args.Length > 0 && args[0].Equals(Verb, StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the verb on its own, outside the app's host: it is an HTTP client of a running app and nothing more.</summary>
    public static Task<int> RunAlone(string[] args) =>
        CommandExecutor.For(factory => factory.RegisterCommand<ImportDelegationCommand>()).ExecuteAsync(args);

    public override async Task<bool> Execute(ImportDelegationInput input)
    {
        using var http = new HttpClient { BaseAddress = new Uri(input.ServerFlag), Timeout = TimeSpan.FromMinutes(2) };
        var token = Environment.GetEnvironmentVariable("ALBA_TOKEN") ?? await SignIn(http, input.EmailFlag);
        if (token is null) return false;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var previewAnswer = await http.PostAsJsonAsync($"/api/assemblies/{input.Assembly}/imports/preview",
            new DelegationFile(input.Movement, await System.IO.File.ReadAllTextAsync(input.File)), Json);
        if (!previewAnswer.IsSuccessStatusCode) return Refused(await Problem(previewAnswer));
        var preview = (await previewAnswer.Content.ReadFromJsonAsync<DelegationPreview>(Json))!;
        foreach (var row in preview.Items.Where(r => r.Errors.Count > 0))
            Console.Error.WriteLine($"line {row.Line}: {string.Join(" ", row.Errors.SelectMany(e => e.Value))}");

        var valid = preview.Items.Where(r => r.Errors.Count == 0).ToList();
        int registered = 0, already = 0, refused = 0;
        var refusals = new List<string>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"{valid.Count} rows", maxValue: Math.Max(1, valid.Count));
                foreach (var row in valid)
                {
                    using var answer = await http.PostAsJsonAsync($"/api/assemblies/{input.Assembly}/imports/registrations", row.Registration, Json);
                    if (answer.StatusCode == System.Net.HttpStatusCode.Created) registered++;
                    else if (answer.IsSuccessStatusCode) already++;
                    else
                    {
                        refused++;
                        refusals.Add($"line {row.Line}: {await Problem(answer)}");
                    }
                    task.Increment(1);
                }
            });
        foreach (var refusal in refusals) Console.Error.WriteLine(refusal);
        Console.WriteLine($"{registered} registered, {already} already registered, {refused} refused, {preview.Invalid} invalid rows.");
        return preview.Invalid == 0 && refused == 0;
    }

    private static async Task<string?> SignIn(HttpClient http, string email)
    {
        if (email.Length == 0)
        {
            Console.Error.WriteLine("Set ALBA_TOKEN or give --email (with the password in ALBA_PASSWORD or on standard input).");
            return null;
        }
        var password = Environment.GetEnvironmentVariable("ALBA_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Password: ");
            password = Console.ReadLine() ?? "";
        }
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (!login.IsSuccessStatusCode)
        {
            Refused(await Problem(login));
            return null;
        }
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
    }

    private static bool Refused(string problem)
    {
        Console.Error.WriteLine(problem);
        return false;
    }

    private static async Task<string> Problem(HttpResponseMessage answer)
    {
        var text = await answer.Content.ReadAsStringAsync();
        try
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(text);
            return problem.TryGetProperty("detail", out var detail) ? $"{(int)answer.StatusCode}: {detail.GetString()}" : $"{(int)answer.StatusCode}: {text}";
        }
        catch (JsonException)
        {
            return $"{(int)answer.StatusCode}: {text}";
        }
    }
}
