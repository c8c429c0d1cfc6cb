using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// Idempotency-Key on the group-committed commands (registrations, signatures): the claim is written by the stream's batch
/// in the transaction that records the command, with the guarantees Wolverine's own claim gives every other POST.
/// </summary>
[Collection(AppCollection.Name)]
public class idempotency_keys_on_group_committed_commands(AppFixture app)
{
    [Fact]
    public async Task concurrent_registrations_under_one_key_register_once_and_answer_alike()
    {
        var assembly = await app.Host.AnAssembly();
        var movement = await app.Host.AMovement();
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();
        var body = DelegatesScenarios.RegistrationBody(movement);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            app.Host.Post($"/api/assemblies/{assembly}/registrations", body, organiser, key)));

        Assert.All(answers, a => Assert.Equal((201, answers[0].Location, answers[0].Body!.ToJsonString()), (a.Status, a.Location, a.Body!.ToJsonString())));
        Assert.Equal(1, (await app.Host.Attendance(assembly))["registered"]!.GetValue<int>());
        var repeated = await app.Host.Post($"/api/assemblies/{assembly}/registrations", body, organiser, key);
        Assert.Equal((201, answers[0].Location, answers[0].Body!.ToJsonString()), (repeated.Status, repeated.Location, repeated.Body!.ToJsonString()));
        var other = await app.Host.Post($"/api/assemblies/{assembly}/registrations", DelegatesScenarios.RegistrationBody(movement), organiser, key);
        Assert.Equal(422, other.Status);
        Assert.Equal(1, (await app.Host.Attendance(assembly))["registered"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_refused_registration_keeps_no_claim_so_its_correction_under_the_same_key_succeeds()
    {
        var assembly = await app.Host.AnAssembly();
        var organiser = await app.Host.Organiser();
        var key = Guid.NewGuid().ToString();

        var unknownMovement = await app.Host.Post($"/api/assemblies/{assembly}/registrations",
            DelegatesScenarios.RegistrationBody(Guid.CreateVersion7()), organiser, key);
        Assert.Equal(400, unknownMovement.Status);
        var corrected = await app.Host.Post($"/api/assemblies/{assembly}/registrations",
            DelegatesScenarios.RegistrationBody(await app.Host.AMovement()), organiser, key);
        Assert.Equal(201, corrected.Status);
    }

    [Fact]
    public async Task a_repeated_signature_under_its_key_answers_the_first_answer()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        var key = Guid.NewGuid().ToString();
        var body = new { movementId = signer.MovementId, revision = 1 };

        var first = await app.Host.Post($"/api/statements/{id}/signatures", body, signer.Rep, key);
        var again = await app.Host.Post($"/api/statements/{id}/signatures", body, signer.Rep, key);
        var withoutKey = await app.Host.Post($"/api/statements/{id}/signatures", body, signer.Rep);

        Assert.Equal((201, $"/api/statements/{id}"), (first.Status, first.Location));
        Assert.Equal((201, first.Location, first.Body!.ToJsonString()), (again.Status, again.Location, again.Body!.ToJsonString()));
        Assert.Equal((200, first.Body!.ToJsonString()), (withoutKey.Status, withoutKey.Body!.ToJsonString()));
        Assert.Single(await app.Host.History(id, initiator.Rep), e => e!["kind"]!.GetValue<string>() == "StatementSigned" &&
                                                                         e["data"]!["movementId"]!.GetValue<string>() == signer.MovementId.ToString());
    }
}
