using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// Every route that names a resource, called by an organiser with a well-formed body on an id nothing has: a 404 problem
/// document whose detail names what was looked for. (Who may call which route is the 401/403 matrix's business.)
/// </summary>
[Collection(AppCollection.Name)]
public class every_route_on_an_unknown_id(AppFixture app)
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddDays(2);

    public static TheoryData<string, string, object?, string> Routes() => new()
    {
        { "GET", "/api/actions/{id}", null, "No action has id {id}." },
        { "GET", "/api/actions/{id}/reports", null, "No action has id {id}." },
        { "POST", "/api/actions/{id}/reports", new { reportId = "r-1", reportedAt = DateTimeOffset.UtcNow, turnout = 10, arrests = 0, injuries = 0, deaths = 0, note = "" }, "No action has id {id}." },
        { "GET", "/api/assemblies/{id}", null, "No assembly has id {id}." },
        { "GET", "/api/assemblies/{id}/attendance", null, "No assembly has id {id}." },
        { "GET", "/api/assemblies/{id}/delegates", null, "No assembly has id {id}." },
        { "GET", "/api/assemblies/{id}/delegates.csv", null, "No assembly has id {id}." },
        { "GET", "/api/assemblies/{id}/sessions", null, "No assembly has id {id}." },
        { "POST", "/api/assemblies/{id}/registration/opening", null, "No assembly has id {id}." },
        { "POST", "/api/assemblies/{id}/registration/closing", null, "No assembly has id {id}." },
        { "POST", "/api/assemblies/{id}/registrations", new { movementId = Guid.CreateVersion7(), fullName = "Ana Pérez", email = "ana@alba.test", country = "AR", languages = new[] { "es" }, role = "delegate" }, "No assembly has id {id}." },
        { "POST", "/api/assemblies/{id}/sessions", new { title = "Plenaria", kind = "plenary", scheduledAt = Later, agenda = new[] { new { title = "Apertura" } } }, "No assembly has id {id}." },
        { "POST", "/api/assemblies/{id}/badges", new { badges = new[] { new { delegateId = Guid.CreateVersion7(), credentialCode = "ABCD2345EFGH6789JKMN" } } }, "No assembly has id {id}." },
        { "POST", "/api/assemblies/{id}/check-ins", new { credentialCode = "ABCD2345EFGH6789JKMN", station = "door-1", scannedAt = DateTimeOffset.UtcNow, scanId = "scan-1" }, "No badge has this code: check the code or the badge." },
        { "POST", "/api/assemblies/{id}/imports/registrations", new { movementId = Guid.CreateVersion7(), fullName = "Ana Pérez", email = "ana@alba.test", country = "AR", languages = new[] { "es" }, role = "delegate" }, "No assembly has id {id}." },
        { "PUT", "/api/assemblies/{id}/limits", new { capacity = 100, delegatesPerMovement = 10 }, "No assembly has id {id}." },
        { "GET", "/api/delegates/{id}", null, "No delegate has id {id}." },
        { "GET", "/api/delegates/{id}/badge", null, "No delegate has id {id}." },
        { "GET", "/api/delegates/{id}/history", null, "No delegate has id {id}." },
        { "POST", "/api/delegates/{id}/accreditation", new { decision = "accredit" }, "No delegate has id {id}." },
        { "POST", "/api/delegates/{id}/check-ins", new { station = "door-1", scannedAt = DateTimeOffset.UtcNow, scanId = "scan-1" }, "No delegate has id {id}." },
        { "POST", "/api/delegates/{id}/credential", null, "No delegate has id {id}." },
        { "POST", "/api/delegates/{id}/revocation", new { reason = "Conduct" }, "No delegate has id {id}." },
        { "POST", "/api/delegates/{id}/withdrawal", null, "No delegate has id {id}." },
        { "GET", "/api/delegates/{id}/personal-data", null, "No delegate has id {id}." },
        { "POST", "/api/delegates/{id}/erasure", new { reason = "The person asked." }, "No delegate has id {id}." },
        { "GET", "/api/assemblies/{id}/personal-data-retention", null, "No assembly has id {id}." },
        { "PUT", "/api/assemblies/{id}/personal-data-retention", new { personalDataRetainedUntil = Later }, "No assembly has id {id}." },
        { "GET", "/api/mobilisations/{id}", null, "No mobilisation call has id {id}." },
        { "GET", "/api/mobilisations/{id}/actions", null, "No mobilisation call has id {id}." },
        { "GET", "/api/mobilisations/{id}/actions.csv", null, "No mobilisation call has id {id}." },
        { "GET", "/api/mobilisations/{id}/dashboard", null, "No mobilisation call has id {id}." },
        { "POST", "/api/mobilisations/{id}/actions", new { city = "Rosario", country = "AR", kind = "march", startsAt = Later, organisingMovementId = Guid.CreateVersion7() }, "No mobilisation call has id {id}." },
        { "POST", "/api/mobilisations/{id}/endorsements", new { movementId = Guid.CreateVersion7() }, "No mobilisation call has id {id}." },
        { "DELETE", "/api/mobilisations/{id}/endorsements/{other}", null, "No mobilisation call has id {id}." },
        { "GET", "/api/motions/{id}", null, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/amendments", new { text = "Nuevo texto." }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/amendments/{other}/acceptance", null, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/ballots", new { choice = "yes" }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/ballots/resubmission", new { ballot = new { options = Array.Empty<object>(), sumProof = new { c = "00", z = "00" } }, nonce = new string('0', 64) }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/vote", new { secret = false, majority = "simple", quorum = 0 }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/vote/closing", null, "No motion has id {id}." },
        { "GET", "/api/movements/{id}", null, "No movement has id {id}." },
        { "GET", "/api/movements/{id}/workspace", null, "No movement has id {id}." },
        { "POST", "/api/movements/{id}/representatives/{other}/withdrawal", null, "No movement has id {id}." },
        { "POST", "/api/movements/{id}/representatives", new { fullName = "Rep Resentante", email = "rep@alba.test" }, "No movement has id {id}." },
        { "GET", "/api/partners/{id}", null, "No partner has id {id}." },
        { "GET", "/api/partners/{id}/deliveries", null, "No partner has id {id}." },
        { "POST", "/api/partners/{id}/deliveries/replay", new { afterPosition = 0 }, "No partner has id {id}." },
        { "POST", "/api/accounts/{id}/deactivation", null, "No account has id {id}." },
        { "POST", "/api/accounts/{id}/erasure", new { reason = "The person asked." }, "No account has id {id}." },
        { "GET", "/api/motions/{id}/board", null, "No secret vote's board has id {id}." },
        { "GET", "/api/motions/{id}/keying", null, "No vote with named tellers has id {id}." },
        { "POST", "/api/motions/{id}/keying/commitments", new { transportKey = "02", commitments = new[] { "02" }, proof = new { c = "1", z = "1" } }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/keying/shares", new { shares = Array.Empty<object>() }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/keying/complaints", new { against = 2 }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/keying/confirmations", new { }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/keying/answers", new { to = 2, share = "01" }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/keying/disqualifications", new { teller = 2 }, "No motion has id {id}." },
        { "POST", "/api/motions/{id}/tally/partials", new { lines = Enumerable.Repeat(new { d = "02", proof = new { c = "1", z = "1" } }, 3) }, "No motion has id {id}." },
        { "GET", "/api/sessions/{id}", null, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/opening", null, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/adjournment", null, "No session has id {id}." },
        { "PUT", "/api/sessions/{id}/agenda/current", new { index = 0 }, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/agenda/items", new { title = "Informe" }, "No session has id {id}." },
        { "PUT", "/api/sessions/{id}/language", new { language = "pt" }, "No session has id {id}." },
        { "PUT", "/api/sessions/{id}/speaking-time", new { seconds = 120 }, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/motions", new { title = "Moción", text = "Texto." }, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/speakers", new { delegateId = Guid.CreateVersion7() }, "No session has id {id}." },
        { "DELETE", "/api/sessions/{id}/speakers/{other}", null, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/speakers/next", null, "No session has id {id}." },
        { "POST", "/api/sessions/{id}/speakers/current/end", null, "No session has id {id}." },
        { "GET", "/api/statements/{id}", null, "No statement has id {id}." },
        { "GET", "/api/statements/{id}/history", null, "No statement has id {id}." },
        { "GET", "/api/statements/{id}/chain", null, "No statement has id {id}." },
        { "GET", "/api/statements/{id}/signatories.csv", null, "No statement has id {id}." },
        { "POST", "/api/statements/{id}/revisions", new { body = "Texto.", baseRevision = 1 }, "No statement has id {id}." },
        { "POST", "/api/statements/{id}/signature-opening", new { closesAt = (DateTimeOffset?)null }, "No statement has id {id}." },
        { "POST", "/api/statements/{id}/signatures", new { movementId = Guid.CreateVersion7(), revision = 1 }, "No statement has id {id}." },
        { "DELETE", "/api/statements/{id}/signatures/{other}", null, "No statement has id {id}." },
        { "POST", "/api/statements/{id}/translations", new { language = "pt", title = "Declaração", body = "Texto.", sourceRevision = 1 }, "No statement has id {id}." },
        { "POST", "/api/statements/{id}/publication", null, "No statement has id {id}." },
    };

    /// <summary>Routes on an id that the table above does not call, each with the reason.</summary>
    private static readonly Dictionary<string, string> CalledElsewhere = new()
    {
        ["POST /api/assemblies/{id}/imports/preview"] = "checks the movement its body names first: with an id nothing has it answers "
            + "400 'No movement has id …' before it looks for the assembly, and this table's routes name no movement that exists",
    };

    [Fact]
    public async Task every_route_on_an_id_has_a_row_or_a_reason()
    {
        using var client = app.Host.Client();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var onAnId = document["paths"]!.AsObject().Where(path => path.Key.Contains("{id}"))
            .SelectMany(path => path.Value!.AsObject().Select(operation => $"{operation.Key.ToUpperInvariant()} {OtherIds(path.Key)}")).ToList();
        var rows = Routes().Select(row => $"{row[0]} {row[1]}").ToHashSet();
        var missing = onAnId.Where(route => !rows.Contains(route) && !CalledElsewhere.ContainsKey(route)).Order().ToList();
        Assert.True(missing.Count == 0, "No row and no reason for: " + string.Join("; ", missing));
        Assert.Empty(CalledElsewhere.Keys.Except(onAnId));
    }

    /// <summary>The route with every id but the first named <c>{other}</c>, as the rows write it.</summary>
    private static string OtherIds(string route) => Regex.Replace(route, @"\{(?!id\})[^}]+\}", "{other}");

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task answers_404_naming_what_it_looked_for(string method, string route, object? body, string detail)
    {
        var id = Guid.CreateVersion7();
        var url = route.Replace("{id}", id.ToString()).Replace("{other}", Guid.CreateVersion7().ToString());
        var answer = await app.Host.Send(new HttpMethod(method), url, body, await app.Host.Organiser(), null);
        Assert.Equal((404, "application/problem+json", detail.Replace("{id}", id.ToString())),
            (answer.Status, answer.ContentType, answer.Body?["detail"]?.GetValue<string>()));
    }
}
