namespace Alba.Coordination.Demo;

/// <summary>
/// Three joint statements of the platform: two published with many co-signatories (one of them
/// revised after the first signatures, so a signature of revision 1 stays on record unconfirmed),
/// and one still open for signature.
/// </summary>
public sealed class SeedStatements : IDemoStep
{
    public int Order => 40;

    public async Task RunAsync(DemoContext demo, CancellationToken cancellationToken)
    {
        DemoMovement M(string slug) => demo.Movements.Single(m => m.RepresentativeEmail == $"{slug}@alba.example");

        var barinas = await Draft(demo, M("crbz"), "Ante la masacre de activistas en Barinas",
            "Los movimientos sociales de Nuestra América denunciamos el asesinato de activistas campesinos en el estado Barinas, "
            + "Venezuela. Exigimos una investigación independiente y acompañamos a sus familias y organizaciones.");
        await Open(demo, barinas, M("crbz"), null);
        foreach (var slug in new[] { "crbz", "plc", "mst" }) await Sign(demo, barinas, M(slug), 1);
        await demo.Post($"/api/statements/{barinas}/revisions", new
        {
            body = "Los movimientos sociales de Nuestra América denunciamos el asesinato de activistas campesinos en el estado Barinas, "
                + "Venezuela. Exigimos una investigación independiente, el castigo de los responsables materiales e intelectuales y "
                + "garantías para la organización campesina. Acompañamos a sus familias y organizaciones.",
            note = "Se añade la exigencia de castigo y de garantías para la organización campesina.",
            baseRevision = 1,
        }, M("crbz").RepresentativeToken);
        foreach (var slug in new[] { "crbz", "plc", "levante", "mab", "utep", "fpds", "mnci", "cdp", "marcha", "anap", "fmc", "mln", "atc", "tetkole" })
            await Sign(demo, barinas, M(slug), 2);
        await Translate(demo, barinas, M("mst").RepresentativeToken, "pt", "Diante do massacre de ativistas em Barinas",
            "Os movimentos sociais da Nossa América denunciamos o assassinato de ativistas camponeses no estado de Barinas, Venezuela.", 2);
        await demo.Post($"/api/statements/{barinas}/publication", null, M("crbz").RepresentativeToken);

        var colombia = await Draft(demo, M("cdp"), "Alto al asesinato de líderes y lideresas sociales en Colombia",
            "Denunciamos el asesinato sistemático de líderes y lideresas sociales, firmantes de paz y defensores de derechos humanos en "
            + "Colombia. Exigimos al Estado colombiano garantías reales para la vida y el cumplimiento integral del Acuerdo de Paz.");
        await Open(demo, colombia, M("cdp"), null);
        foreach (var slug in new[] { "cdp", "marcha", "mst", "levante", "utep", "fpds", "crbz", "csutcb", "bartolinas", "anap", "mln", "ocss",
                     "mpl", "ccp", "conaie", "copinh", "plataforma", "fnc", "fucvam" })
            await Sign(demo, colombia, M(slug), 1);
        await Translate(demo, colombia, M("mst").RepresentativeToken, "pt", "Basta de assassinatos de lideranças sociais na Colômbia",
            "Denunciamos o assassinato sistemático de lideranças sociais, signatários da paz e defensores de direitos humanos na Colômbia.", 1);
        await Translate(demo, colombia, demo.OrganiserToken, "fr", "Halte aux assassinats de leaders sociaux en Colombie",
            "Nous dénonçons l'assassinat systématique de leaders sociaux et de signataires de la paix en Colombie.", 1);
        await demo.Post($"/api/statements/{colombia}/publication", null, demo.OrganiserToken);

        var tiar = await Draft(demo, M("mln"), "Rechazo a la activación del TIAR",
            "Rechazamos la activación del Tratado Interamericano de Asistencia Recíproca contra Venezuela: es una amenaza de "
            + "intervención militar contra un pueblo soberano. América Latina y el Caribe deben seguir siendo una zona de paz.");
        await Open(demo, tiar, M("mln"), DateTimeOffset.UtcNow.AddDays(21));
        foreach (var slug in new[] { "mln", "crbz", "plc", "anap", "fmc", "atc", "csutcb", "tetkole" }) await Sign(demo, tiar, M(slug), 1);

        demo.Notes.Add($"Statements: two published ({barinas}, {colombia}), one open for signature ({tiar}).");
    }

    private static async Task<Guid> Draft(DemoContext demo, DemoMovement initiator, string title, string body)
    {
        var created = await demo.Post("/api/statements", new { title, body, language = "es", initiatingMovementId = initiator.Id },
            initiator.RepresentativeToken);
        return Guid.Parse(created!["statementId"]!.GetValue<string>());
    }

    private static Task Open(DemoContext demo, Guid statementId, DemoMovement initiator, DateTimeOffset? closesAt) =>
        demo.Post($"/api/statements/{statementId}/signature-opening", new { closesAt }, initiator.RepresentativeToken);

    private static Task Sign(DemoContext demo, Guid statementId, DemoMovement movement, int revision) =>
        demo.Post($"/api/statements/{statementId}/signatures", new { movementId = movement.Id, revision }, movement.RepresentativeToken);

    private static Task Translate(DemoContext demo, Guid statementId, string translatorToken, string language, string title, string body,
        int sourceRevision) =>
        demo.Post($"/api/statements/{statementId}/translations", new { language, title, body, sourceRevision }, translatorToken);
}
