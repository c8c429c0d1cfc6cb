using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Statements;

/// <summary>A member movement and its signed-in representative.</summary>
public sealed record Party(Guid MovementId, Caller Rep);

/// <summary>Named states of joint statements, built through the public API.</summary>
public static class StatementScenarios
{
    public static async Task<Party> AParty(this IAlbaHost host, string? name = null, string country = "AR")
    {
        var movementId = await host.AMovement(name, country);
        return new Party(movementId, await host.ARepresentativeOf(movementId));
    }

    public static async Task<Party[]> Parties(this IAlbaHost host, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => host.AParty()));

    public static Task<Answer> Draft(this IAlbaHost host, Party initiator, string? title = null, string body = "Denunciamos la masacre.",
        string language = "es") =>
        host.Post("/api/statements", new { title = title ?? Scenarios.Unique("Declaración"), body, language, initiatingMovementId = initiator.MovementId },
            initiator.Rep);

    /// <summary>A draft at revision 1 written by the initiator's representative.</summary>
    public static async Task<Guid> ADraft(this IAlbaHost host, Party initiator, string body = "Denunciamos la masacre.")
    {
        var answer = await host.Draft(initiator, body: body);
        Assert.Equal(201, answer.Status);
        return answer.Id("statementId");
    }

    public static Task<Answer> Revise(this IAlbaHost host, Guid statementId, Caller caller, int baseRevision, string body, string? title = null,
        string note = "Ajustes de redacción") =>
        host.Post($"/api/statements/{statementId}/revisions", new { title, body, note, baseRevision }, caller);

    public static Task<Answer> OpenForSignature(this IAlbaHost host, Guid statementId, Caller caller, DateTimeOffset? closesAt = null) =>
        host.Post($"/api/statements/{statementId}/signature-opening", new { closesAt }, caller);

    /// <summary>A statement open for signature at revision 1.</summary>
    public static async Task<Guid> AnOpenStatement(this IAlbaHost host, Party initiator)
    {
        var id = await host.ADraft(initiator);
        Assert.Equal(200, (await host.OpenForSignature(id, initiator.Rep)).Status);
        return id;
    }

    public static Task<Answer> Sign(this IAlbaHost host, Guid statementId, Party party, int revision) =>
        host.Post($"/api/statements/{statementId}/signatures", new { movementId = party.MovementId, revision }, party.Rep);

    public static Task<Answer> Publish(this IAlbaHost host, Guid statementId, Caller caller) =>
        host.Post($"/api/statements/{statementId}/publication", null, caller);

    public static async Task<JsonNode> Statement(this IAlbaHost host, Guid statementId, Caller? caller = null, string query = "")
    {
        var answer = await host.Get($"/api/statements/{statementId}{query}", caller);
        Assert.Equal(200, answer.Status);
        return answer.Body!;
    }

    public static async Task<JsonArray> History(this IAlbaHost host, Guid statementId, Caller caller)
    {
        var answer = await host.Get($"/api/statements/{statementId}/history", caller);
        Assert.Equal(200, answer.Status);
        return answer.Body!.AsArray();
    }

    public static IEnumerable<Guid> MovementIds(this JsonNode statement, string list) =>
        statement[list]!.AsArray().Select(s => Guid.Parse(s!["movementId"]!.GetValue<string>()));

    public static int Revision(this JsonNode statement) => statement["revision"]!.GetValue<int>();
}
