using Alba;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// The state rules that answer 409, each through the real host: the state built through the API, the command sent, and
/// the whole refusal checked (status, problem document, the detail a person reads).
/// </summary>
[Collection(AppCollection.Name)]
public class every_state_rule_answers_409(AppFixture app)
{
    private delegate Task<(Answer Answer, string Detail)> Rule(IAlbaHost host, Caller organiser);

    private static readonly Dictionary<string, Rule> Rules = new()
    {
        ["registration not open"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(open: false);
            var title = (await host.Get($"/api/assemblies/{assembly}")).Get<string>("title");
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(await host.AMovement()), organiser),
                $"Registration for '{title}' is not open yet.");
        },
        ["registration closed"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            var title = (await host.Get($"/api/assemblies/{assembly}")).Get<string>("title");
            await host.Post($"/api/assemblies/{assembly}/registration/closing", null, organiser);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(await host.AMovement()), organiser), $"Registration for '{title}' is closed.");
        },
        ["email already registered"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            var first = await host.ARegisteredDelegate(assembly);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(first.MovementId, email: first.Email.ToUpperInvariant()), organiser),
                "This e-mail is already registered for this assembly."); // the refusal never repeats the address (docs/privacy.md)
        },
        ["assembly full"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(capacity: 1, delegatesPerMovement: 1);
            await host.ARegisteredDelegate(assembly);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(await host.AMovement()), organiser),
                "The assembly is full: all 1 places are taken.");
        },
        ["movement quota full"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(delegatesPerMovement: 1);
            var first = await host.ARegisteredDelegate(assembly);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(first.MovementId), organiser),
                "The movement's quota of 1 delegates is full.");
        },
        ["registration closed before it was opened"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(open: false);
            return (await host.Post($"/api/assemblies/{assembly}/registration/closing", null, organiser),
                "Registration for this assembly has not been opened yet.");
        },
        ["capacity below the places taken"] = async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            await host.ARegisteredDelegate(assembly);
            await host.ARegisteredDelegate(assembly);
            return (await host.Put($"/api/assemblies/{assembly}/limits", new { capacity = 1, delegatesPerMovement = 1 }, organiser),
                "2 places are already taken; the capacity cannot be less.");
        },
        ["another accreditation decision"] = async (host, _) =>
        {
            var accredited = await host.AnAccreditedDelegate(await host.AnAssembly());
            return (await host.Decide(accredited.Id, "reject", "Late"), $"Delegate {accredited.Id} is already accredited; that decision cannot be changed.");
        },
        ["check-in of a delegate not accredited"] = async (host, _) =>
        {
            var registered = await host.ARegisteredDelegate(await host.AnAssembly());
            return (await host.CheckIn(registered.Id, DateTimeOffset.UtcNow.AddMinutes(-1)), $"Delegate {registered.Id} is registered; it cannot be checked in (only an accredited delegate can be).");
        },
        ["movement name taken"] = async (host, organiser) =>
        {
            var name = Scenarios.Unique("Vía Campesina");
            await host.AMovement(name);
            return (await host.Post("/api/movements", new { name, country = "BR", region = "South America", sector = "peasant" }, organiser),
                $"A movement named '{name}' is already registered.");
        },
        ["session opened twice"] = async (host, organiser) =>
        {
            var session = await host.AnOpenSession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/opening", null, organiser), "The session is already open.");
        },
        ["adjourning a session not open"] = async (host, organiser) =>
        {
            var session = await host.ASession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/adjournment", null, organiser), "Only an open session can be adjourned.");
        },
        ["adjourning during a vote"] = async (host, organiser) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            var session = (await host.Get($"/api/motions/{motion}")).Get<string>("sessionId");
            return (await host.Post($"/api/sessions/{session}/adjournment", null, organiser), "A vote is open in this session; close it before adjourning.");
        },
        ["taking an agenda item of a session not open"] = async (host, organiser) =>
        {
            var session = await host.ASession(await host.AnAssembly());
            return (await host.Put($"/api/sessions/{session}/agenda/current", new { index = 0 }, organiser), "The session is not open.");
        },
        ["giving the floor to an empty queue"] = async (host, organiser) =>
        {
            var session = await host.AnOpenSession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/speakers/next", null, organiser), "Nobody is waiting for the floor.");
        },
        ["ending a turn nobody has"] = async (host, organiser) =>
        {
            var session = await host.AnOpenSession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/speakers/current/end", null, organiser), "Nobody has the floor.");
        },
        ["asking for the floor twice"] = async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var session = await host.AnOpenSession(assembly);
            var speaker = await host.ADelegateIn(assembly);
            await host.Post($"/api/sessions/{session}/speakers", new { }, speaker);
            return (await host.Post($"/api/sessions/{session}/speakers", new { }, speaker), "This delegate is already waiting, at position 1.");
        },
        ["asking for the floor before checking in"] = async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var session = await host.AnOpenSession(assembly);
            var absent = await host.ADelegateIn(assembly, checkedIn: false);
            return (await host.Post($"/api/sessions/{session}/speakers", new { }, absent), "Only accredited participants who have checked in may take the floor.");
        },
        ["closing a vote never opened"] = async (host, organiser) =>
        {
            var motion = await host.AMotion(await host.AnOpenSession(await host.AnAssembly()));
            return (await host.Post($"/api/motions/{motion}/vote/closing", null, organiser), "This motion has not been put to the vote.");
        },
        ["closing a vote twice"] = async (host, _) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            await host.CloseVote(motion);
            return (await host.CloseVote(motion), "The vote is already closed.");
        },
        ["opening a vote twice"] = async (host, _) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            return (await host.OpenVote(motion, secret: false), "This motion has already been put to the vote.");
        },
        ["a second ballot"] = async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: false);
            await host.Vote(motion, voter, "yes");
            return (await host.Vote(motion, voter, "no"), "You have already voted in this vote.");
        },
        ["a ballot after the closing"] = async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: false);
            await host.CloseVote(motion);
            return (await host.Vote(motion, voter, "yes"), "The vote is closed.");
        },
        ["amending a motion under vote"] = async (host, organiser) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            return (await host.Post($"/api/motions/{motion}/amendments", new { text = "Otro texto." }, organiser),
                "The motion has been put to the vote; it can no longer be amended.");
        },
        ["signing a draft"] = async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.ADraft(party);
            return (await host.Sign(statement, party, 1), "The statement is not open for signature yet.");
        },
        ["publishing without a signatory"] = async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.AnOpenStatement(party);
            return (await host.Publish(statement, party.Rep),
                "No movement has signed revision 1, the current text; a statement needs at least one signatory.");
        },
        ["publishing a draft"] = async (host, _) =>
        {
            var party = await host.AParty();
            return (await host.Publish(await host.ADraft(party), party.Rep), "Open the statement for signature before publishing it.");
        },
        ["translating into its own language"] = async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.ADraft(party);
            return (await host.Post($"/api/statements/{statement}/translations",
                    new { language = "es", title = "Declaración", body = "Texto.", sourceRevision = 1 }, party.Rep),
                "The statement is written in 'es'; a translation needs another language.");
        },
    };

    public static TheoryData<string> Names() => new(Rules.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task refusing_with_its_reason(string rule)
    {
        var (answer, detail) = await Rules[rule](app.Host, await app.Host.Organiser());
        Assert.Equal((409, "application/problem+json", detail), (answer.Status, answer.ContentType, answer.Body?["detail"]?.GetValue<string>()));
    }
}
