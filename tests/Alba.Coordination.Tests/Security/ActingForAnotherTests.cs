using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Security;

/// <summary>
/// The 403s SPEC.md names that the authorisation matrix cannot show, since there the caller has the right role: a
/// representative acting for another movement, a participant without the right to vote (a delegate acting for another
/// delegate: <see cref="a_delegate_acting_for_another"/>). Each through the real host, with the detail a person reads.
/// </summary>
[Collection(AppCollection.Name)]
public class Acting_for_another_is_forbidden(AppFixture app)
{
    private delegate Task<Answer> Attempt(IAlbaHost host);

    private static readonly Dictionary<string, (Attempt Attempt, string Detail)> Cases = new()
    {
        ["a representative registers a delegate of another movement"] = (async host =>
        {
            var rep = await host.AMovementWithRep();
            return await host.Register(await host.AnAssembly(), DelegatesScenarios.RegistrationBody(await host.AMovement()), rep.Rep);
        }, "Only the movement's representative or an organiser registers its delegation."),
        ["a representative signs for another movement"] = (async host =>
        {
            var (initiator, other) = (await host.AParty(), await host.AParty());
            var statement = await host.AnOpenStatement(initiator);
            return await host.Post($"/api/statements/{statement}/signatures", new { movementId = initiator.MovementId, revision = 1 }, other.Rep);
        }, "A movement signs through its own representative; you do not represent this movement."),
        ["a representative drafts a statement for another movement"] = (async host =>
            await host.Draft(new Party(await host.AMovement(), (await host.AParty()).Rep)),
            "Only a representative of the initiating movement, or an organiser, may draft a statement for it."),
        ["a representative endorses a call for another movement"] = (async host =>
        {
            var call = await host.ACall(await host.AMovement());
            return await host.Post($"/api/mobilisations/{call}/endorsements", new { movementId = await host.AMovement() }, (await host.AMovementWithRep()).Rep);
        }, "Only the movement's representative, or an organiser, may endorse a call for it."),
        ["a representative registers an action of another movement"] = (async host =>
        {
            var call = await host.ACall(await host.AMovement());
            return await host.Post($"/api/mobilisations/{call}/actions", MobilisationsScenarios.ActionBody(await host.AMovement(), "AR"),
                (await host.AMovementWithRep()).Rep);
        }, "Only the organising movement's representative, or an organiser, may register its action."),
        ["a representative reports on another movement's action"] = (async host =>
        {
            var organiser = await host.AMovementWithRep();
            var action = await host.AnAction(await host.ACall(organiser.Id), organiser);
            return await host.Report(action, (await host.AMovementWithRep()).Rep, "report-1", MobilisationsScenarios.ActionStart, new Figures(100, 0, 0, 0));
        }, "Only the organising movement's representative, or an organiser, may report on this action."),
        ["an observer votes"] = (async host =>
        {
            var assembly = await host.AnAssembly();
            var observer = await host.ADelegateIn(assembly, role: "observer");
            return await host.Vote(await host.AMotionUnderVote(assembly, secret: false), observer, "yes");
        }, "You were not on the roll when this vote opened (accredited, checked in, role delegate); eligibility is fixed at opening."),
    };

    public static TheoryData<string> Names() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task is_refused_with_its_reason(string name)
    {
        var (attempt, detail) = Cases[name];
        var answer = await attempt(app.Host);
        Assert.Equal((403, "application/problem+json", detail), (answer.Status, answer.ContentType, answer.Body?["detail"]?.GetValue<string>()));
    }
}
