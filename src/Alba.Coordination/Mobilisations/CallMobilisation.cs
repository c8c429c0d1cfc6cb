using Alba.Coordination.Movements;

namespace Alba.Coordination.Mobilisations;

public sealed record CallMobilisation(string Title, string CallText, string Language, DateOnly StartsOn, DateOnly EndsOn,
    string[]? Countries, Guid[]? ConvenedBy);

public sealed record MobilisationCreated(Guid MobilisationId);

public static class CallMobilisationEndpoint
{
    public const int LongestCallInDays = 366;

    public static ProblemDetails Validate(CallMobilisation command)
    {
        var validation = new Validation()
            .Required(command.Title, "title")
            .Required(command.CallText, "callText", 20_000)
            .Check(Languages.IsTag(command.Language), "language",
                $"'{command.Language}' is not a language code (ISO 639-1, optionally with a region: es, pt-BR).")
            .Date(command.StartsOn, "startsOn")
            .Date(command.EndsOn, "endsOn");
        if (!validation.Has("startsOn") && !validation.Has("endsOn"))
        {
            validation
                .Check(command.EndsOn >= command.StartsOn, "endsOn", "'endsOn' must not be before 'startsOn'.")
                .Check(command.EndsOn.DayNumber - command.StartsOn.DayNumber <= LongestCallInDays, "endsOn",
                    $"A call lasts at most {LongestCallInDays} days.");
        }

        if (command.Countries is not { Length: > 0 } countries) validation.Add("countries", "Name at least one country.");
        else
        {
            foreach (var country in countries.Where(c => !Countries.IsIsoAlpha2(c)))
                validation.Add("countries", $"'{country}' is not an ISO 3166-1 alpha-2 country code (for example AR, VE, CO).");
            validation.Check(countries.Distinct().Count() == countries.Length, "countries", "A country is listed twice.");
        }

        if (command.ConvenedBy is not { Length: > 0 } conveners) validation.Add("convenedBy", "Name at least one convening movement.");
        else
        {
            validation
                .Check(!conveners.Contains(Guid.Empty), "convenedBy", "A convening movement id is empty.")
                .Check(conveners.Distinct().Count() == conveners.Length, "convenedBy", "A movement is listed twice.");
        }
        return validation.ToProblem();
    }

    /// <summary>
    /// An organiser names any conveners; a representative names only its own movement, because a convener counts as an
    /// endorsement and no movement may be made to back a call by another (the others join by endorsing). Every convener
    /// must be a registered movement.
    /// </summary>
    public static Decision Decide(CallMobilisation command, IReadOnlyCollection<Guid> registeredMovements, Guid mobilisationId, Actor actor,
        DateTimeOffset now)
    {
        var conveners = command.ConvenedBy!;
        if (!actor.IsOrganiser && !conveners.All(actor.Represents))
            return Problems.Forbidden(actor.Role == Roles.Representative
                ? "A representative may name only its own movement in 'convenedBy'; other movements join the call by endorsing it."
                : "Only an organiser, or a representative naming its own movement as convener, may issue a call.");
        var unknown = conveners.Where(id => !registeredMovements.Contains(id)).ToList();
        if (unknown.Count > 0)
            return Problems.Invalid("convenedBy", $"No movement has id {string.Join(", ", unknown)}.");
        return Decision.Append(new MobilisationCalled(mobilisationId, command.Title.Trim(), command.CallText.Trim(), command.Language,
            command.StartsOn, command.EndsOn, command.Countries!, conveners, actor.Id, now));
    }

    [WolverinePost("/api/mobilisations", Name = "CallMobilisation"), Authorize]
    public static async Task<IResult> Post(CallMobilisation command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock)
    {
        var registered = (await session.LoadManyAsync<MovementView>(command.ConvenedBy!)).Select(m => m.Id).ToList();
        var id = Guid.CreateVersion7();
        return session.Started<MobilisationState>(id, Decide(command, registered, id, user.Actor(), clock.GetUtcNow()),
            $"/api/mobilisations/{id}", new MobilisationCreated(id));
    }
}
