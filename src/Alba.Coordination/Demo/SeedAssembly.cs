using System.Collections.Concurrent;

namespace Alba.Coordination.Demo;

/// <summary>
/// The third continental assembly in Buenos Aires: every movement registers nine delegates and an
/// observer through its representative, the secretariat adds press and guests (262 people from the
/// fifteen countries), accredits most and checks many of them in, as door stations would.
/// </summary>
public sealed class SeedAssembly : IDemoStep
{
    public int Order => 20;

    private const int DelegatesPerMovement = 9;
    private const int Parallelism = 8;

    private static readonly string[] FirstNames =
    [
        "Juana", "Berta", "Marielle", "Rosa", "Camilo", "Ernesto", "Dolores", "Tupac", "Bartolina", "Manuela", "Simón", "Micaela",
        "Gregoria", "Fidel", "Haydée", "Salvador", "Victor", "Violeta", "Rigoberta", "Lolita", "Farabundo", "Augusto", "Francisca", "Hugo",
    ];

    private static readonly string[] Surnames =
    [
        "Azurduy", "Cáceres", "Franco", "Luxemburgo", "Torres", "Guevara", "Cacuango", "Amaru", "Sisa", "Sáenz", "Bolívar", "Bastidas",
        "Apaza", "Santamaría", "Allende", "Jara", "Parra", "Menchú", "Lebrón", "Martí", "Sandino", "Mariátegui", "Ortiz", "Quispe",
    ];

    private static readonly string[] Stations = ["Puerta Norte", "Puerta Sur", "Acreditación"];

    private sealed record Registration(string Path, object Body, string Token, string Role);

    private sealed record Registered(Guid Id, string Role);

    public async Task RunAsync(DemoContext demo, CancellationToken cancellationToken)
    {
        var created = await demo.Post("/api/assemblies", new
        {
            title = "III Asamblea Continental de Movimientos Sociales", city = "Buenos Aires", country = "AR",
            opensOn = "2026-11-28", closesOn = "2026-11-30", capacity = 300, delegatesPerMovement = 10,
        });
        var assemblyId = Guid.Parse(created!["assemblyId"]!.GetValue<string>());
        await demo.Post($"/api/assemblies/{assemblyId}/registration/opening", null);

        var registered = new ConcurrentBag<Registered>();
        await Parallel.ForEachAsync(Registrations(demo, assemblyId), Options(cancellationToken), async (r, _) =>
        {
            var answer = await demo.Post(r.Path, r.Body, r.Token);
            registered.Add(new Registered(Guid.Parse(answer!["delegateId"]!.GetValue<string>()), r.Role));
        });
        await demo.Post($"/api/assemblies/{assemblyId}/registration/closing", null);

        // Most are accredited; every twelfth waits for its papers and two are turned down.
        var ordered = registered.OrderBy(r => r.Id).ToList();
        var pending = ordered.Where((_, i) => i % 12 == 5).ToHashSet();
        var rejected = ordered.Where((_, i) => i % 12 == 11).Take(2).ToHashSet();
        var codes = new ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(ordered.Where(r => !pending.Contains(r)), Options(cancellationToken), async (r, _) =>
        {
            var reject = rejected.Contains(r);
            var answer = await demo.Post($"/api/delegates/{r.Id}/accreditation",
                new { decision = reject ? "reject" : "accredit", reason = reject ? "Not on the movement's mandate letter" : null });
            if (!reject) codes[r.Id] = answer!["credentialCode"]!.GetValue<string>();
        });

        // Three in four have come through the doors this morning.
        var now = DateTimeOffset.UtcNow;
        var arrived = codes.Keys.Order().Where((_, i) => i % 4 != 3).ToList();
        await Parallel.ForEachAsync(arrived.Select((id, i) => (id, i)), Options(cancellationToken), async (scan, _) =>
            await demo.Post($"/api/delegates/{scan.id}/check-ins", new
            {
                station = Stations[scan.i % Stations.Length], scannedAt = now.AddMinutes(-5 - scan.i % 120), scanId = $"demo-{scan.id:N}",
            }));

        var roles = ordered.ToDictionary(r => r.Id, r => r.Role);
        var voters = arrived.Where(id => roles[id] == "delegate").Take(10).Select(id => codes[id]).ToList();
        demo.Shared["assemblyId"] = assemblyId;
        demo.Shared["credentials"] = voters;
        demo.Notes.Add($"Assembly {assemblyId} in Buenos Aires: {registered.Count} registered, {codes.Count} accredited, {arrived.Count} checked in");
        demo.Notes.Add($"Delegate sign-in (POST /api/auth/credential-login): credential code {voters[0]}");
    }

    private static ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

    private static IEnumerable<Registration> Registrations(DemoContext demo, Guid assemblyId)
    {
        var path = $"/api/assemblies/{assemblyId}/registrations";
        var n = 0;
        foreach (var movement in demo.Movements)
        {
            var slug = movement.RepresentativeEmail.Split('@')[0];
            for (var i = 0; i <= DelegatesPerMovement; i++, n++)
            {
                var role = i < DelegatesPerMovement ? "delegate" : "observer";
                yield return new Registration(path, Person(movement.Id, movement.Country, role, $"{slug}.{i}@delegados.alba.example", n),
                    movement.RepresentativeToken, role);
            }
        }
        // The secretariat registers press and guests for the host movements.
        var hosts = demo.Movements.Where(m => m.Country == "AR").ToList();
        for (var i = 0; i < 12; i++, n++)
        {
            var role = i < 8 ? "press" : "guest";
            var host = hosts[i % hosts.Count];
            yield return new Registration(path, Person(host.Id, host.Country, role, $"{role}.{i}@alba.example", n), demo.OrganiserToken, role);
        }
    }

    private static object Person(Guid movementId, string country, string role, string email, int n) => new
    {
        movementId, email, country, role,
        fullName = $"{FirstNames[n % FirstNames.Length]} {Surnames[n * 7 % Surnames.Length]} {Surnames[(n / 3 + 5) % Surnames.Length]}",
        languages = country switch { "BR" => new[] { "pt", "es" }, "HT" => ["ht", "fr"], _ when n % 5 == 0 => ["es", "en"], _ => ["es"] },
    };
}
