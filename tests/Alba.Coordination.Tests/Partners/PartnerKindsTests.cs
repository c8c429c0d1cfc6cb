using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Partners;

/// <summary>
/// The kinds a partner may ask for, served to organisers by <c>GET /api/partners/kinds</c>: exactly the ones registration
/// accepts, none that names a person, and a partner that asked for every kind is offered only those.
/// </summary>
[Collection(AppCollection.Name)]
public class the_kinds_a_partner_may_ask_for(AppFixture app)
{
    [Fact]
    public async Task are_served_to_organisers_and_are_exactly_what_a_registration_accepts()
    {
        var organiser = await app.Host.Organiser();
        var representative = await app.Host.ARepresentativeOf(await app.Host.AMovement());

        Assert.Equal(401, (await app.Host.Get("/api/partners/kinds")).Status);
        Assert.Equal(403, (await app.Host.Get("/api/partners/kinds", representative)).Status);
        var served = await app.Host.Get("/api/partners/kinds", organiser);
        Assert.Equal(200, served.Status);
        var kinds = served.Body!.AsArray().Select(kind => kind!.GetValue<string>()).ToArray();
        Assert.Equal(["StatementPublished", "MobilisationCalled", "MobilisationEndorsed", "ActionRegistered", "ActionReported",
            "SessionOpened", "SessionAdjourned", "VoteOpened", "VoteClosed"], kinds);

        var everyKind = await app.Host.Post("/api/partners", new { name = Scenarios.Unique("Radio"), url = "http://127.0.0.1:9/hook", kinds },
            organiser);
        Assert.Equal(201, everyKind.Status);
        Assert.Equal(kinds, everyKind.Body!["kinds"]!.AsArray().Select(kind => kind!.GetValue<string>()));

        var personal = await app.Host.Post("/api/partners",
            new { name = Scenarios.Unique("Radio"), url = "http://127.0.0.1:9/hook", kinds = new[] { "DelegateRegistered" } }, organiser);
        Assert.Equal(400, personal.Status);
        Assert.StartsWith("'DelegateRegistered' is not a public kind a partner can receive",
            personal.Body!["errors"]!["kinds"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task its_registration_points_at_where_it_is_read()
    {
        var organiser = await app.Host.Organiser();
        var name = Scenarios.Unique("Radio Comunitaria");
        var registered = await app.Host.Post("/api/partners", new { name, url = "http://127.0.0.1:9/hook", kinds = new[] { "VoteClosed" } },
            organiser);
        Assert.Equal(201, registered.Status);

        var read = await app.Host.Get(registered.Location!, organiser);
        Assert.Equal(200, read.Status);
        Assert.Equal(registered.Id("partnerId"), read.Id("id"));
        Assert.Equal(name, read.Body!["name"]!.GetValue<string>());
        Assert.Equal(["VoteClosed"], read.Body["kinds"]!.AsArray().Select(kind => kind!.GetValue<string>()));
        Assert.Null(read.Body["secret"]);
        Assert.DoesNotContain(registered.Body!["secret"]!.GetValue<string>(), read.Body.ToJsonString());

        Assert.Equal(403, (await app.Host.Get(registered.Location!, await app.Host.ARepresentativeOf(await app.Host.AMovement()))).Status);
        var unknown = Guid.NewGuid();
        var missing = await app.Host.Get($"/api/partners/{unknown}", organiser);
        Assert.Equal(404, missing.Status);
        Assert.Equal($"No partner has id {unknown}.", missing.Body!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_partner_that_asked_for_every_kind_is_offered_only_those()
    {
        var organiser = await app.Host.Organiser();
        // No kinds: every public one. Nothing answers on port 9, so its deliveries stay listed (pending).
        var partner = (await app.Host.Post("/api/partners", new { name = Scenarios.Unique("Boletín"), url = "http://127.0.0.1:9/hook" },
            organiser)).Id("partnerId");

        // Personal and other non-public events first (a movement, a registration, an accreditation, a check-in), then a call.
        var movement = await app.Host.AMovement(country: "BO");
        var assembly = await app.Host.AnAssembly();
        var delegateRegistered = await app.Host.AnAccreditedDelegate(assembly, movement);
        await app.Host.CheckIn(delegateRegistered.Id, DateTimeOffset.UtcNow.AddMinutes(-1));
        await app.Host.ACall(movement);

        // The live feed handles events in commit order: once the call is offered, everything before it was.
        var deliveries = await Eventually(async () =>
        {
            var listed = (await app.Host.Get($"/api/partners/{partner}/deliveries", organiser)).Body!.AsArray();
            return listed.Any(d => d!["kind"]!.GetValue<string>() == "MobilisationCalled") ? listed : null;
        });
        var offered = deliveries.Select(d => d!["kind"]!.GetValue<string>()).Distinct().ToArray();
        Assert.Contains("MobilisationCalled", offered);
        Assert.DoesNotContain("MovementRegistered", offered);
        Assert.DoesNotContain("DelegateRegistered", offered);
        Assert.DoesNotContain("DelegateAccredited", offered);
        Assert.DoesNotContain("DelegateCheckedIn", offered);
        var served = (await app.Host.Get("/api/partners/kinds", organiser)).Body!.AsArray().Select(kind => kind!.GetValue<string>());
        Assert.Subset(served.ToHashSet(), offered.ToHashSet());
    }

    private static async Task<JsonArray> Eventually(Func<Task<JsonArray?>> attempt)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await attempt() is { } found) return found;
            Assert.True(DateTime.UtcNow < until, "The call was not offered to the partner within 30 s.");
            await Task.Delay(200);
        }
    }
}
