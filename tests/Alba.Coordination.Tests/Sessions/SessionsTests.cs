using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_a_plenary_runs_from_opening_to_adjournment(AppFixture app)
{
    [Fact]
    public async Task the_chair_the_floor_a_motion_and_its_named_vote_all_show_in_the_session()
    {
        var host = app.Host;
        var organiser = await host.Organiser();
        var (assemblyId, delegates) = await host.AnAssemblyWithDelegates(3);
        var (ana, bruno, carla) = (delegates[0], delegates[1], delegates[2]);

        var scheduled = await host.Post($"/api/assemblies/{assemblyId}/sessions", new
        {
            title = "Plenaria de apertura", kind = "plenary", scheduledAt = "2026-11-28T14:00:00Z",
            agenda = new[] { new { title = "Apertura" }, new { title = "Informe de coyuntura" }, new { title = "Declaración final" } },
        }, organiser);
        Assert.Equal(201, scheduled.Status);
        var sessionId = scheduled.Id("sessionId");
        Assert.Equal($"/api/sessions/{sessionId}", scheduled.Location);

        var list = await host.Get($"/api/assemblies/{assemblyId}/sessions");
        Assert.Equal("scheduled", Assert.Single(list.Body!.AsArray())!["status"]!.GetValue<string>());

        Assert.Equal(200, (await host.Post($"/api/sessions/{sessionId}/opening", null, organiser)).Status);
        var item = await host.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 1 }, organiser);
        Assert.Equal(200, item.Status);
        Assert.Equal("Informe de coyuntura", item.Get<string>("title"));

        // The floor: first come, first served; one place each.
        var first = await host.Post($"/api/sessions/{sessionId}/speakers", new { }, ana);
        Assert.Equal(201, first.Status);
        Assert.Equal(1, first.Get<int>("position"));
        Assert.Equal(2, (await host.Post($"/api/sessions/{sessionId}/speakers", new { }, bruno)).Get<int>("position"));
        Assert.Equal(3, (await host.Post($"/api/sessions/{sessionId}/speakers", new { delegateId = carla.Id }, organiser)).Get<int>("position"));
        Assert.Equal(409, (await host.Post($"/api/sessions/{sessionId}/speakers", new { }, ana)).Status);
        Assert.Equal(200, (await host.Delete($"/api/sessions/{sessionId}/speakers/{bruno.Id}", bruno)).Status);

        var queued = (await host.Get($"/api/sessions/{sessionId}")).Body!;
        Assert.Equal([ana.Id, carla.Id], queued["queue"]!.AsArray().Select(q => Guid.Parse(q!["delegateId"]!.GetValue<string>())));
        Assert.Equal([1, 2], queued["queue"]!.AsArray().Select(q => q!["position"]!.GetValue<int>()));

        Assert.Equal(ana.Id, (await host.Post($"/api/sessions/{sessionId}/speakers/next", null, organiser)).Id("delegateId"));
        var speaking = (await host.Get($"/api/sessions/{sessionId}")).Body!;
        Assert.Equal(ana.Id, Guid.Parse(speaking["currentSpeaker"]!["delegateId"]!.GetValue<string>()));
        Assert.Equal(carla.Id, (await host.Post($"/api/sessions/{sessionId}/speakers/next", null, organiser)).Id("delegateId"));
        var ended = await host.Post($"/api/sessions/{sessionId}/speakers/current/end", null, organiser);
        Assert.Equal(200, ended.Status);
        Assert.Equal(carla.Id, ended.Id("delegateId"));

        // A motion, amended by the chair's acceptance: the amendment's wording replaces the text.
        var tabled = await host.Post($"/api/sessions/{sessionId}/motions",
            new { title = "Contra el asesinato de líderes sociales", text = "La asamblea denuncia los asesinatos." }, ana);
        Assert.Equal(201, tabled.Status);
        var motionId = tabled.Id("motionId");
        Assert.Equal($"/api/motions/{motionId}", tabled.Location);
        var amendment = await host.Post($"/api/motions/{motionId}/amendments",
            new { text = "La asamblea denuncia los asesinatos y exige justicia." }, bruno);
        Assert.Equal(201, amendment.Status);
        var accepted = await host.Post($"/api/motions/{motionId}/amendments/{amendment.Id("amendmentId")}/acceptance", null, organiser);
        Assert.Equal(200, accepted.Status);
        var motion = (await host.Get($"/api/motions/{motionId}")).Body!;
        Assert.Equal("La asamblea denuncia los asesinatos y exige justicia.", motion["text"]!.GetValue<string>());
        Assert.Equal(2, motion["revision"]!.GetValue<int>());
        Assert.Equal("accepted", motion["amendments"]![0]!["status"]!.GetValue<string>());

        // The named vote: choices are shown only once it is closed.
        var opened = await host.Post($"/api/motions/{motionId}/vote", new { secret = false, majority = "simple", quorum = 2 }, organiser);
        Assert.Equal(200, opened.Status);
        Assert.Equal(3, opened.Get<int>("eligible"));
        Assert.Equal(200, (await host.Vote(motionId, ana, "yes")).Status);
        Assert.Equal(200, (await host.Vote(motionId, bruno, "no")).Status);
        var last = await host.Vote(motionId, carla, "yes");
        Assert.Equal(3, last.Get<int>("cast"));
        Assert.Null(last.Body!["choice"]);
        var open = (await host.Get($"/api/motions/{motionId}")).Body!["vote"]!;
        Assert.Equal("open", open["status"]!.GetValue<string>());
        Assert.Equal(3, open["cast"]!.GetValue<int>());
        Assert.Null(open["ballots"]);
        Assert.Null(open["result"]);

        var closed = await host.CloseVote(motionId);
        Assert.Equal(200, closed.Status);
        Assert.Equal("""{"yes":2,"no":1,"abstain":0,"eligible":3,"cast":3,"quorumMet":true,"outcome":"adopted"}""", closed.Body!.ToJsonString());
        var decided = (await host.Get($"/api/motions/{motionId}")).Body!;
        Assert.Equal("adopted", decided["status"]!.GetValue<string>());
        var ballots = decided["vote"]!["ballots"]!.AsArray().ToDictionary(b => Guid.Parse(b!["delegateId"]!.GetValue<string>()), b => b!["choice"]!.GetValue<string>());
        Assert.Equal(new Dictionary<Guid, string> { [ana.Id] = "yes", [bruno.Id] = "no", [carla.Id] = "yes" }, ballots);

        Assert.Equal(200, (await host.Post($"/api/sessions/{sessionId}/adjournment", null, organiser)).Status);
        var session = (await host.Get($"/api/sessions/{sessionId}")).Body!;
        Assert.Equal("adjourned", session["status"]!.GetValue<string>());
        Assert.Equal("Informe de coyuntura", session["currentAgendaItem"]!["title"]!.GetValue<string>());
        Assert.Null(session["currentSpeaker"]);
        Assert.Empty(session["queue"]!.AsArray());
        var turns = session["turns"]!.AsArray();
        Assert.Equal([ana.Id, carla.Id], turns.Select(t => Guid.Parse(t!["delegateId"]!.GetValue<string>())));
        Assert.All(turns, t => Assert.True(t!["seconds"]!.GetValue<double>() >= 0));
        Assert.Equal(2, session["speakingTimes"]!.AsArray().Count);
        var summary = Assert.Single(session["motions"]!.AsArray())!;
        Assert.Equal("adopted", summary["status"]!.GetValue<string>());
        Assert.Equal("adopted", summary["vote"]!["result"]!["outcome"]!.GetValue<string>());
    }
}

[Collection(AppCollection.Name)]
public class when_someone_other_than_the_chair_chairs(AppFixture app)
{
    [Fact]
    public async Task delegates_are_forbidden_anonymous_callers_unauthorised_and_nothing_is_appended()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(1);
        var sessionId = await app.Host.AnOpenSession(assemblyId);
        var motionId = await app.Host.AMotion(sessionId, delegates[0]);
        var amendmentId = (await app.Host.Post($"/api/motions/{motionId}/amendments", new { text = "Otro texto." }, delegates[0])).Id("amendmentId");
        var before = (await app.Host.Get($"/api/sessions/{sessionId}")).Body!.ToJsonString();
        var motionBefore = (await app.Host.Get($"/api/motions/{motionId}")).Body!.ToJsonString();

        foreach (var caller in new[] { delegates[0], Caller.Anonymous })
        {
            var expected = caller == Caller.Anonymous ? 401 : 403;
            Assert.Equal(expected, (await app.Host.Post($"/api/sessions/{sessionId}/adjournment", null, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/sessions/{sessionId}/opening", null, caller)).Status);
            Assert.Equal(expected, (await app.Host.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 2 }, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/sessions/{sessionId}/speakers/next", null, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/sessions/{sessionId}/speakers/current/end", null, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/motions/{motionId}/amendments/{amendmentId}/acceptance", null, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/motions/{motionId}/vote", new { secret = true, majority = "simple", quorum = 0 }, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/motions/{motionId}/vote/closing", null, caller)).Status);
            Assert.Equal(expected, (await app.Host.Post($"/api/assemblies/{assemblyId}/sessions",
                new { title = "T", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow, agenda = new[] { new { title = "A" } } }, caller)).Status);
        }

        Assert.Equal(before, (await app.Host.Get($"/api/sessions/{sessionId}")).Body!.ToJsonString());
        Assert.Equal(motionBefore, (await app.Host.Get($"/api/motions/{motionId}")).Body!.ToJsonString());
        var refused = await app.Host.Post($"/api/sessions/{sessionId}/speakers/next", null, delegates[0]);
        Assert.Equal("application/problem+json", refused.ContentType);
    }

    [Fact]
    public async Task a_representative_tables_no_motion_and_a_delegate_of_another_assembly_neither()
    {
        var (assemblyId, _) = await app.Host.AnAssemblyWithDelegates(0);
        var sessionId = await app.Host.AnOpenSession(assemblyId);
        var representative = await app.Host.ARepresentativeOf(await app.Host.AMovement());
        var stranger = (await app.Host.AnAssemblyWithDelegates(1)).Delegates[0];
        var observer = await app.Host.ADelegateIn(assemblyId, role: "observer");
        foreach (var caller in new[] { representative, stranger, observer })
            Assert.Equal(403, (await app.Host.Post($"/api/sessions/{sessionId}/motions", new { title = "M", text = "T" }, caller)).Status);
        Assert.Empty((await app.Host.Get($"/api/sessions/{sessionId}")).Body!["motions"]!.AsArray());
    }
}

[Collection(AppCollection.Name)]
public class when_the_floor_is_asked_for(AppFixture app)
{
    [Fact]
    public async Task only_present_participants_of_an_open_session_queue_and_only_for_themselves()
    {
        var organiser = await app.Host.Organiser();
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(2);
        var absent = await app.Host.ADelegateIn(assemblyId, checkedIn: false);
        var sessionId = await app.Host.ASession(assemblyId);
        var speakers = $"/api/sessions/{sessionId}/speakers";

        Assert.Equal(409, (await app.Host.Post(speakers, new { }, delegates[0])).Status);
        await app.Host.Post($"/api/sessions/{sessionId}/opening", null, organiser);
        Assert.Equal(403, (await app.Host.Post(speakers, new { delegateId = delegates[1].Id }, delegates[0])).Status);
        Assert.Equal(409, (await app.Host.Post(speakers, new { }, absent)).Status);
        Assert.Equal(404, (await app.Host.Post(speakers, new { delegateId = Guid.CreateVersion7() }, organiser)).Status);
        Assert.Equal(400, (await app.Host.Post(speakers, new { }, organiser)).Status);
        Assert.Equal(409, (await app.Host.Post($"{speakers}/next", null, organiser)).Status);
        Assert.Equal(409, (await app.Host.Post($"{speakers}/current/end", null, organiser)).Status);

        // A delegate asking for itself needs no body.
        Assert.Equal(201, (await app.Host.Post(speakers, null, delegates[0])).Status);
        Assert.Equal(403, (await app.Host.Delete($"{speakers}/{delegates[0].Id}", delegates[1])).Status);
        Assert.Equal(404, (await app.Host.Delete($"{speakers}/{delegates[1].Id}", delegates[1])).Status);
        Assert.Equal(200, (await app.Host.Post($"{speakers}/next", null, organiser)).Status);
        Assert.Equal(409, (await app.Host.Post(speakers, new { }, delegates[0])).Status);
        // Once at the floor, a delegate is no longer waiting.
        Assert.Equal(404, (await app.Host.Delete($"{speakers}/{delegates[0].Id}", delegates[0])).Status);
    }

    [Fact]
    public async Task concurrent_requests_each_get_their_own_place()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(8);
        var sessionId = await app.Host.AnOpenSession(assemblyId);
        var answers = await Task.WhenAll(delegates.Select(d => app.Host.Post($"/api/sessions/{sessionId}/speakers", new { }, d)));
        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Equal(Enumerable.Range(1, 8), answers.Select(a => a.Get<int>("position")).Order());
        var queue = (await app.Host.Get($"/api/sessions/{sessionId}")).Body!["queue"]!.AsArray();
        Assert.Equal(8, queue.Count);
        // The answered positions are the places in the queue.
        foreach (var answer in answers)
            Assert.Equal(answer.Get<string>("delegateId"), queue[answer.Get<int>("position") - 1]!["delegateId"]!.GetValue<string>());
    }
}

[Collection(AppCollection.Name)]
public class when_requests_are_malformed_or_name_nothing(AppFixture app)
{
    [Fact]
    public async Task they_answer_400_with_field_errors_or_404()
    {
        var organiser = await app.Host.Organiser();
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(1);
        var bad = await app.Host.Post($"/api/assemblies/{assemblyId}/sessions", new { title = "", kind = "party", agenda = Array.Empty<object>() }, organiser);
        Assert.Equal(400, bad.Status);
        Assert.Equal(["agenda", "kind", "scheduledAt", "title"], bad.Body!["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(404, (await app.Host.Post($"/api/assemblies/{Guid.CreateVersion7()}/sessions",
            new { title = "T", kind = "plenary", scheduledAt = DateTimeOffset.UtcNow, agenda = new[] { new { title = "A" } } }, organiser)).Status);
        Assert.Equal(404, (await app.Host.Get($"/api/assemblies/{Guid.CreateVersion7()}/sessions")).Status);

        var sessionId = await app.Host.AnOpenSession(assemblyId);
        var index = await app.Host.Put($"/api/sessions/{sessionId}/agenda/current", new { index = 3 }, organiser);
        Assert.Equal(400, index.Status);
        Assert.NotNull(index.Body!["errors"]!["index"]);
        var motionId = await app.Host.AMotion(sessionId);
        var majority = await app.Host.Post($"/api/motions/{motionId}/vote", new { secret = false, majority = "most", quorum = -1 }, organiser);
        Assert.Equal(["majority", "quorum"], majority.Body!["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal(400, (await app.Host.Vote(motionId, delegates[0], "maybe")).Status);
        Assert.Equal(400, (await app.Host.PostRaw($"/api/motions/{motionId}/ballots", "{\"choice\": 3}", delegates[0])).Status);
        Assert.Equal(400, (await app.Host.Post($"/api/sessions/{sessionId}/motions", new { title = "M" }, organiser)).Status);

        Assert.Equal(404, (await app.Host.Get($"/api/sessions/{Guid.CreateVersion7()}")).Status);
        Assert.Equal(404, (await app.Host.Get($"/api/motions/{Guid.CreateVersion7()}")).Status);
        Assert.Equal(404, (await app.Host.Post($"/api/sessions/{Guid.CreateVersion7()}/opening", null, organiser)).Status);
        Assert.Equal(404, (await app.Host.Vote(Guid.CreateVersion7(), delegates[0], "yes")).Status);
        Assert.Equal(404, (await app.Host.Post($"/api/motions/{motionId}/amendments/{Guid.CreateVersion7()}/acceptance", null, organiser)).Status);
    }
}

[Collection(AppCollection.Name)]
public class when_a_motion_is_amended(AppFixture app)
{
    [Fact]
    public async Task an_amendment_drafted_on_an_older_text_or_after_the_vote_opened_is_refused()
    {
        var organiser = await app.Host.Organiser();
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(2);
        var motionId = await app.Host.AMotion(await app.Host.AnOpenSession(assemblyId), delegates[0]);
        var first = (await app.Host.Post($"/api/motions/{motionId}/amendments", new { text = "Primera redacción." }, delegates[0])).Id("amendmentId");
        var second = (await app.Host.Post($"/api/motions/{motionId}/amendments", new { text = "Segunda redacción." }, delegates[1])).Id("amendmentId");

        Assert.Equal(200, (await app.Host.Post($"/api/motions/{motionId}/amendments/{first}/acceptance", null, organiser)).Status);
        var again = await app.Host.Post($"/api/motions/{motionId}/amendments/{first}/acceptance", null, organiser);
        Assert.Equal(200, again.Status);
        Assert.Equal(2, again.Get<int>("revision"));
        var stale = await app.Host.Post($"/api/motions/{motionId}/amendments/{second}/acceptance", null, organiser);
        Assert.Equal(409, stale.Status);
        Assert.Contains("revision 1", stale.Get<string>("detail"));

        await app.Host.Post($"/api/motions/{motionId}/vote", new { secret = false, majority = "simple", quorum = 0 }, organiser);
        Assert.Equal(409, (await app.Host.Post($"/api/motions/{motionId}/amendments", new { text = "Tarde." }, delegates[1])).Status);
        Assert.Equal(409, (await app.Host.Post($"/api/motions/{motionId}/vote", new { secret = false, majority = "simple", quorum = 0 }, organiser)).Status);
        var motion = (await app.Host.Get($"/api/motions/{motionId}")).Body!;
        Assert.Equal("Primera redacción.", motion["text"]!.GetValue<string>());
        Assert.Equal("voting", motion["status"]!.GetValue<string>());
    }
}
