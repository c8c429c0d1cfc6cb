using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Alba.Coordination.Delegates;
using Alba.Coordination.Movements;
using Alba.Coordination.Sessions;

namespace Alba.Coordination.Privacy;

public sealed record PersonalDataHeld(string FullName, string? Email, bool Erased, DateTimeOffset? ErasedAt);

public sealed record RegistrationHeld(Guid AssemblyId, string Assembly, Guid MovementId, string Movement, string Country, string[] Languages,
    string Role, DelegateStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? AccreditedAt, DateTimeOffset? CheckedInAt, bool MayVote);

/// <summary>One event that concerns the person, from whichever stream holds it.</summary>
public sealed record HeldFact(string Stream, Guid StreamId, string Type, DateTimeOffset At, Guid By, object? Details)
{
    /// <inheritdoc cref="Delegates.HistoryEntry.ByName"/>
    public string? ByName => SystemActors.NameOf(By);
}

/// <summary>Everything held about one delegate, generated from its events (and its sealed personal data), nothing about anyone else.</summary>
public sealed record SubjectAccessReport(Guid DelegateId, DateTimeOffset GeneratedAt, PersonalDataHeld PersonalData, RegistrationHeld Registration,
    IReadOnlyList<HeldFact> Facts);

/// <summary>
/// Subject access: <c>GET /api/delegates/{id}/personal-data</c> for the delegate itself (signed in with its credential) or an
/// organiser acting on its behalf. JSON by default; a readable page with <c>?format=html</c> or <c>Accept: text/html</c>.
/// </summary>
public static class SubjectAccessEndpoint
{
    [WolverineGet("/api/delegates/{id}/personal-data", Name = "GetPersonalData"), Authorize]
    public static async Task<IResult> Get(Guid id, string? format, string? lang, ClaimsPrincipal user, HttpContext context, IQuerySession session,
        PersonalVault vault, TimeProvider clock)
    {
        var view = await session.LoadAsync<DelegateView>(id);
        if (view is null) return Results.Problem(Problems.NotFound($"No delegate has id {id}."));
        var actor = user.Actor();
        if (!actor.IsOrganiser && !actor.IsDelegate(id))
            return Results.Problem(Problems.Forbidden("Only the delegate itself or an organiser may read what is held about this person."));

        var report = await Gather(session, vault, view, clock.GetUtcNow());
        context.Response.Headers.CacheControl = "no-store";
        var wantsHtml = string.Equals(format, "html", StringComparison.OrdinalIgnoreCase)
                        || (format is null && context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType == "text/html"));
        return wantsHtml
            ? Results.Content(SubjectAccessPage.Render(report, SubjectAccessPage.LanguageFor(lang, context)), "text/html; charset=utf-8")
            : Results.Ok(report);
    }

    public static async Task<SubjectAccessReport> Gather(IQuerySession session, PersonalVault vault, DelegateView view, DateTimeOffset now)
    {
        var id = view.Id;
        var person = await DelegatePeople.Read(session, vault, id);
        var assembly = await session.LoadAsync<AssemblyView>(view.AssemblyId);
        var movement = await session.LoadAsync<MovementView>(view.MovementId);
        var own = (await DelegateQueries.HistoryOf(id, session, vault)).Select(h => new HeldFact("delegate", id, h.Type, h.At, h.By, h.Details));

        // The person's part in sessions: floor requests and turns, motions and amendments it tabled, its votes. A named
        // vote's choice is the person's own record; a secret vote holds only that the person took part.
        var facts = own
            .Concat((await session.Events.QueryRawEventDataOnly<FloorRequested>().Where(e => e.DelegateId == id).ToListAsync())
                .Select(e => new HeldFact("session", e.SessionId, nameof(FloorRequested), e.At, e.By, null)))
            .Concat((await session.Events.QueryRawEventDataOnly<FloorRequestWithdrawn>().Where(e => e.DelegateId == id).ToListAsync())
                .Select(e => new HeldFact("session", e.SessionId, nameof(FloorRequestWithdrawn), e.At, e.By, null)))
            .Concat((await session.Events.QueryRawEventDataOnly<FloorGiven>().Where(e => e.DelegateId == id).ToListAsync())
                .Select(e => new HeldFact("session", e.SessionId, nameof(FloorGiven), e.At, e.By, null)))
            .Concat((await session.Events.QueryRawEventDataOnly<SpeakingTurnEnded>().Where(e => e.DelegateId == id).ToListAsync())
                .Select(e => new HeldFact("session", e.SessionId, nameof(SpeakingTurnEnded), e.At, e.By, null)))
            .Concat((await session.Events.QueryRawEventDataOnly<MotionTabled>().Where(e => e.By == id).ToListAsync())
                .Select(e => new HeldFact("motion", e.MotionId, nameof(MotionTabled), e.At, e.By, new { e.SessionId, e.Title, e.Text })))
            .Concat((await session.Events.QueryRawEventDataOnly<AmendmentProposed>().Where(e => e.By == id).ToListAsync())
                .Select(e => new HeldFact("motion", e.MotionId, nameof(AmendmentProposed), e.At, e.By, new { e.SessionId, e.AmendmentId, e.Text })))
            .Concat((await session.Events.QueryRawEventDataOnly<BallotCast>().Where(e => e.DelegateId == id).ToListAsync())
                .Select(e => new HeldFact("motion", e.MotionId, nameof(BallotCast), e.At, e.By, new { e.SessionId, e.Choice })))
            .Concat((await session.Events.QueryRawEventDataOnly<VoterParticipated>().Where(e => e.DelegateId == id).ToListAsync())
                .Select(e => new HeldFact("motion", e.MotionId, nameof(VoterParticipated), e.At, e.By, new { e.SessionId })))
            .OrderBy(f => f.At).ThenBy(f => f.Type, StringComparer.Ordinal)
            .ToList();

        return new SubjectAccessReport(id, now, new PersonalDataHeld(person?.FullName ?? "", person?.Email, person?.Erased == true, view.PersonalDataErasedAt),
            new RegistrationHeld(view.AssemblyId, assembly?.Title ?? "", view.MovementId, movement?.Name ?? "", view.Country, view.Languages, view.Role,
                view.Status, view.RegisteredAt, view.AccreditedAt, view.CheckedInAt, view.MayVote),
            facts);
    }
}

/// <summary>The report as a page a person can read and keep, in es, en, pt or fr; every value is HTML-encoded.</summary>
public static class SubjectAccessPage
{
    /// <summary>Encodes markup characters, not letters: names in every script stay readable in the file.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Texts =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["es"] = new Dictionary<string, string>
            {
                ["title"] = "Datos personales conservados", ["generated"] = "Generado el", ["person"] = "Persona", ["name"] = "Nombre",
                ["email"] = "Correo electrónico", ["erased"] = "persona borrada", ["erasedAt"] = "Datos borrados el", ["registration"] = "Inscripción",
                ["assembly"] = "Asamblea", ["movement"] = "Movimiento", ["country"] = "País", ["languages"] = "Idiomas", ["role"] = "Función",
                ["status"] = "Estado", ["facts"] = "Hechos registrados", ["when"] = "Cuándo", ["what"] = "Qué", ["where"] = "Dónde",
                ["details"] = "Detalles", ["reasonErased"] = "motivo borrado con los datos de la persona",
            },
            ["en"] = new Dictionary<string, string>
            {
                ["title"] = "Personal data held", ["generated"] = "Generated on", ["person"] = "Person", ["name"] = "Name",
                ["email"] = "E-mail", ["erased"] = "erased person", ["erasedAt"] = "Data erased on", ["registration"] = "Registration",
                ["assembly"] = "Assembly", ["movement"] = "Movement", ["country"] = "Country", ["languages"] = "Languages", ["role"] = "Role",
                ["status"] = "Status", ["facts"] = "Recorded facts", ["when"] = "When", ["what"] = "What", ["where"] = "Where",
                ["details"] = "Details", ["reasonErased"] = "reason erased with the person's data",
            },
            ["pt"] = new Dictionary<string, string>
            {
                ["title"] = "Dados pessoais mantidos", ["generated"] = "Gerado em", ["person"] = "Pessoa", ["name"] = "Nome",
                ["email"] = "E-mail", ["erased"] = "pessoa apagada", ["erasedAt"] = "Dados apagados em", ["registration"] = "Inscrição",
                ["assembly"] = "Assembleia", ["movement"] = "Movimento", ["country"] = "País", ["languages"] = "Idiomas", ["role"] = "Função",
                ["status"] = "Situação", ["facts"] = "Fatos registrados", ["when"] = "Quando", ["what"] = "O quê", ["where"] = "Onde",
                ["details"] = "Detalhes", ["reasonErased"] = "motivo apagado com os dados da pessoa",
            },
            ["fr"] = new Dictionary<string, string>
            {
                ["title"] = "Données personnelles conservées", ["generated"] = "Généré le", ["person"] = "Personne", ["name"] = "Nom",
                ["email"] = "Courriel", ["erased"] = "personne effacée", ["erasedAt"] = "Données effacées le", ["registration"] = "Inscription",
                ["assembly"] = "Assemblée", ["movement"] = "Mouvement", ["country"] = "Pays", ["languages"] = "Langues", ["role"] = "Rôle",
                ["status"] = "Statut", ["facts"] = "Faits enregistrés", ["when"] = "Quand", ["what"] = "Quoi", ["where"] = "Où",
                ["details"] = "Détails", ["reasonErased"] = "motif effacé avec les données de la personne",
            },
        };

    /// <summary><c>?lang=</c> when it is one of ours, otherwise the browser's first language we have, otherwise Spanish.</summary>
    public static string LanguageFor(string? lang, HttpContext context)
    {
        if (lang is not null && Texts.ContainsKey(lang)) return lang;
        var accepted = context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant());
        return accepted.FirstOrDefault(l => l is not null && Texts.ContainsKey(l)) ?? "es";
    }

    public static string Render(SubjectAccessReport report, string language)
    {
        var t = Texts[language];
        string E(object? value) => Encoder.Encode(value switch
        {
            null => "",
            DateTimeOffset at => at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'"),
            _ => value.ToString() ?? "",
        });
        var person = report.PersonalData;
        var registration = report.Registration;
        var page = new StringBuilder();
        page.Append($"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{E(t["title"])}</title></head><body>");
        page.Append($"<h1>{E(t["title"])}</h1><p>{E(t["generated"])} {E(report.GeneratedAt)} · {E(report.DelegateId)}</p>");
        page.Append($"<h2>{E(t["person"])}</h2><dl>");
        if (person.Erased) page.Append($"<dt>{E(t["name"])}</dt><dd>{E(t["erased"])}</dd><dt>{E(t["erasedAt"])}</dt><dd>{E(person.ErasedAt)}</dd>");
        else page.Append($"<dt>{E(t["name"])}</dt><dd>{E(person.FullName)}</dd><dt>{E(t["email"])}</dt><dd>{E(person.Email)}</dd>");
        page.Append($"</dl><h2>{E(t["registration"])}</h2><dl>");
        foreach (var (label, value) in new (string, object?)[]
                 {
                     ("assembly", registration.Assembly), ("movement", registration.Movement), ("country", registration.Country),
                     ("languages", string.Join(", ", registration.Languages)), ("role", registration.Role),
                     ("status", JsonNaming.Enum(registration.Status)),
                 })
            page.Append($"<dt>{E(t[label])}</dt><dd>{E(value)}</dd>");
        page.Append($"</dl><h2>{E(t["facts"])}</h2><table><thead><tr><th scope=\"col\">{E(t["when"])}</th><th scope=\"col\">{E(t["what"])}</th>");
        page.Append($"<th scope=\"col\">{E(t["where"])}</th><th scope=\"col\">{E(t["details"])}</th></tr></thead><tbody>");
        foreach (var fact in report.Facts)
            page.Append($"<tr><td>{E(fact.At)}</td><td>{E(fact.Type)}</td><td>{E(fact.Stream)} {E(fact.StreamId)}</td>" +
                        $"<td>{E(fact.Details switch
                        {
                            null => "",
                            // A reason is a sentence to read; an erased one is said in the page's language, not the API's marker.
                            ReasonDetails { ReasonErased: true } => t["reasonErased"],
                            ReasonDetails reason => reason.Reason,
                            var details => JsonSerializer.Serialize(details),
                        })}</td></tr>");
        page.Append("</tbody></table></body></html>");
        return page.ToString();
    }
}
