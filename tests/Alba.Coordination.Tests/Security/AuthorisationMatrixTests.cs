using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Security;

/// <summary>
/// The authorisation matrix: every route of the OpenAPI document, called by every kind of caller, against the expected
/// outcome kept in <c>authorisation-matrix.md</c> beside this file. A route without a row fails the test with a row to
/// review and paste.
/// </summary>
[Collection(AppCollection.Name)]
public partial class Authorisation_matrix(AppFixture app)
{
    public const string TableFile = "authorisation-matrix.md";

    /// <summary>The callers, in the order the table's columns and the requests follow (refused ones first, so they change nothing).</summary>
    private static readonly string[] Callers = ["anonymous", "delegate", "other representative", "own representative", "organiser"];

    /// <summary>One caller of each kind and one resource of each kind, all belonging to the "own" movement.</summary>
    private sealed record World(Dictionary<string, Caller> Callers, Dictionary<string, string> Values);

    private async Task<World> AWorld()
    {
        var own = await app.Host.AMovementWithRep();
        var other = await app.Host.AMovementWithRep("BR");
        var assembly = await app.Host.AnAssembly();
        var accredited = await app.Host.AnAccreditedDelegate(assembly, own.Id);
        await app.Host.CheckIn(accredited.Id, DateTimeOffset.UtcNow.AddMinutes(-5));
        var delegateCaller = await app.Host.SignInAsDelegate(accredited);
        var session = await app.Host.AnOpenSession(assembly);
        var motion = await app.Host.AMotion(session);
        var statement = await app.Host.AnOpenStatement(new Party(own.Id, own.Rep));
        var call = await app.Host.ACall(own.Id);
        var action = await app.Host.AnAction(call, own);
        var callers = new Dictionary<string, Caller>
        {
            ["anonymous"] = Caller.Anonymous, ["delegate"] = delegateCaller, ["other representative"] = other.Rep,
            ["own representative"] = own.Rep, ["organiser"] = await app.Host.Organiser(),
        };
        var values = new Dictionary<string, string>
        {
            // Route values by the collection the route starts with, then by the name of a further route value.
            ["movements"] = own.Id.ToString(), ["assemblies"] = assembly.ToString(), ["delegates"] = accredited.Id.ToString(),
            ["sessions"] = session.ToString(), ["motions"] = motion.ToString(), ["statements"] = statement.ToString(),
            ["mobilisations"] = call.ToString(), ["actions"] = action.ToString(),
            ["movementId"] = own.Id.ToString(), ["delegateId"] = accredited.Id.ToString(),
            // Body placeholders.
            ["$own"] = own.Id.ToString(), ["$other"] = other.Id.ToString(), ["$delegate"] = accredited.Id.ToString(),
            ["$today"] = DateTime.UtcNow.ToString("yyyy-MM-dd"), ["$now"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        };
        return new World(callers, values);
    }

    private sealed record Row(string Method, string Route, string Body, Dictionary<string, string> Expected);

    private static Dictionary<(string, string), Row> Table()
    {
        var rows = new Dictionary<(string, string), Row>();
        foreach (var line in File.ReadLines(Path.Combine(RepositoryRoot(), "tests", "Alba.Coordination.Tests", "Security", TableFile)))
        {
            var cells = line.Split('|').Select(c => c.Trim().Trim('`')).ToArray();
            if (cells.Length != Callers.Length + 5 || cells[1] is "method" || cells[1].StartsWith("---", StringComparison.Ordinal)) continue;
            var expected = Callers.Select((caller, i) => (caller, cells[4 + i])).ToDictionary(c => c.caller, c => c.Item2);
            rows[(cells[1], cells[2])] = new Row(cells[1], cells[2], cells[3], expected);
        }
        return rows;
    }

    /// <summary>
    /// <c>401</c>, <c>403</c> and <c>404</c> must be answered as written; <c>ok</c> is any answer that lets the caller
    /// through (2xx, or a 4xx about the request or the state such as 400, 404, 409), never 401, 403 or a 5xx.
    /// </summary>
    private static bool Matches(string expected, int status) => expected == "ok"
        ? status is not (401 or 403) && status < 500
        : int.TryParse(expected, out var code) && code == status;

    private static string Outcome(int status) => status is 401 or 403 || status >= 500 ? status.ToString() : "ok";

    [Fact]
    public async Task every_route_answers_every_caller_as_the_table_says()
    {
        using var client = app.Host.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var routes = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Method: operation.Key.ToUpperInvariant(), Route: path.Key)))
            .ToList();
        var table = Table();
        var missing = routes.Where(r => !table.ContainsKey(r)).ToList();
        var failures = new List<string>();
        var shared = await AWorld();
        foreach (var (method, route) in routes)
        {
            var world = NeedsAWorldOfItsOwn(route) ? await AWorld() : shared;
            var row = table.GetValueOrDefault((method, route));
            var body = row?.Body is { Length: > 0 } template and not "-" ? Fill(template, world.Values) : null;
            var url = RouteValue().Replace(route, m => world.Values.GetValueOrDefault(
                m.Index == route.IndexOf('{') ? route.Split('/')[2] : m.Groups[1].Value, Guid.CreateVersion7().ToString()));
            var observed = new List<string>();
            foreach (var caller in Callers)
            {
                var answer = await app.Host.Send(new HttpMethod(method), url, body is null ? null : new Scenarios.RawJson(body), world.Callers[caller], null);
                observed.Add(Outcome(answer.Status));
                if (row is not null && !Matches(row.Expected[caller], answer.Status))
                    failures.Add($"{method} {route} as {caller}: expected {row.Expected[caller]}, got {answer.Status} {answer.Body?["detail"]}");
            }
            if (row is null)
                failures.Add($"No row in {TableFile} for {method} {route}; as answered now (review before adding): " +
                             $"| `{method}` | `{route}` | - | {string.Join(" | ", observed)} |");
        }
        Assert.True(routes.Count >= 60, $"only {routes.Count} routes in the OpenAPI document");
        Assert.True(missing.Count == 0 && failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void every_row_of_the_table_names_a_route_and_an_outcome_for_each_caller()
    {
        var table = Table();
        Assert.True(table.Count >= 60, $"{TableFile} has only {table.Count} rows");
        Assert.All(table.Values, row => Assert.All(row.Expected.Values, cell => Assert.Contains(cell, new[] { "ok", "401", "403", "404" })));
    }

    /// <summary>
    /// Routes that end someone's access or freeze a resource (a revoked or withdrawn delegate, a reissued credential, a
    /// deactivated account, a published statement) would change the answers of the routes after them, so each runs in a
    /// world of its own; every other route shares one, where its writes only ever turn later answers into other "ok"s.
    /// </summary>
    private static bool NeedsAWorldOfItsOwn(string route) =>
        route.EndsWith("/revocation", StringComparison.Ordinal) || route.EndsWith("/withdrawal", StringComparison.Ordinal)
        || route.EndsWith("/credential", StringComparison.Ordinal) || route.EndsWith("/deactivation", StringComparison.Ordinal)
        || route.EndsWith("/publication", StringComparison.Ordinal);

    private static string Fill(string template, Dictionary<string, string> values)
    {
        var text = Placeholder().Replace(template, m => values.GetValueOrDefault(m.Value, m.Value));
        return text.Replace("$unique", Guid.NewGuid().ToString("N")[..12]).Replace("$email", Scenarios.UniqueEmail("matrix"));
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Alba.Coordination.sln"))) return directory.FullName;
        throw new InvalidOperationException("The repository root (Alba.Coordination.sln) was not found.");
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteValue();

    [GeneratedRegex(@"\$(own|other|delegate|today|now)\b")]
    private static partial Regex Placeholder();
}
