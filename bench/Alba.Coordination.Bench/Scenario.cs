using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Alba.Coordination.Bench;

/// <summary>
/// The world the benchmark drives through the public API: movements with representatives, an
/// assembly, a statement per signing round, a mobilisation call, a session; and what it created,
/// so counts can be checked afterwards.
/// </summary>
public sealed class Scenario
{
    private const string RepresentativePassword = "bench-representative";
    private readonly AppProcess _app;
    private readonly string _organiser;
    private readonly List<(string Id, string Country, string Token)> _movements = [];
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, string>> _delegates = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _statements = new();
    private readonly ConcurrentDictionary<string, List<string>> _actions = new();
    private readonly ConcurrentDictionary<string, int> _registered = new();
    private int _checkIns, _signatures, _reports;
    private long _turnoutSent;

    public string AssemblyId { get; private set; } = "";
    public string MobilisationId { get; private set; } = "";
    public string SessionId { get; private set; } = "";
    public string OrganiserToken => _organiser;
    public int MovementCount => _movements.Count;

    private Scenario(AppProcess app, string organiser)
    {
        _app = app;
        _organiser = organiser;
    }

    public static async Task<Scenario> PrepareAsync(AppProcess app, int movements = 100)
    {
        var scenario = new Scenario(app, await app.OrganiserTokenAsync());
        await scenario.CreateMovementsAsync(movements);
        await scenario.CreateAssemblyAsync();
        await scenario.CreateMobilisationAsync();
        await scenario.CreateSessionAsync();
        return scenario;
    }

    private async Task CreateMovementsAsync(int count)
    {
        string[] countries = ["AR", "BR", "VE", "CO", "BO", "CU", "MX", "CL", "PE", "EC", "HN", "NI", "PY", "UY", "HT"];
        var created = new ConcurrentBag<(int, string, string, string)>();
        await Load.Run("setup: movements", 8, count, async i =>
        {
            var country = countries[i % countries.Length];
            var movement = await _app.PostAsync("/api/movements",
                new { name = $"Bench movement {i} {Guid.NewGuid():N}", country, region = "Bench", sector = "bench" }, _organiser);
            var id = movement!["movementId"]!.GetValue<string>();
            var email = $"rep-{Guid.NewGuid():N}@bench.example";
            var invited = await _app.PostAsync($"/api/movements/{id}/representatives", new { fullName = $"Rep {i}", email }, _organiser);
            await _app.PostAsync($"/api/auth/invitations/{invited!["invitationCode"]!.GetValue<string>()}/acceptance", new { password = RepresentativePassword }, null);
            var login = await _app.PostAsync("/api/auth/login", new { email, password = RepresentativePassword }, null);
            created.Add((i, id, country, login!["accessToken"]!.GetValue<string>()));
        });
        _movements.AddRange(created.OrderBy(c => c.Item1).Select(c => (c.Item2, c.Item3, c.Item4)));
    }

    private async Task CreateAssemblyAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var assembly = await _app.PostAsync("/api/assemblies", new
        {
            title = "Bench assembly", city = "Buenos Aires", country = "AR", opensOn = today, closesOn = today.AddDays(3),
            capacity = 100_000, delegatesPerMovement = 100_000,
        }, _organiser);
        AssemblyId = assembly!["assemblyId"]!.GetValue<string>();
        await _app.PostAsync($"/api/assemblies/{AssemblyId}/registration/opening", null, _organiser);
    }

    private async Task CreateMobilisationAsync()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var call = await _app.PostAsync("/api/mobilisations", new
        {
            title = "Bench day of action", callText = "Bench.", language = "es", startsOn = today, endsOn = today.AddDays(2),
            countries = _movements.Select(m => m.Country).Distinct().ToArray(), convenedBy = new[] { _movements[0].Id },
        }, _organiser);
        MobilisationId = call!["mobilisationId"]!.GetValue<string>();
    }

    private async Task CreateSessionAsync()
    {
        var created = await _app.PostAsync($"/api/assemblies/{AssemblyId}/sessions", new
        {
            title = "Bench plenary", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow,
            agenda = new[] { new { title = "Opening" }, new { title = "Debate" } },
        }, _organiser);
        SessionId = created!["sessionId"]!.GetValue<string>();
        await _app.PostAsync($"/api/sessions/{SessionId}/opening", null, _organiser);
    }

    /// <summary>Registers a delegate (role delegate) for a movement, as its representative would.</summary>
    public async Task Register(int i, string tag)
    {
        var movement = _movements[i % _movements.Count];
        var answer = await _app.PostAsync($"/api/assemblies/{AssemblyId}/registrations", new
        {
            movementId = movement.Id, fullName = $"Delegate {tag} {i}", email = $"{tag}-{i}-{Guid.NewGuid():N}@bench.example",
            country = movement.Country, languages = new[] { "es" }, role = "delegate",
        }, movement.Token);
        _delegates.GetOrAdd(tag, _ => new())[i] = answer!["delegateId"]!.GetValue<string>();
        _registered.AddOrUpdate(tag, 1, (_, n) => n + 1);
    }

    /// <summary>Accredits every delegate registered under the tag; returns their credential codes.</summary>
    public async Task<List<string>> AccreditAll(string tag)
    {
        var ids = _delegates[tag].OrderBy(d => d.Key).Select(d => d.Value).ToList();
        var codes = new ConcurrentBag<string>();
        await Load.Run("setup: accreditation", 8, ids.Count, async i =>
        {
            var answer = await _app.PostAsync($"/api/delegates/{ids[i]}/accreditation", new { decision = "accredit" }, _organiser);
            codes.Add(answer!["credentialCode"]!.GetValue<string>());
        });
        return codes.ToList();
    }

    public async Task CheckIn(int i, string tag)
    {
        await _app.PostAsync($"/api/delegates/{_delegates[tag][i]}/check-ins",
            new { station = "door-1", scannedAt = DateTimeOffset.UtcNow, scanId = $"scan-{tag}-{i}" }, _organiser);
        Interlocked.Increment(ref _checkIns);
    }

    /// <summary>
    /// Drafts and opens the statements <paramref name="count"/> signatures under the tag will sign, before they are measured:
    /// otherwise the first signature of each round would also draft and open its statement, two commands more in the
    /// signatures' time and in their profile.
    /// </summary>
    public async Task EnsureStatements(int count, string tag)
    {
        for (var i = 0; i < count; i += _movements.Count) await StatementOf(i, tag);
    }

    /// <summary>Signature i: movement i of the round's statement (one statement per round of all movements).</summary>
    public async Task Sign(int i, string tag)
    {
        var statement = await StatementOf(i, tag);
        var movement = _movements[i % _movements.Count];
        await _app.PostAsync($"/api/statements/{statement}/signatures", new { movementId = movement.Id, revision = 1 }, movement.Token);
        Interlocked.Increment(ref _signatures);
    }

    private Task<string> StatementOf(int i, string tag) =>
        _statements.GetOrAdd($"{tag}-{i / _movements.Count}", _ => new Lazy<Task<string>>(CreateOpenStatementAsync)).Value;

    private async Task<string> CreateOpenStatementAsync()
    {
        var created = await _app.PostAsync("/api/statements", new
        {
            title = "Bench statement", body = "We denounce.", language = "es", initiatingMovementId = _movements[0].Id,
        }, _organiser);
        var id = created!["statementId"]!.GetValue<string>();
        await _app.PostAsync($"/api/statements/{id}/signature-opening", new { }, _organiser);
        return id;
    }

    public async Task EnsureActions(int count, string tag)
    {
        var ids = new ConcurrentBag<string>();
        await Load.Run("setup: actions", 8, count, async i =>
        {
            var movement = _movements[i % _movements.Count];
            var action = await _app.PostAsync($"/api/mobilisations/{MobilisationId}/actions", new
            {
                city = $"City {i}", country = movement.Country, kind = "march", startsAt = DateTimeOffset.UtcNow, organisingMovementId = movement.Id,
            }, movement.Token);
            ids.Add(action!["actionId"]!.GetValue<string>());
        });
        _actions[tag] = ids.ToList();
    }

    /// <summary>Report i on action i, by its organising movement's representative.</summary>
    public async Task Report(int i, string tag)
    {
        var turnout = 1000 + i;
        await _app.PostAsync($"/api/actions/{_actions[tag][i]}/reports", new
        {
            reportId = $"report-{tag}-{i}", reportedAt = DateTimeOffset.UtcNow, turnout, arrests = 1, injuries = 0, deaths = 0, note = "",
        }, _organiser);
        Interlocked.Increment(ref _reports);
        Interlocked.Add(ref _turnoutSent, turnout);
    }

    /// <summary>Moves the session's current agenda item: one committed event, pushed to the session group.</summary>
    public async Task MoveAgenda(int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/sessions/{SessionId}/agenda/current")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { index = i % 2 }),
        };
        request.Headers.Authorization = new("Bearer", _organiser);
        using var response = await _app.Http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"agenda: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>What the app reports equals what the benchmark sent.</summary>
    public async Task CheckCounts(Table table)
    {
        var attendance = await _app.GetAsync($"/api/assemblies/{AssemblyId}/attendance");
        var registered = _registered.Values.Sum();
        table.Check(attendance!["registered"]!.GetValue<int>() == registered, $"attendance counts all {registered} registrations");
        table.Check(attendance["checkedIn"]!.GetValue<int>() == _checkIns, $"attendance counts all {_checkIns} check-ins");
        var dashboard = await _app.GetAsync($"/api/mobilisations/{MobilisationId}/dashboard");
        table.Check(dashboard!["actions"]!.GetValue<int>() == _actions.Values.Sum(a => a.Count), "dashboard counts every action");
        // One report per action, so the dashboard's turnout (of each action's latest report) is the sum of those sent.
        var turnout = dashboard["turnout"]!.GetValue<long>();
        table.Check(turnout == _turnoutSent, $"dashboard turnout {turnout} equals the {_turnoutSent} reported");
        var signatures = 0;
        foreach (var statement in _statements.Values)
        {
            var view = await _app.GetAsync($"/api/statements/{await statement.Value}", _organiser);
            signatures += CountSignatories(view!);
        }
        table.Check(signatures == _signatures, $"statements record all {_signatures} signatures");
        table.Check(_reports > 0, $"{_reports} reports sent");
    }

    private static int CountSignatories(JsonNode statement) => statement["signatories"]!.AsArray().Count;
}
