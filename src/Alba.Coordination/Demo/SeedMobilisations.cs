namespace Alba.Coordination.Demo;

/// <summary>
/// A national strike in Colombia and a continental day of solidarity with actions in every demo
/// country, each action with field reports, one of them arriving late and one sent twice, as they do.
/// </summary>
public sealed class SeedMobilisations : IDemoStep
{
    public int Order => 50;

    private static readonly Dictionary<string, string[]> Cities = new()
    {
        ["BR"] = ["São Paulo", "Rio de Janeiro", "Porto Alegre", "Recife", "Belo Horizonte", "Brasília"],
        ["AR"] = ["Buenos Aires", "Córdoba", "Rosario", "Mendoza", "San Miguel de Tucumán", "La Plata"],
        ["VE"] = ["Caracas", "Barquisimeto", "Mérida", "Maracaibo"],
        ["CO"] = ["Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Popayán", "Pasto", "Cartagena"],
        ["BO"] = ["La Paz", "El Alto", "Cochabamba", "Sucre"],
        ["CU"] = ["La Habana", "Santiago de Cuba", "Camagüey", "Holguín"],
        ["MX"] = ["Ciudad de México", "Oaxaca", "Guadalajara", "San Cristóbal de las Casas"],
        ["CL"] = ["Santiago", "Valparaíso"],
        ["PE"] = ["Lima", "Cusco"],
        ["EC"] = ["Quito", "Guayaquil"],
        ["HN"] = ["Tegucigalpa", "La Esperanza"],
        ["NI"] = ["Managua", "León"],
        ["PY"] = ["Asunción", "Caaguazú"],
        ["UY"] = ["Montevideo", "Salto"],
        ["HT"] = ["Port-au-Prince", "Hinche"],
    };

    private readonly Random _random = new(2026);

    public async Task RunAsync(DemoContext demo, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await SeedNationalStrike(demo, today.AddDays(-2));
        await SeedContinentalDay(demo, today.AddDays(-1));
    }

    private async Task SeedNationalStrike(DemoContext demo, DateOnly day)
    {
        var colombian = demo.Movements.Where(m => m.Country == "CO").ToList();
        var created = await demo.Post("/api/mobilisations", new
        {
            title = "Paro nacional por la vida, la paz y la tierra",
            callText = "Convocamos al pueblo colombiano al paro nacional contra el asesinato de líderes sociales y por la implementación de la paz.",
            language = "es",
            startsOn = day,
            endsOn = day.AddDays(1),
            countries = new[] { "CO" },
            convenedBy = colombian.Select(m => m.Id).ToArray(),
        });
        var strikeId = Id(created, "mobilisationId");
        foreach (var supporter in demo.Movements.Where(m => m.Country != "CO").Take(8))
            await demo.Post($"/api/mobilisations/{strikeId}/endorsements", new { movementId = supporter.Id }, supporter.RepresentativeToken);

        string[] kinds = ["strike", "march", "blockade", "march", "assembly", "blockade", "march", "vigil"];
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero);
        for (var i = 0; i < Cities["CO"].Length; i++)
        {
            var movement = colombian[i % colombian.Count];
            var peakTurnout = i == 0 ? 120_000 : 25_000 + 3_000 * i;
            await SeedAction(demo, strikeId, movement, Cities["CO"][i], kinds[i], start.AddMinutes(15 * i), peakTurnout);
        }
        demo.Notes.Add($"National strike dashboard: /api/mobilisations/{strikeId}/dashboard");
    }

    private async Task SeedContinentalDay(DemoContext demo, DateOnly day)
    {
        var countries = demo.Movements.Select(m => m.Country).Distinct().ToArray();
        var created = await demo.Post("/api/mobilisations", new
        {
            title = "Jornada continental de solidaridad con los líderes sociales",
            callText = "En cada ciudad de Nuestra América, marchas, vigilias y asambleas para denunciar los asesinatos de líderes sociales.",
            language = "es",
            startsOn = day,
            endsOn = day,
            countries,
            convenedBy = demo.Movements.Take(3).Select(m => m.Id).ToArray(),
        });
        var dayId = Id(created, "mobilisationId");
        foreach (var supporter in demo.Movements.Skip(3))
            await demo.Post($"/api/mobilisations/{dayId}/endorsements", new { movementId = supporter.Id }, supporter.RepresentativeToken);

        string[] kinds = ["march", "vigil", "assembly", "march", "blockade", "other"];
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(14, 0)), TimeSpan.Zero);
        var actions = 0;
        foreach (var group in demo.Movements.GroupBy(m => m.Country))
        {
            var cities = Cities[group.Key];
            foreach (var (movement, index) in group.Select((m, i) => (m, i)))
            {
                for (var k = 0; k < 2; k++)
                {
                    var city = cities[(index * 2 + k) % cities.Length];
                    await SeedAction(demo, dayId, movement, city, kinds[actions % kinds.Length], start.AddMinutes(30 * k), peakTurnout: 800 + _random.Next(0, 15_000));
                    actions++;
                }
            }
        }
        demo.Notes.Add($"Continental day ({actions} actions in {countries.Length} countries): /api/mobilisations/{dayId}/dashboard");
    }

    /// <summary>Three reports rising to the peak: the newest arrives before the middle one, and about half the actions resend their first.</summary>
    private async Task SeedAction(DemoContext demo, Guid mobilisationId, DemoMovement movement, string city, string kind, DateTimeOffset startsAt,
        int peakTurnout)
    {
        var created = await demo.Post($"/api/mobilisations/{mobilisationId}/actions",
            new { city, country = movement.Country, kind, startsAt, organisingMovementId = movement.Id }, movement.RepresentativeToken);
        var actionId = Id(created, "actionId");
        var (peakArrests, peakInjuries) = (_random.Next(0, 12), _random.Next(0, 6));
        var reports = new[] { 0.3, 0.7, 1.0 }.Select((share, n) => new
        {
            reportId = $"{actionId:N}-{n + 1}",
            reportedAt = startsAt.AddHours(1 + 2 * n),
            turnout = (long)(peakTurnout * share),
            arrests = (long)(peakArrests * share),
            injuries = (long)(peakInjuries * share),
            deaths = 0L,
            note = n == 2 ? "Cierre de la jornada." : null,
        }).ToArray();
        foreach (var report in new[] { reports[0], reports[2], reports[1] })
            await demo.Post($"/api/actions/{actionId}/reports", report, movement.RepresentativeToken);
        if (_random.Next(2) == 0) await demo.Post($"/api/actions/{actionId}/reports", reports[0], movement.RepresentativeToken);
    }

    private static Guid Id(System.Text.Json.Nodes.JsonNode? answer, string property) => Guid.Parse(answer![property]!.GetValue<string>());
}
