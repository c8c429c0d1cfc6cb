using System.Text.RegularExpressions;
using Alba;
using Alba.Coordination.Accounts;
using Alba.Coordination.Privacy;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Privacy;
using Alba.Coordination.Tests.Security;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// The state rules that answer 409, each through the real host: the state built through the API, the command sent, and
/// the whole refusal checked (status, problem document, the detail a person reads).
/// </summary>
[Collection(AppCollection.Name)]
public class every_state_rule_answers_409(AppFixture app)
{
    private delegate Task<(Answer Answer, string Detail)> Rule(IAlbaHost host, Caller organiser);

    /// <param name="Site">The refusal it proves, as <see cref="ConflictSites"/> reads it from the source.</param>
    private sealed record Row(string Site, Rule Act);

    private static readonly Dictionary<string, Row> Rules = new()
    {
        ["registration not open"] = new("RegisterDelegate: Registration for '…' is ….", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(open: false);
            var title = (await host.Get($"/api/assemblies/{assembly}")).Get<string>("title");
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(await host.AMovement()), organiser),
                $"Registration for '{title}' is not open yet.");
        }),
        ["registration closed"] = new("RegisterDelegate: Registration for '…' is ….", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            var title = (await host.Get($"/api/assemblies/{assembly}")).Get<string>("title");
            await host.Post($"/api/assemblies/{assembly}/registration/closing", null, organiser);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(await host.AMovement()), organiser), $"Registration for '{title}' is closed.");
        }),
        ["email already registered"] = new("RegisterDelegate: This e-mail is already registered for this assembly.", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            var first = await host.ARegisteredDelegate(assembly);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(first.MovementId, email: first.Email.ToUpperInvariant()), organiser),
                "This e-mail is already registered for this assembly."); // the refusal never repeats the address (docs/privacy.md)
        }),
        ["assembly full"] = new("RegisterDelegate: The assembly is full: all … places are taken.", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(capacity: 1, delegatesPerMovement: 1);
            await host.ARegisteredDelegate(assembly);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(await host.AMovement()), organiser),
                "The assembly is full: all 1 places are taken.");
        }),
        ["movement quota full"] = new("RegisterDelegate: The movement's quota of … delegates is full.", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(delegatesPerMovement: 1);
            var first = await host.ARegisteredDelegate(assembly);
            return (await host.Register(assembly, DelegatesScenarios.RegistrationBody(first.MovementId), organiser),
                "The movement's quota of 1 delegates is full.");
        }),
        ["registration closed before it was opened"] = new("CloseRegistration: Registration for this assembly has not been opened yet.", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly(open: false);
            return (await host.Post($"/api/assemblies/{assembly}/registration/closing", null, organiser),
                "Registration for this assembly has not been opened yet.");
        }),
        ["capacity below the places taken"] = new("ChangeAssemblyLimits: … places are already taken; the capacity cannot be less.", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            await host.ARegisteredDelegate(assembly);
            await host.ARegisteredDelegate(assembly);
            return (await host.Put($"/api/assemblies/{assembly}/limits", new { capacity = 1, delegatesPerMovement = 1 }, organiser),
                "2 places are already taken; the capacity cannot be less.");
        }),
        ["another accreditation decision"] = new("AccreditDelegate: Delegate … is already …; that decision cannot be changed.", async (host, _) =>
        {
            var accredited = await host.AnAccreditedDelegate(await host.AnAssembly());
            return (await host.Decide(accredited.Id, "reject", "Late"), $"Delegate {accredited.Id} is already accredited; that decision cannot be changed.");
        }),
        ["check-in of a delegate not accredited"] = new("CheckInDelegate: Delegate … is …; it cannot be checked in (only an accredited delegate can be).", async (host, _) =>
        {
            var registered = await host.ARegisteredDelegate(await host.AnAssembly());
            return (await host.CheckIn(registered.Id, DateTimeOffset.UtcNow.AddMinutes(-1)), $"Delegate {registered.Id} is registered; it cannot be checked in (only an accredited delegate can be).");
        }),
        ["movement name taken"] = new("RegisterMovement: A movement named '…' is already registered.", async (host, organiser) =>
        {
            var name = Scenarios.Unique("Vía Campesina");
            await host.AMovement(name);
            return (await host.Post("/api/movements", new { name, country = "BR", region = "South America", sector = "peasant" }, organiser),
                $"A movement named '{name}' is already registered.");
        }),
        ["session opened twice"] = new("OpenSession: The session is already open.", async (host, organiser) =>
        {
            var session = await host.AnOpenSession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/opening", null, organiser), "The session is already open.");
        }),
        ["adjourning a session not open"] = new("AdjournSession: Only an open session can be adjourned.", async (host, organiser) =>
        {
            var session = await host.ASession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/adjournment", null, organiser), "Only an open session can be adjourned.");
        }),
        ["adjourning during a vote"] = new("AdjournSession: A vote is open in this session; close it before adjourning.", async (host, organiser) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            var session = (await host.Get($"/api/motions/{motion}")).Get<string>("sessionId");
            return (await host.Post($"/api/sessions/{session}/adjournment", null, organiser), "A vote is open in this session; close it before adjourning.");
        }),
        ["taking an agenda item of a session not open"] = new("TakeAgendaItem: The session is not open.", async (host, organiser) =>
        {
            var session = await host.ASession(await host.AnAssembly());
            return (await host.Put($"/api/sessions/{session}/agenda/current", new { index = 0 }, organiser), "The session is not open.");
        }),
        ["giving the floor to an empty queue"] = new("GiveFloor: Nobody is waiting for the floor.", async (host, organiser) =>
        {
            var session = await host.AnOpenSession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/speakers/next", null, organiser), "Nobody is waiting for the floor.");
        }),
        ["ending a turn nobody has"] = new("EndSpeakingTurn: Nobody has the floor.", async (host, organiser) =>
        {
            var session = await host.AnOpenSession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/speakers/current/end", null, organiser), "Nobody has the floor.");
        }),
        ["asking for the floor twice"] = new("RequestFloor: This delegate is already waiting, at position ….", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var session = await host.AnOpenSession(assembly);
            var speaker = await host.ADelegateIn(assembly);
            await host.Post($"/api/sessions/{session}/speakers", new { }, speaker);
            return (await host.Post($"/api/sessions/{session}/speakers", new { }, speaker), "This delegate is already waiting, at position 1.");
        }),
        ["asking for the floor before checking in"] = new("RequestFloor: Only accredited participants who have checked in may take the floor.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var session = await host.AnOpenSession(assembly);
            var absent = await host.ADelegateIn(assembly, checkedIn: false);
            return (await host.Post($"/api/sessions/{session}/speakers", new { }, absent), "Only accredited participants who have checked in may take the floor.");
        }),
        ["closing a vote never opened"] = new("CloseVote: This motion has not been put to the vote.", async (host, organiser) =>
        {
            var motion = await host.AMotion(await host.AnOpenSession(await host.AnAssembly()));
            return (await host.Post($"/api/motions/{motion}/vote/closing", null, organiser), "This motion has not been put to the vote.");
        }),
        ["closing a vote twice"] = new("CloseVote: The vote is already closed.", async (host, _) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            await host.CloseVote(motion);
            return (await host.CloseVote(motion), "The vote is already closed.");
        }),
        ["opening a vote twice"] = new("OpenVote: This motion has already been put to the vote.", async (host, _) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            return (await host.OpenVote(motion, secret: false), "This motion has already been put to the vote.");
        }),
        ["a second ballot"] = new("CastBallot: You have already voted in this vote.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: false);
            await host.Vote(motion, voter, "yes");
            return (await host.Vote(motion, voter, "no"), "You have already voted in this vote.");
        }),
        ["a ballot after the closing"] = new("CastBallot: The vote is closed.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: false);
            await host.CloseVote(motion);
            return (await host.Vote(motion, voter, "yes"), "The vote is closed.");
        }),
        ["amending a motion under vote"] = new("ProposeAmendment: The motion has been put to the vote; it can no longer be amended.", async (host, organiser) =>
        {
            var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: false);
            return (await host.Post($"/api/motions/{motion}/amendments", new { text = "Otro texto." }, organiser),
                "The motion has been put to the vote; it can no longer be amended.");
        }),
        ["signing a draft"] = new("SignStatement: The statement is not open for signature yet.", async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.ADraft(party);
            return (await host.Sign(statement, party, 1), "The statement is not open for signature yet.");
        }),
        ["publishing without a signatory"] = new("PublishStatement: No movement has signed revision …, the current text; a statement needs at least one signatory.", async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.AnOpenStatement(party);
            return (await host.Publish(statement, party.Rep),
                "No movement has signed revision 1, the current text; a statement needs at least one signatory.");
        }),
        ["publishing a draft"] = new("PublishStatement: Open the statement for signature before publishing it.", async (host, _) =>
        {
            var party = await host.AParty();
            return (await host.Publish(await host.ADraft(party), party.Rep), "Open the statement for signature before publishing it.");
        }),
        ["translating into its own language"] = new("TranslateStatement: The statement is written in '…'; a translation needs another language.", async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.ADraft(party);
            return (await host.Post($"/api/statements/{statement}/translations",
                    new { language = "es", title = "Declaración", body = "Texto.", sourceRevision = 1 }, party.Rep),
                "The statement is written in 'es'; a translation needs another language.");
        }),
        ["revising a published statement"] = new("ReviseStatement: The statement was published (revision …) on …; its text and signatories are frozen.",
            async (host, _) =>
            {
                var (party, statement, detail) = await ConflictScenarios.APublishedStatement(host);
                return (await host.Revise(statement, party.Rep, 1, "Otro texto."), detail);
            }),
        ["withdrawing a signature from a published statement"] = new(
            "WithdrawSignature: The statement was published (revision …) on …; its text and signatories are frozen.", async (host, _) =>
            {
                var (party, statement, detail) = await ConflictScenarios.APublishedStatement(host);
                return (await host.Delete($"/api/statements/{statement}/signatures/{party.MovementId}", party.Rep), detail);
            }),
        ["publishing twice"] = new("PublishStatement: The statement was published (revision …) on …; its text and signatories are frozen.",
            async (host, _) =>
            {
                var (party, statement, detail) = await ConflictScenarios.APublishedStatement(host);
                return (await host.Publish(statement, party.Rep), detail);
            }),
        ["opening a published statement for signature"] = new(
            "OpenSignaturePeriod: The statement was published (revision …) on …; its text and signatories are frozen.", async (host, _) =>
            {
                var (party, statement, detail) = await ConflictScenarios.APublishedStatement(host);
                return (await host.OpenForSignature(statement, party.Rep), detail);
            }),
        ["signing a published statement"] = new("SignStatement: The statement was published (revision …) on …; its text and signatories are frozen.",
            async (host, _) =>
            {
                var (party, statement, detail) = await ConflictScenarios.APublishedStatement(host);
                return (await host.Sign(statement, party, 1), detail);
            }),
        ["translating a published statement"] = new(
            "TranslateStatement: The statement was published (revision …) on …; its text and signatories are frozen.", async (host, _) =>
            {
                var (party, statement, detail) = await ConflictScenarios.APublishedStatement(host);
                return (await host.Post($"/api/statements/{statement}/translations",
                    new { language = "en", title = "Statement", body = "Text.", sourceRevision = 1 }, party.Rep), detail);
            }),
        ["revising an old revision"] = new(
            "ReviseStatement: Revision … is not the current revision of this statement; the current revision is …. Read it and revise again.",
            async (host, _) =>
            {
                var party = await host.AParty();
                var statement = await host.ADraft(party);
                Assert.Equal(201, (await host.Revise(statement, party.Rep, 1, "Segunda versión.")).Status);
                return (await host.Revise(statement, party.Rep, 1, "Tercera versión sobre la primera."),
                    "Revision 1 is not the current revision of this statement; the current revision is 2. Read it and revise again.");
            }),
        ["signing an old revision"] = new(
            "SignStatement: Revision … is not the current revision of this statement; the current revision is …. Read it and sign again.",
            async (host, _) =>
            {
                var party = await host.AParty();
                var statement = await host.ADraft(party);
                Assert.Equal(201, (await host.Revise(statement, party.Rep, 1, "Segunda versión.")).Status);
                Assert.Equal(200, (await host.OpenForSignature(statement, party.Rep)).Status);
                return (await host.Sign(statement, party, 1),
                    "Revision 1 is not the current revision of this statement; the current revision is 2. Read it and sign again.");
            }),
        ["translating a revision not written yet"] = new(
            "TranslateStatement: Revision … is not the current revision of this statement; the current revision is …. Read it and translate again.",
            async (host, _) =>
            {
                var party = await host.AParty();
                var statement = await host.ADraft(party);
                return (await host.Post($"/api/statements/{statement}/translations",
                        new { language = "en", title = "Statement", body = "Text.", sourceRevision = 2 }, party.Rep),
                    "Revision 2 is not the current revision of this statement; the current revision is 1. Read it and translate again.");
            }),
        ["signing after the signature period"] = new("SignStatement: The signature period closed at ….", async (host, _) =>
        {
            var party = await host.AParty();
            var statement = await host.ADraft(party);
            var closesAt = DateTimeOffset.UtcNow.AddSeconds(2);
            Assert.Equal(200, (await host.OpenForSignature(statement, party.Rep, closesAt)).Status);
            await Task.Delay(closesAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
            return (await host.Sign(statement, party, 1), $"The signature period closed at {closesAt:O}.");
        }),
        ["a badge for a delegate not accredited"] = new(
            "BadgeEndpoint: Delegate … is …; it cannot be given a badge (only an accredited delegate can be).", async (host, organiser) =>
            {
                var registered = await host.ARegisteredDelegate(await host.AnAssembly());
                return (await host.Get($"/api/delegates/{registered.Id}/badge", organiser),
                    $"Delegate {registered.Id} is registered; it cannot be given a badge (only an accredited delegate can be).");
            }),
        ["revoking a delegate not accredited"] = new(
            "RevokeDelegate: Delegate … is …; it cannot be revoked (only an accredited delegate can be).", async (host, organiser) =>
            {
                var registered = await host.ARegisteredDelegate(await host.AnAssembly());
                return (await host.Post($"/api/delegates/{registered.Id}/revocation", new { reason = "Prestó su credencial." }, organiser),
                    $"Delegate {registered.Id} is registered; it cannot be revoked (only an accredited delegate can be).");
            }),
        ["a credential for a delegate not accredited"] = new("ReissueCredential: Delegate … is …; it cannot be given a credential.",
            async (host, organiser) =>
            {
                var registered = await host.ARegisteredDelegate(await host.AnAssembly());
                return (await host.Post($"/api/delegates/{registered.Id}/credential", null, organiser),
                    $"Delegate {registered.Id} is registered; it cannot be given a credential.");
            }),
        ["withdrawing a rejected delegate"] = new("WithdrawDelegate: Delegate … is …; it cannot be withdrawn.", async (host, organiser) =>
        {
            var registered = await host.ARegisteredDelegate(await host.AnAssembly());
            Assert.Equal(200, (await host.Decide(registered.Id, "reject", "Sin aval del movimiento")).Status);
            return (await host.Post($"/api/delegates/{registered.Id}/withdrawal", null, organiser), $"Delegate {registered.Id} is rejected; it cannot be withdrawn.");
        }),
        ["a badge at another assembly's door"] = new("CheckInByCode: This badge is for another assembly.", async (host, organiser) =>
        {
            var accredited = await host.AnAccreditedDelegate(await host.AnAssembly());
            return (await host.CheckInByCode(await host.AnAssembly(), accredited.CredentialCode, organiser), "This badge is for another assembly.");
        }),
        ["a replaced badge at the door"] = new(
            "CheckInByCode: This badge was replaced by a newer one: only the latest badge admits its holder.", async (host, organiser) =>
            {
                var accredited = await host.AnAccreditedDelegate(await host.AnAssembly());
                Assert.Equal(200, (await host.Post($"/api/delegates/{accredited.Id}/credential", null, organiser)).Status);
                return (await host.CheckInByCode(accredited.AssemblyId, accredited.CredentialCode, organiser),
                    "This badge was replaced by a newer one: only the latest badge admits its holder.");
            }),
        ["quota below a delegation"] = new("ChangeAssemblyLimits: A movement already has … delegates; the quota cannot be less.",
            async (host, organiser) =>
            {
                var assembly = await host.AnAssembly();
                var first = await host.ARegisteredDelegate(assembly);
                await host.ARegisteredDelegate(assembly, first.MovementId);
                return (await host.Put($"/api/assemblies/{assembly}/limits", new { capacity = 100, delegatesPerMovement = 1 }, organiser),
                    "A movement already has 2 delegates; the quota cannot be less.");
            }),
        ["erasing twice"] = new("ErasePersonalData: This person's personal data was already erased.", async (host, organiser) =>
        {
            var registered = await host.ARegisteredDelegate(await host.AnAssembly());
            Assert.Equal(200, (await host.Erase(registered.Id, organiser)).Status);
            return (await host.Erase(registered.Id, organiser), "This person's personal data was already erased.");
        }),
        ["deactivating one's own account"] = new(
            "DeactivateAccount: You cannot deactivate your own account: ask another organiser to do it.", async (host, organiser) =>
            {
                await using var session = host.Store().QuerySession();
                var own = (await AccountPeople.WithEmail(session, host.Services.GetRequiredService<PersonalVault>(), AppFixture.OrganiserEmail))!.Id;
                return (await host.Post($"/api/accounts/{own}/deactivation", null, organiser),
                    "You cannot deactivate your own account: ask another organiser to do it.");
            }),
        ["accepting an invitation twice"] = new("AcceptInvitation: This invitation has already been used.", async (host, organiser) =>
        {
            var invited = await host.Post($"/api/movements/{await host.AMovement()}/representatives",
                new { fullName = "Berta Cáceres", email = Scenarios.UniqueEmail("rep") }, organiser);
            var acceptance = $"/api/auth/invitations/{invited.Get<string>("invitationCode")}/acceptance";
            Assert.Equal(200, (await host.Post(acceptance, new { password = AccessScenarios.RepresentativePassword })).Status);
            return (await host.Post(acceptance, new { password = AccessScenarios.RepresentativePassword }), "This invitation has already been used.");
        }),
        ["appointing an address that has an account"] = new("AppointRepresentative: An account with this e-mail already exists.",
            async (host, organiser) =>
            {
                var rep = await host.AnAppointedRepresentative();
                return (await host.Post($"/api/movements/{await host.AMovement()}/representatives",
                    new { fullName = "Otra Persona", email = rep.Email.ToUpperInvariant() }, organiser), "An account with this e-mail already exists.");
            }),
        ["erasing one's own account"] = new(
            "EraseAccount: You cannot erase your own account: ask another organiser to do it.", async (host, organiser) =>
            {
                await using var session = host.Store().QuerySession();
                var own = (await AccountPeople.WithEmail(session, host.Services.GetRequiredService<PersonalVault>(), AppFixture.OrganiserEmail))!.Id;
                return (await host.Post($"/api/accounts/{own}/erasure", new { reason = "Asked to be forgotten." }, organiser),
                    "You cannot erase your own account: ask another organiser to do it.");
            }),
        ["erasing an account twice"] = new("EraseAccount: This account's personal data was already erased.", async (host, organiser) =>
        {
            var invited = await host.Post($"/api/movements/{await host.AMovement()}/representatives",
                new { fullName = "Berta Cáceres", email = Scenarios.UniqueEmail("rep") }, organiser);
            var erasure = $"/api/accounts/{invited.Get<Guid>("representativeId")}/erasure";
            Assert.Equal(200, (await host.Post(erasure, new { reason = "Asked to be forgotten." }, organiser)).Status);
            return (await host.Post(erasure, new { reason = "Asked to be forgotten." }, organiser), "This account's personal data was already erased.");
        }),
        ["the projector's language of an adjourned session"] = new("SetSessionLanguage: The session is adjourned.", async (host, organiser) =>
        {
            var session = await host.AnAdjournedSession(organiser);
            return (await host.Put($"/api/sessions/{session}/language", new { language = "en" }, organiser), "The session is adjourned.");
        }),
        ["the speaking time of an adjourned session"] = new("SetSpeakingTime: The session is adjourned.", async (host, organiser) =>
        {
            var session = await host.AnAdjournedSession(organiser);
            return (await host.Put($"/api/sessions/{session}/speaking-time", new { seconds = 120 }, organiser), "The session is adjourned.");
        }),
        ["an agenda item for an adjourned session"] = new("AddAgendaItem: The session is adjourned.", async (host, organiser) =>
        {
            var session = await host.AnAdjournedSession(organiser);
            return (await host.Post($"/api/sessions/{session}/agenda/items", new { title = "Varios" }, organiser), "The session is adjourned.");
        }),
        ["an agenda item beyond the most a session holds"] = new("AddAgendaItem: The agenda already has … items, the most a session holds.",
            async (host, organiser) =>
            {
                var session = await host.ASession(await host.AnAssembly(), agenda: [.. Enumerable.Range(1, 50).Select(i => $"Punto {i}")]);
                return (await host.Post($"/api/sessions/{session}/agenda/items", new { title = "Punto 51" }, organiser),
                    "The agenda already has 50 items, the most a session holds.");
            }),
        ["a motion in an adjourned session"] = new("TableMotion: The session is adjourned.", async (host, organiser) =>
        {
            var session = await host.AnAdjournedSession(organiser);
            return (await host.Post($"/api/sessions/{session}/motions", new { title = "Moción", text = "Texto." }, organiser), "The session is adjourned.");
        }),
        ["giving the floor in a session not open"] = new("GiveFloor: The session is not open.", async (host, organiser) =>
        {
            var session = await host.ASession(await host.AnAssembly());
            return (await host.Post($"/api/sessions/{session}/speakers/next", null, organiser), "The session is not open.");
        }),
        ["asking for the floor in a session not open"] = new("RequestFloor: The session is not open.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var session = await host.ASession(assembly);
            return (await host.Post($"/api/sessions/{session}/speakers", new { }, await host.ADelegateIn(assembly)), "The session is not open.");
        }),
        ["asking for the floor while holding it"] = new("RequestFloor: This delegate has the floor now.", async (host, organiser) =>
        {
            var assembly = await host.AnAssembly();
            var session = await host.AnOpenSession(assembly);
            var speaker = await host.ADelegateIn(assembly);
            Assert.Equal(201, (await host.Post($"/api/sessions/{session}/speakers", new { }, speaker)).Status);
            Assert.Equal(200, (await host.Post($"/api/sessions/{session}/speakers/next", null, organiser)).Status);
            return (await host.Post($"/api/sessions/{session}/speakers", new { }, speaker), "This delegate has the floor now.");
        }),
        ["a ballot before the vote opens"] = new("CastBallot: This motion has not been put to the vote.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var motion = await host.AMotion(await host.AnOpenSession(assembly));
            return (await host.Vote(motion, await host.ADelegateIn(assembly), "yes"), "This motion has not been put to the vote.");
        }),
        ["opening a vote in an adjourned session"] = new("OpenVote: Votes are held in an open session; this one is not open.",
            async (host, organiser) =>
            {
                var session = await host.AnOpenSession(await host.AnAssembly());
                var motion = await host.AMotion(session);
                Assert.Equal(200, (await host.Post($"/api/sessions/{session}/adjournment", null, organiser)).Status);
                return (await host.OpenVote(motion, secret: false), "Votes are held in an open session; this one is not open.");
            }),
        ["resubmitting a named vote's ballot"] = new("ResubmitBallot: Only a secret vote's ballot can be sent again.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: false);
            await host.Vote(motion, voter, "yes");
            return (await host.Resubmit(motion, voter, EncryptedBallot.Encrypt("yes", ElectionGroup.G, motion), Nonce()),
                "Only a secret vote's ballot can be sent again.");
        }),
        ["resubmitting without having voted"] = new("ResubmitBallot: You have not voted in this vote; cast your ballot instead.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: true);
            return (await host.Resubmit(motion, voter, await host.EncryptedFor(motion, "yes"), Nonce()), "You have not voted in this vote; cast your ballot instead.");
        }),
        ["resubmitting after the closing"] = new("ResubmitBallot: The vote is closed.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var voter = await host.ADelegateIn(assembly);
            var motion = await host.AMotionUnderVote(assembly, secret: true);
            var (ballot, nonce) = (await host.EncryptedFor(motion, "no"), Nonce());
            await host.Post($"/api/motions/{motion}/ballots", new { ballot, nonce }, voter);
            await host.CloseVote(motion);
            return (await host.Resubmit(motion, voter, ballot, nonce), "The vote is closed.");
        }),
        ["resubmitting another ballot than the one cast"] = new(
            "ResubmitBallot: This is not the ballot you cast: it does not match what the register recorded when you voted.", async (host, _) =>
            {
                var assembly = await host.AnAssembly();
                var voter = await host.ADelegateIn(assembly);
                var motion = await host.AMotionUnderVote(assembly, secret: true);
                var ballot = await host.EncryptedFor(motion, "no");
                await host.Post($"/api/motions/{motion}/ballots", new { ballot, nonce = Nonce() }, voter);
                return (await host.Resubmit(motion, voter, ballot, Nonce()),
                    "This is not the ballot you cast: it does not match what the register recorded when you voted.");
            }),
        ["closing a secret vote short of teller shares"] = new(
            "CloseVote: … more teller share… needed to decrypt the tally (… of …; … entered).", async (host, organiser) =>
            {
                var motion = await host.AMotionUnderVote(await host.AnAssembly(), secret: true, tellers: 3, threshold: 2);
                return (await host.Post($"/api/motions/{motion}/vote/closing", new { shares = SessionsScenarios.SharesOf(motion, 1) }, organiser),
                    "1 more teller share is needed to decrypt the tally (2 of 3; 1 entered).");
            }),
        ["accepting an amendment once the vote is open"] = new(
            "AcceptAmendment: The motion has been put to the vote; it can no longer be amended.", async (host, organiser) =>
            {
                var motion = await host.AMotion(await host.AnOpenSession(await host.AnAssembly()));
                var amendment = await host.AnAmendment(motion, organiser);
                Assert.Equal(200, (await host.OpenVote(motion, secret: false)).Status);
                return (await host.Post($"/api/motions/{motion}/amendments/{amendment}/acceptance", null, organiser),
                    "The motion has been put to the vote; it can no longer be amended.");
            }),
        ["accepting an amendment to an older text"] = new(
            "AcceptAmendment: The amendment was drafted against revision …; the motion text is now at revision …. Propose it again on the current text.",
            async (host, organiser) =>
            {
                var motion = await host.AMotion(await host.AnOpenSession(await host.AnAssembly()));
                var first = await host.AnAmendment(motion, organiser);
                var second = await host.AnAmendment(motion, organiser);
                Assert.Equal(200, (await host.Post($"/api/motions/{motion}/amendments/{first}/acceptance", null, organiser)).Status);
                return (await host.Post($"/api/motions/{motion}/amendments/{second}/acceptance", null, organiser),
                    "The amendment was drafted against revision 1; the motion text is now at revision 2. Propose it again on the current text.");
            }),
        ["a ballot while the tellers make the key"] = new(
            "CastBallot: The tellers are still making this vote's key; ballots are taken once it exists.", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Named);
                return (await host.Vote(vote.MotionId, vote.Voters[4], "yes"), "The tellers are still making this vote's key; ballots are taken once it exists.");
            }),
        ["a ballot while the tellers decrypt"] = new(
            "CastBallot: The vote is closed to ballots; its tellers are decrypting the tally.", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Sealed);
                return (await host.Vote(vote.MotionId, vote.Voters[3], "no"), "The vote is closed to ballots; its tellers are decrypting the tally.");
            }),
        ["resubmitting a ballot while the tellers decrypt"] = new(
            "ResubmitBallot: The vote is closed to ballots; its tellers are decrypting the tally.", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Open);
                var (ballot, nonce) = (await host.EncryptedFor(vote.MotionId, "no"), Nonce());
                await host.Post($"/api/motions/{vote.MotionId}/ballots", new { ballot, nonce }, vote.Voters[3]);
                await host.Post($"/api/motions/{vote.MotionId}/vote/closing", new { }, await host.Organiser());
                return (await host.Resubmit(vote.MotionId, vote.Voters[3], ballot, nonce), "The vote is closed to ballots; its tellers are decrypting the tally.");
            }),
        ["closing while the tellers make the key"] = new(
            "CloseVote: The tellers are still making this vote's key; it has taken no ballot yet.", async (host, organiser) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Committed);
                return (await host.Post($"/api/motions/{vote.MotionId}/vote/closing", new { }, organiser), "The tellers are still making this vote's key; it has taken no ballot yet.");
            }),
        ["closing again while the tellers decrypt"] = new(
            "CloseVote: The vote is closed to ballots; its tally waits for the tellers' partial decryptions (… of … in).", async (host, organiser) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Sealed);
                Assert.Equal(200, (await host.DecryptPart(vote, 1)).Status);
                return (await host.Post($"/api/motions/{vote.MotionId}/vote/closing", new { }, organiser),
                    "The vote is closed to ballots; its tally waits for the tellers' partial decryptions (1 of 2 in).");
            }),
    };

    /// <summary>The tellers' commands (each file that calls <c>TellerRules.Teller</c>), sent by a delegate to a motion without a vote and to a vote without named tellers.</summary>
    private static readonly (string File, Func<IAlbaHost, Guid, Caller, Task<Answer>> Send)[] TellerCommands =
    [
        ("CommitTellerKey", (host, motion, caller) => host.Post($"/api/motions/{motion}/keying/commitments",
            new { transportKey = "02" + new string('1', 64), commitments = new[] { "02" + new string('1', 64) }, proof = new { c = "1", z = "1" } }, caller)),
        ("SendTellerShares", (host, motion, caller) => host.Post($"/api/motions/{motion}/keying/shares", new { shares = Array.Empty<object>() }, caller)),
        ("ComplainOfShare", (host, motion, caller) => host.Post($"/api/motions/{motion}/keying/complaints", new { against = 2 }, caller)),
        ("ConfirmTellerShares", (host, motion, caller) => host.Post($"/api/motions/{motion}/keying/confirmations", new { }, caller)),
        ("AnswerComplaint", (host, motion, caller) => host.Post($"/api/motions/{motion}/keying/answers", new { to = 2, share = Share }, caller)),
        ("DecryptTallyPart", (host, motion, caller) => host.Post($"/api/motions/{motion}/tally/partials",
            new { lines = Enumerable.Repeat(new { d = "02", proof = new { c = "1", z = "1" } }, 3) }, caller)),
    ];

    private static readonly Dictionary<string, Row> TellerRows = TellerCommands.SelectMany(command => new[]
    {
        KeyValuePair.Create($"{command.File} on a motion not put to the vote", new Row($"{command.File}: This motion has not been put to the vote.", async (host, _) =>
        {
            var assembly = await host.AnAssembly();
            var teller = await host.ADelegateIn(assembly);
            var motion = await host.AMotion(await host.AnOpenSession(assembly));
            return (await command.Send(host, motion, teller), "This motion has not been put to the vote.");
        })),
        KeyValuePair.Create($"{command.File} on a vote whose key the server dealt", new Row(
            $"{command.File}: This vote has no named tellers: its key, if any, is held by the server.", async (host, _) =>
            {
                var assembly = await host.AnAssembly();
                var teller = await host.ADelegateIn(assembly);
                var motion = await host.AMotionUnderVote(assembly, secret: true);
                return (await command.Send(host, motion, teller), "This vote has no named tellers: its key, if any, is held by the server.");
            })),
    }).ToDictionary();

    /// <summary>The tellers' rounds and partial decryptions out of turn.</summary>
    private static readonly Dictionary<string, Row> TellerTurns = new()
    {
        ["a teller's keys once the key is made"] = new("CommitTellerKey: This vote's key is made already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Open);
            return (await host.Commit(vote, 0), "This vote's key is made already.");
        }),
        ["a teller's keys twice"] = new("CommitTellerKey: You have sent your keys for this vote already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Named);
            Assert.Equal(200, (await host.Commit(vote, 0)).Status);
            return (await host.Commit(vote, 0), "You have sent your keys for this vote already.");
        }),
        ["a teller's shares once the key is made"] = new("SendTellerShares: This vote's key is made already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Open);
            return (await host.Post($"/api/motions/{vote.MotionId}/keying/shares", new { shares = Array.Empty<object>() }, vote.Tellers[0]), "This vote's key is made already.");
        }),
        ["a teller's shares before every teller's keys"] = new("SendTellerShares: Shares are sent once every qualified teller has sent its keys (… of … so far).", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Named);
            Assert.Equal(200, (await host.Commit(vote, 0)).Status);
            return (await host.Post($"/api/motions/{vote.MotionId}/keying/shares", new { shares = Array.Empty<object>() }, vote.Tellers[0]),
                "Shares are sent once every qualified teller has sent its keys (1 of 3 so far).");
        }),
        ["a teller's shares after its disqualification"] = new($"SendTellerShares: {Disqualified}", async (host, _) =>
        {
            var vote = await host.AVoteWithADisqualifiedTeller();
            return (await host.Post($"/api/motions/{vote.MotionId}/keying/shares", new { shares = Array.Empty<object>() }, vote.Tellers[1]), Disqualified);
        }),
        ["a teller's keys after the chair ended the wait for them"] = new(
            "CommitTellerKey: You were disqualified from this vote's key: the chair ended the wait for your keys.", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Named);
                Assert.Equal(201, (await Disqualify(host, vote.MotionId, 3)).Status);
                return (await host.Commit(vote, 2), "You were disqualified from this vote's key: the chair ended the wait for your keys.");
            }),
        ["a teller's shares twice"] = new("SendTellerShares: You have sent your shares for this vote already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Committed);
            var shares = vote.Devices[0].Round2((await host.KeyingOf(vote.MotionId)).Commitments);
            Assert.Equal(200, (await host.Post($"/api/motions/{vote.MotionId}/keying/shares", new { shares }, vote.Tellers[0])).Status);
            return (await host.Post($"/api/motions/{vote.MotionId}/keying/shares", new { shares }, vote.Tellers[0]), "You have sent your shares for this vote already.");
        }),
        ["a complaint against a teller who sent no shares"] = new("ComplainOfShare: Teller … has not sent its shares yet.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Committed);
            return (await host.Post($"/api/motions/{vote.MotionId}/keying/complaints", new { against = 2 }, vote.Tellers[0]), "Teller 2 has not sent its shares yet.");
        }),
        ["a partial decryption before the closing"] = new(
            "DecryptTallyPart: The vote is still taking ballots; its tally is decrypted after the chair closes it.", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Voted);
                return (await host.Post($"/api/motions/{vote.MotionId}/tally/partials",
                        new { lines = Enumerable.Repeat(new { d = "02", proof = new { c = "1", z = "1" } }, 3) }, vote.Tellers[0]),
                    "The vote is still taking ballots; its tally is decrypted after the chair closes it.");
            }),
        ["a partial decryption twice"] = new("DecryptTallyPart: You have sent your partial decryption already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Sealed);
            Assert.Equal(200, (await host.DecryptPart(vote, 0)).Status);
            return (await host.DecryptPart(vote, 0), "You have sent your partial decryption already.");
        }),
        ["a partial decryption after the tally"] = new("DecryptTallyPart: The vote is closed; its tally is decrypted.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Sealed);
            Assert.Equal(200, (await host.DecryptPart(vote, 0)).Status);
            Assert.Equal(200, (await host.DecryptPart(vote, 1)).Status);
            return (await host.DecryptPart(vote, 2), "The vote is closed; its tally is decrypted.");
        }),
    };

    private static readonly string Share = new string('0', 63) + "1";

    private const string Disqualified = "You were disqualified from making this vote's key: you take no further part in it.";

    private static Task<Answer> Complain(IAlbaHost host, TellerVote vote, int index, int against) =>
        host.Post($"/api/motions/{vote.MotionId}/keying/complaints", new { against }, vote.Tellers[index]);

    private static Task<Answer> Answer(IAlbaHost host, TellerVote vote, int index, int to, string share) =>
        host.Post($"/api/motions/{vote.MotionId}/keying/answers", new { to, share }, vote.Tellers[index]);

    private static async Task<Answer> Disqualify(IAlbaHost host, Guid motion, int teller) =>
        await host.Post($"/api/motions/{motion}/keying/disqualifications", new { teller }, await host.Organiser());

    /// <summary>Complaints, their answers, disqualifications and confirmations out of turn (docs/voting.md, complaint resolution).</summary>
    private static readonly Dictionary<string, Row> ComplaintRules = new()
    {
        ["a confirmation once the key is made"] = new("ConfirmTellerShares: This vote's key is made already.", async (host, _) =>
            (await host.Confirm(await host.AVoteWithTellers(TellerStage.Open), 0), "This vote's key is made already.")),
        ["a confirmation by a disqualified teller"] = new($"ConfirmTellerShares: {Disqualified}", async (host, _) =>
            (await host.Confirm(await host.AVoteWithADisqualifiedTeller(), 1), Disqualified)),
        ["a confirmation before every teller's shares"] = new("ConfirmTellerShares: Shares are checked once every qualified teller has sent its shares (… of … so far).",
            async (host, _) => (await host.Confirm(await host.AVoteWithTellers(TellerStage.Committed), 0),
                "Shares are checked once every qualified teller has sent its shares (0 of 3 so far).")),
        ["a confirmation twice"] = new("ConfirmTellerShares: You have confirmed your shares already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Shared);
            Assert.Equal(200, (await host.Confirm(vote, 0)).Status);
            return (await host.Confirm(vote, 0), "You have confirmed your shares already.");
        }),
        ["a confirmation while one's complaint waits"] = new("ConfirmTellerShares: Your complaint against teller … waits for its answer or the chair's decision.",
            async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Shared);
                Assert.Equal(201, (await Complain(host, vote, 0, 2)).Status);
                return (await host.Confirm(vote, 0), "Your complaint against teller 2 waits for its answer or the chair's decision.");
            }),
        ["an answer once the key is made"] = new("AnswerComplaint: This vote's key is made already.", async (host, _) =>
            (await Answer(host, await host.AVoteWithTellers(TellerStage.Open), 1, 1, Share), "This vote's key is made already.")),
        ["an answer by a disqualified teller"] = new($"AnswerComplaint: {Disqualified}", async (host, _) =>
            (await Answer(host, await host.AVoteWithADisqualifiedTeller(), 1, 1, Share), Disqualified)),
        ["an answer to no complaint"] = new("AnswerComplaint: No complaint of teller … against you waits for an answer.", async (host, _) =>
            (await Answer(host, await host.AVoteWithTellers(TellerStage.Shared), 1, 1, Share), "No complaint of teller 1 against you waits for an answer.")),
        ["a disqualification on a motion not put to the vote"] = new("DisqualifyTeller: This motion has not been put to the vote.", async (host, _) =>
            (await Disqualify(host, await host.AMotion(await host.AnOpenSession(await host.AnAssembly())), 2), "This motion has not been put to the vote.")),
        ["a disqualification on a vote whose key the server dealt"] = new("DisqualifyTeller: This vote has no named tellers: its key, if any, is held by the server.",
            async (host, _) => (await Disqualify(host, await host.AMotionUnderVote(await host.AnAssembly(), secret: true), 2),
                "This vote has no named tellers: its key, if any, is held by the server.")),
        ["a disqualification once the key is made"] = new("DisqualifyTeller: This vote's key is made already.", async (host, _) =>
            (await Disqualify(host, (await host.AVoteWithTellers(TellerStage.Open)).MotionId, 2), "This vote's key is made already.")),
        ["a disqualification twice"] = new("DisqualifyTeller: Teller … is disqualified already.", async (host, _) =>
            (await Disqualify(host, (await host.AVoteWithADisqualifiedTeller()).MotionId, 2), "Teller 2 is disqualified already.")),
        ["a disqualification of a teller who did its part and is not accused"] = new(
            "DisqualifyTeller: Teller … has sent its shares and confirmed them, and no complaint against it waits: it stays.", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Shared);
                Assert.Equal(201, (await Complain(host, vote, 0, 2)).Status);
                Assert.True((await Answer(host, vote, 1, 1, ElectionGroup.Hex(vote.Devices[1].ValueAt(1)))).Get<bool>("holds"));
                Assert.Equal(200, (await host.Confirm(vote, 1)).Status);
                return (await Disqualify(host, vote.MotionId, 2), "Teller 2 has sent its shares and confirmed them, and no complaint against it waits: it stays.");
            }),
        ["a disqualification of a teller that sent its keys while others' are due"] = new(
            "DisqualifyTeller: Teller … has sent its keys; its shares are due once the other tellers' keys are in (… of … so far).", async (host, _) =>
            {
                var vote = await host.AVoteWithTellers(TellerStage.Named);
                Assert.Equal(200, (await host.Commit(vote, 0)).Status);
                return (await Disqualify(host, vote.MotionId, 1), "Teller 1 has sent its keys; its shares are due once the other tellers' keys are in (1 of 3 so far).");
            }),
        ["a complaint once the key is made"] = new("ComplainOfShare: This vote's key is made already.", async (host, _) =>
            (await Complain(host, await host.AVoteWithTellers(TellerStage.Open), 0, 2), "This vote's key is made already.")),
        ["a complaint by a disqualified teller"] = new($"ComplainOfShare: {Disqualified}", async (host, _) =>
            (await Complain(host, await host.AVoteWithADisqualifiedTeller(), 1, 3), Disqualified)),
        ["a complaint against a disqualified teller"] = new("ComplainOfShare: Teller … is disqualified already.", async (host, _) =>
            (await Complain(host, await host.AVoteWithADisqualifiedTeller(), 2, 2), "Teller 2 is disqualified already.")),
        ["a complaint after confirming"] = new("ComplainOfShare: You have confirmed your shares already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Shared);
            Assert.Equal(200, (await host.Confirm(vote, 0)).Status);
            return (await Complain(host, vote, 0, 2), "You have confirmed your shares already.");
        }),
        ["a complaint twice"] = new("ComplainOfShare: You have complained against teller … already.", async (host, _) =>
        {
            var vote = await host.AVoteWithTellers(TellerStage.Shared);
            Assert.Equal(201, (await Complain(host, vote, 0, 2)).Status);
            return (await Complain(host, vote, 0, 2), "You have complained against teller 2 already.");
        }),
        ["a partial decryption by a disqualified teller"] = new($"DecryptTallyPart: {Disqualified}", async (host, organiser) =>
        {
            var vote = await host.AVoteWithADisqualifiedTeller();
            Assert.Equal(200, (await host.Confirm(vote, 0)).Status);
            Assert.Equal("open", (await host.Confirm(vote, 2)).Get<string>("status"));
            Assert.Equal(200, (await host.Vote(vote.MotionId, vote.Voters[4], "yes")).Status);
            Assert.Equal(200, (await host.Post($"/api/motions/{vote.MotionId}/vote/closing", new { }, organiser)).Status);
            return (await host.Post($"/api/motions/{vote.MotionId}/tally/partials",
                new { lines = Enumerable.Repeat(new { d = "02", proof = new { c = "1", z = "1" } }, 3) }, vote.Tellers[1]), Disqualified);
        }),
        ["a ballot when the keying failed"] = new(
            "CastBallot: Too few qualified tellers were left to make this vote's key: it takes no ballots; the chair opens another vote.", async (host, _) =>
            {
                var vote = await host.AVoteWhoseKeyingFailed();
                return (await host.Vote(vote.MotionId, vote.Voters[4], "yes"),
                    "Too few qualified tellers were left to make this vote's key: it takes no ballots; the chair opens another vote.");
            }),
        ["closing when the keying failed"] = new(
            "CloseVote: Too few qualified tellers were left to make this vote's key: it took no ballot; the chair opens another vote.", async (host, organiser) =>
                (await host.Post($"/api/motions/{(await host.AVoteWhoseKeyingFailed()).MotionId}/vote/closing", new { }, organiser),
                    "Too few qualified tellers were left to make this vote's key: it took no ballot; the chair opens another vote.")),
    };

    private const string KeyingFailed = "Too few qualified tellers were left to make this vote's key: its keying has failed; the chair opens another vote.";

    /// <summary>Tellers 2 and 3 never sent their keys and the chair disqualified both: 1 qualified teller of the 2 needed fails the keying at once.</summary>
    private static async Task<TellerVote> AFailedKeying(IAlbaHost host)
    {
        var vote = await host.AVoteWithTellers(TellerStage.Named);
        Assert.Equal("keying", (await Disqualify(host, vote.MotionId, 2)).Get<string>("status"));
        Assert.Equal("failed", (await Disqualify(host, vote.MotionId, 3)).Get<string>("status"));
        return vote;
    }

    /// <summary>Every step of the keying once it failed: nothing can save it, and none appends a second failure.</summary>
    private static readonly Dictionary<string, Row> AfterFailure = new()
    {
        ["a teller's keys once the keying failed"] = new($"CommitTellerKey: {KeyingFailed}", async (host, _) =>
            (await host.Commit(await AFailedKeying(host), 0), KeyingFailed)),
        ["a teller's shares once the keying failed"] = new($"SendTellerShares: {KeyingFailed}", async (host, _) =>
        {
            var vote = await AFailedKeying(host);
            return (await host.Post($"/api/motions/{vote.MotionId}/keying/shares", new { shares = Array.Empty<object>() }, vote.Tellers[0]), KeyingFailed);
        }),
        ["a confirmation once the keying failed"] = new($"ConfirmTellerShares: {KeyingFailed}", async (host, _) =>
            (await host.Confirm(await AFailedKeying(host), 0), KeyingFailed)),
        ["a complaint once the keying failed"] = new($"ComplainOfShare: {KeyingFailed}", async (host, _) =>
            (await Complain(host, await AFailedKeying(host), 0, 2), KeyingFailed)),
        ["an answer once the keying failed"] = new($"AnswerComplaint: {KeyingFailed}", async (host, _) =>
            (await Answer(host, await AFailedKeying(host), 0, 2, Share), KeyingFailed)),
        ["a disqualification once the keying failed"] = new($"DisqualifyTeller: {KeyingFailed}", async (host, _) =>
            (await Disqualify(host, (await AFailedKeying(host)).MotionId, 1), KeyingFailed)),
    };

    private static readonly Dictionary<string, Row> AllRules =
        Rules.Concat(TellerRows).Concat(TellerTurns).Concat(ComplaintRules).Concat(AfterFailure).ToDictionary();

    /// <summary>
    /// The 409s no request can be made to meet on purpose, each with where it is shown instead. The guard below keeps this
    /// list exact: a site here that leaves the source fails it too.
    /// </summary>
    private static readonly Dictionary<string, string> ShownElsewhere = new()
    {
        ["BallotMixer: This motion has no secret vote."] = "the mixer's background posting, logged, never an answer to a request",
        ["BallotMixer: The vote is closed; its board takes no more ballots."] = "the mixer's background posting, logged, never an answer to a request",
        ["CloseVote: … of the … ballots registered are still on their way to the board; close again in a moment, or, if their voters cannot send them again, close accepting their loss ('acceptMissing')."] =
            "ballots held by another node's mixer or lost with it; Sessions/SecretBallotDecisionTests, "
            + "Sessions/MixerCrashTests (an app process killed before posting, run on a database of its own)",
        ["ResubmitBallot: The tellers are still making this vote's key; ballots are taken once it exists."] =
            "nobody has voted while the tellers make the key, so there is no ballot to send again; the ballot's own row shows the rule",
        ["ResubmitBallot: Too few qualified tellers were left to make this vote's key: it takes no ballots; the chair opens another vote."] =
            "a vote whose keying failed never took a ballot, so there is none to send again; the ballot's own row shows the rule",
        ["ResubmitBallot: Your ballot is already on the board."] =
            "needs a posted batch; Sessions/MixerCrashTests (an app process killed before posting, run on a database of its own)",
        ["ErrorHandling: Someone else changed this at the same time; read it again and retry."] =
            "an exception's classification; Foundation/ErrorClassificationTests",
        ["ErrorHandling: This would duplicate something that must be unique."] = "an exception's classification; Foundation/ErrorClassificationTests",
        ["CastBallot: The vote opened while this ballot was on its way; send it again."] =
            "a ballot checked before the vote opened that reaches the batch after it; "
            + "Sessions/SecretBallotDecisionTests.a_ballot_checked_under_another_key_or_none_is_refused_409_and_records_nothing",
        ["IdempotencyKeys: A request with this '…' is still being processed; retry later."] =
            "a claim committed without its answer: the app's claims are written with their answer in one transaction, so no request makes one",
    };

    private static string Nonce() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static TheoryData<string> Names() => new(AllRules.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task refusing_with_its_reason(string rule)
    {
        var (answer, detail) = await AllRules[rule].Act(app.Host, await app.Host.Organiser());
        Assert.Equal((409, "application/problem+json", detail), (answer.Status, answer.ContentType, answer.Body?["detail"]?.GetValue<string>()));
        Assert.Matches(ConflictSites.Pattern(AllRules[rule].Site), detail);
    }

    [Fact]
    public void every_conflict_in_the_source_has_a_row()
    {
        var inSource = ConflictSites.InSource();
        var covered = AllRules.Values.Select(row => row.Site).Concat(ShownElsewhere.Keys).ToHashSet();
        Assert.True(inSource.Count >= 50, $"only {inSource.Count} conflict sites found in the source");
        Assert.Equal(Array.Empty<string>(), inSource.Except(covered).Order().ToArray());
        Assert.Equal(Array.Empty<string>(), covered.Except(inSource).Order().ToArray());
    }
}

/// <summary>
/// Where the source refuses with 409, read from the syntax of <c>src/</c>: each <c>Problems.Conflict</c> call as
/// "File: wording", "…" standing for each interpolated hole. A conflict worded by a shared helper (a class with no route of
/// its own) counts once per file calling it, a string literal the caller passes filling the hole of that parameter.
/// </summary>
internal static class ConflictSites
{
    public static IReadOnlySet<string> InSource()
    {
        var source = Path.Combine(Authorisation_matrix.RepositoryRoot(), "src", "Alba.Coordination");
        var generated = Path.Combine(source, "Internal", "Generated");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(generated, StringComparison.Ordinal) && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Root: CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot()))
            .ToList();
        var sites = new HashSet<string>();
        foreach (var (file, root) in files)
        foreach (var conflict in root.DescendantNodes().OfType<InvocationExpressionSyntax>().Where(c => c.Expression.ToString() == "Problems.Conflict"))
        {
            var wording = conflict.ArgumentList.Arguments[0].Expression;
            var method = conflict.Ancestors().OfType<MethodDeclarationSyntax>().First();
            var type = method.Ancestors().OfType<TypeDeclarationSyntax>().First();
            var callers = HasRoute(type) ? [] : files
                .Where(other => other.Name != file)
                .SelectMany(other => other.Root.DescendantNodes().OfType<InvocationExpressionSyntax>()
                    .Where(call => call.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.Text == method.Identifier.Text
                                   && access.Expression.ToString() == type.Identifier.Text)
                    .Select(call => (other.Name, Call: call)))
                .ToList();
            if (callers.Count == 0) sites.Add($"{file}: {Words(wording, _ => null)}");
            foreach (var (caller, call) in callers)
            {
                var literals = call.ArgumentList.Arguments.Select(a => a.Expression).OfType<LiteralExpressionSyntax>()
                    .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)).Select(l => l.Token.ValueText).ToList();
                var stringParameters = method.ParameterList.Parameters.Where(p => p.Type?.ToString() == "string").Select(p => p.Identifier.Text).ToList();
                sites.Add($"{caller}: {Words(wording, hole => literals.Count == 1 && stringParameters.Contains(hole) ? literals[0] : null)}");
            }
        }
        return sites;
    }

    /// <summary>A site's wording as a pattern for the detail a person reads ("…" being anything).</summary>
    public static string Pattern(string site) =>
        "^" + string.Join(".+", site[(site.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split('…').Select(Regex.Escape)) + "$";

    private static bool HasRoute(TypeDeclarationSyntax type) => type.DescendantNodes().OfType<AttributeSyntax>()
        .Any(attribute => attribute.Name.ToString().StartsWith("Wolverine", StringComparison.Ordinal));

    /// <param name="fill">What the caller puts in a hole naming a parameter, or null for "…".</param>
    private static string Words(ExpressionSyntax wording, Func<string, string?> fill) => wording switch
    {
        LiteralExpressionSyntax literal => literal.Token.ValueText,
        InterpolatedStringExpressionSyntax interpolated => string.Concat(interpolated.Contents.Select(part => part switch
        {
            InterpolatedStringTextSyntax text => text.TextToken.ValueText,
            InterpolationSyntax { Expression: IdentifierNameSyntax name } => fill(name.Identifier.Text) ?? "…",
            _ => "…",
        })),
        _ => wording.ToString(),
    };
}

file static class ConflictScenarios
{
    /// <summary>A statement signed by its initiator and published, with the refusal every later change meets.</summary>
    public static async Task<(Party Party, Guid Statement, string Refusal)> APublishedStatement(IAlbaHost host)
    {
        var party = await host.AParty();
        var statement = await host.AnOpenStatement(party);
        Assert.Equal(201, (await host.Sign(statement, party, 1)).Status);
        var published = await host.Publish(statement, party.Rep);
        Assert.Equal(200, published.Status);
        return (party, statement,
            $"The statement was published (revision 1) on {published.Get<DateTimeOffset>("publishedAt"):u}; its text and signatories are frozen.");
    }

    public static Task<Answer> CheckInByCode(this IAlbaHost host, Guid assemblyId, string code, Caller organiser) =>
        host.Post($"/api/assemblies/{assemblyId}/check-ins",
            new { credentialCode = code, station = "Puerta 1", scannedAt = DateTimeOffset.UtcNow.AddMinutes(-1), scanId = Guid.NewGuid().ToString("N") }, organiser);

    public static async Task<Guid> AnAdjournedSession(this IAlbaHost host, Caller organiser)
    {
        var session = await host.AnOpenSession(await host.AnAssembly());
        Assert.Equal(200, (await host.Post($"/api/sessions/{session}/adjournment", null, organiser)).Status);
        return session;
    }

    public static async Task<Guid> AnAmendment(this IAlbaHost host, Guid motionId, Caller organiser)
    {
        var proposed = await host.Post($"/api/motions/{motionId}/amendments", new { text = Scenarios.Unique("La asamblea exige") }, organiser);
        Assert.Equal(201, proposed.Status);
        return proposed.Id("amendmentId");
    }
}
