using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// A person as the tests know it: the delegate, its name and e-mail (unique, ASCII, so a scan finds them however stored), its
/// token and the credential code it signs in with.
/// </summary>
public sealed record Person(Guid Id, Guid AssemblyId, string FullName, string Email, Caller Caller, string CredentialCode);

public static class PrivacyScenarios
{
    /// <summary>Registered through the API, accredited, checked in at the door by its badge's code (with an Idempotency-Key) and signed in.</summary>
    public static async Task<Person> ACheckedInPerson(this IAlbaHost host, Guid assemblyId, Guid movementId)
    {
        var organiser = await host.Organiser();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var fullName = $"Berta Caceres Flores {suffix}";
        var email = $"berta.{suffix}@alba.test";
        var registered = await host.Register(assemblyId, DelegatesScenarios.RegistrationBody(movementId, email: email, fullName: fullName), organiser);
        Assert.Equal(201, registered.Status);
        var id = registered.Id("delegateId");
        var accredited = await host.Decide(id, "accredit");
        Assert.Equal(200, accredited.Status);
        var code = accredited.Get<string>("credentialCode");
        var door = await host.Post($"/api/assemblies/{assemblyId}/check-ins",
            new { credentialCode = code, station = "Puerta 1", scannedAt = DateTimeOffset.UtcNow.AddSeconds(-5), scanId = Guid.NewGuid().ToString("N") },
            organiser, idempotencyKey: Guid.NewGuid().ToString("N"));
        Assert.Equal(200, door.Status);
        Assert.Equal(fullName, door.Get<string>("fullName"));
        var caller = await host.SignInAsDelegate(new AccreditedDelegate(id, assemblyId, movementId, code));
        return new Person(id, assemblyId, fullName, email, caller, code);
    }

    public static Task<Answer> Erase(this IAlbaHost host, Guid delegateId, Caller organiser, string? reason = "The person asked to be erased.") =>
        host.Post($"/api/delegates/{delegateId}/erasure", new { reason }, organiser);
}
