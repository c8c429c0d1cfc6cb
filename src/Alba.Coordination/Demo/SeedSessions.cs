using System.Text.Json.Nodes;

namespace Alba.Coordination.Demo;

/// <summary>
/// The opening plenary of the assembly seeded before: delegates signed in with their badge codes take the floor,
/// table the statement on the killing of social leaders (amended, then adopted by a named vote) and a call to a
/// continental day of action (secret vote). The session is left open with a queue, for the live page.
/// </summary>
public sealed class SeedSessions : IDemoStep
{
    private const int Participants = 12;

    public int Order => 30;

    public async Task RunAsync(DemoContext demo, CancellationToken cancellationToken)
    {
        if (demo.Shared.GetValueOrDefault("assemblyId") is not Guid assemblyId
            || demo.Shared.GetValueOrDefault("credentials") is not List<string> { Count: > 0 } credentials)
        {
            demo.Notes.Add("Sessions: no assembly with delegate credentials from an earlier step; no sessions seeded.");
            return;
        }

        var delegates = new List<(Guid Id, string Token)>();
        foreach (var code in credentials.Take(Participants))
        {
            var login = await demo.Post("/api/auth/credential-login", new { credentialCode = code });
            delegates.Add((Guid.Parse(login!["delegateId"]!.GetValue<string>()), login["accessToken"]!.GetValue<string>()));
        }

        var scheduled = await demo.Post($"/api/assemblies/{assemblyId}/sessions", new
        {
            title = "Plenaria de apertura", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow.AddMinutes(-30),
            agenda = new[]
            {
                new { title = "Apertura y saludo de las delegaciones" },
                new { title = "Informe de coyuntura continental" },
                new { title = "Declaración contra el asesinato de líderes sociales" },
                new { title = "Jornada continental de solidaridad" },
            },
        });
        var sessionId = Guid.Parse(scheduled!["sessionId"]!.GetValue<string>());
        await demo.Post($"/api/assemblies/{assemblyId}/sessions", new
        {
            title = "Comisión de mujeres y diversidades", kind = "commission", scheduledAt = DateTimeOffset.UtcNow.AddDays(1),
            agenda = new[] { new { title = "Feminismo popular" }, new { title = "Relatoría" } },
        });
        await demo.Post($"/api/sessions/{sessionId}/opening", null);

        await demo.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 1 });
        // Only those present (checked in) may speak and vote: the others' refusals are skipped.
        var present = new List<(Guid Id, string Token)>();
        foreach (var participant in delegates)
            if (await Try(() => demo.Post($"/api/sessions/{sessionId}/speakers", null, participant.Token)) is not null) present.Add(participant);
        if (present.Count == 0)
        {
            demo.Notes.Add("Sessions: none of the demo delegates has checked in; the plenary is open with an empty floor.");
            return;
        }
        for (var turn = 0; turn < Math.Min(3, present.Count); turn++) await demo.Post($"/api/sessions/{sessionId}/speakers/next", null);
        await demo.Post($"/api/sessions/{sessionId}/speakers/current/end", null);

        await demo.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 2 });
        var statement = await TableAndVote(demo, sessionId, present, "Declaración contra el asesinato de líderes sociales",
            "La asamblea denuncia el asesinato de líderes y lideresas sociales en el continente.",
            "La asamblea denuncia el asesinato de líderes y lideresas sociales en el continente y exige verdad, justicia y garantías de no repetición.",
            secret: false, majority: "simple", i => i % 5 == 4 ? "abstain" : "yes");
        await demo.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 3 });
        var solidarity = await TableAndVote(demo, sessionId, present, "Jornada continental de solidaridad",
            "Convocamos una jornada continental de solidaridad con los pueblos en lucha.", amendedText: null,
            secret: true, majority: "twoThirds", i => i % 4 == 3 ? "no" : "yes");

        demo.Notes.Add($"Sessions: plenary {sessionId} open with speakers waiting; named vote {statement}; secret vote {solidarity}.");
    }

    /// <summary>The secretariat tables the drafting commission's text; a delegate amends it; everyone present on the roll votes.</summary>
    private static async Task<string> TableAndVote(DemoContext demo, Guid sessionId, List<(Guid Id, string Token)> present, string title,
        string text, string? amendedText, bool secret, string majority, Func<int, string> choiceOf)
    {
        var tabled = await demo.Post($"/api/sessions/{sessionId}/motions", new { title, text });
        var motionId = tabled!["motionId"]!.GetValue<string>();
        if (amendedText is not null
            && await Try(() => demo.Post($"/api/motions/{motionId}/amendments", new { text = amendedText }, present[^1].Token)) is { } amendment)
            await demo.Post($"/api/motions/{motionId}/amendments/{amendment["amendmentId"]!.GetValue<string>()}/acceptance", null);
        // A secret vote answers its tellers' shares once; the demo's chair keeps them to close it.
        var opened = await demo.Post($"/api/motions/{motionId}/vote", new { secret, majority, quorum = (present.Count + 1) / 2 });
        // Observers and guests are present but not on the roll: their refusals are skipped.
        for (var i = 0; i < present.Count; i++)
            await Try(() => demo.Post($"/api/motions/{motionId}/ballots", new { choice = choiceOf(i) }, present[i].Token));
        var result = await demo.Post($"/api/motions/{motionId}/vote/closing", secret ? new { shares = opened!["tellerShares"] } : null);
        return $"'{title}' {result!["outcome"]!.GetValue<string>()} ({result["yes"]}-{result["no"]}-{result["abstain"]})";
    }

    private static async Task<JsonNode?> Try(Func<Task<JsonNode?>> call)
    {
        try
        {
            return await call() ?? new JsonObject();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
