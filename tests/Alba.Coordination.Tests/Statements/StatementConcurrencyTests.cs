using System.Diagnostics;
using Alba.Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Statements;

[Collection(AppCollection.Name)]
public class concurrent_writers_on_one_statement(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task two_revisions_on_the_same_base_exactly_one_wins_and_the_other_is_told_the_current_revision()
    {
        var initiator = await app.Host.AParty();
        var organiser = await app.Host.Organiser();
        var id = await app.Host.ADraft(initiator);

        var answers = await Task.WhenAll(
            app.Host.Revise(id, initiator.Rep, 1, "Versión de la secretaría regional."),
            app.Host.Revise(id, organiser, 1, "Versión de la secretaría operativa."));

        var winner = Assert.Single(answers, a => a.Status == 201);
        var loser = Assert.Single(answers, a => a.Status == 409);
        Assert.Equal(2, winner.Get<int>("revision"));
        Assert.Equal(2, loser.Get<int>("currentRevision"));
        var statement = await app.Host.Statement(id, organiser);
        Assert.Equal(2, statement.Revision());
        Assert.Single(await app.Host.History(id, organiser), e => e!["kind"]!.GetValue<string>() == "StatementRevised");
    }

    [Fact]
    public async Task many_revisions_on_the_same_base_leave_one_revision()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.ADraft(initiator);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => app.Host.Revise(id, initiator.Rep, 1, $"Propuesta {i}.")));
        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.All(answers.Where(a => a.Status != 201), a => Assert.Equal((409, 2), (a.Status, a.Get<int>("currentRevision"))));
        Assert.Equal(2, (await app.Host.Statement(id, initiator.Rep)).Revision());
    }

    [Fact]
    public async Task fifty_movements_signing_at_once_are_all_recorded_exactly_once()
    {
        var initiator = await app.Host.AParty();
        var signers = await app.Host.Parties(50);
        var id = await app.Host.AnOpenStatement(initiator);

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(signers.Select(s => app.Host.Sign(id, s, 1)));
        output.WriteLine($"50 concurrent signatures answered in {clock.ElapsedMilliseconds} ms");

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        var statement = await app.Host.Statement(id, initiator.Rep);
        Assert.Equal(signers.Select(s => s.MovementId).Order(), statement.MovementIds("signatories").Order());
        var signed = (await app.Host.History(id, initiator.Rep)).Where(e => e!["kind"]!.GetValue<string>() == "StatementSigned").ToList();
        Assert.Equal(50, signed.Count);
        Assert.Equal(50, signed.Select(e => e!["data"]!["movementId"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task one_movement_signing_the_same_revision_many_times_at_once_signs_once()
    {
        var initiator = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.Host.Sign(id, initiator, 1)));
        Assert.Equal(1, answers.Count(a => a.Status == 201));
        Assert.Equal(9, answers.Count(a => a.Status == 200));
        Assert.Single(await app.Host.History(id, initiator.Rep), e => e!["kind"]!.GetValue<string>() == "StatementSigned");
    }

    [Fact]
    public async Task a_signature_racing_a_revision_lands_on_one_side_of_it_never_lost()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        var (signed, revised) = (app.Host.Sign(id, signer, 1), app.Host.Revise(id, initiator.Rep, 1, "Texto nuevo."));
        await Task.WhenAll(signed, revised);

        Assert.Equal(201, (await revised).Status);
        var statement = await app.Host.Statement(id, initiator.Rep);
        if ((await signed).Status == 201)
        {
            var signature = Assert.Single(statement["signatures"]!.AsArray())!;
            Assert.Equal((1, false), (signature["revision"]!.GetValue<int>(), signature["current"]!.GetValue<bool>()));
        }
        else
        {
            Assert.Equal((409, 2), ((await signed).Status, (await signed).Get<int>("currentRevision")));
            Assert.Empty(statement["signatures"]!.AsArray());
        }
    }
}
