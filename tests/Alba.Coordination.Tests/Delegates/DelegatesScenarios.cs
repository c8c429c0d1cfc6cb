using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Delegates;

/// <summary>A registered delegate as the tests know it.</summary>
public sealed record RegisteredDelegate(Guid Id, Guid AssemblyId, Guid MovementId, string Email);

/// <summary>An accredited delegate with the credential code the organiser was given once.</summary>
public sealed record AccreditedDelegate(Guid Id, Guid AssemblyId, Guid MovementId, string CredentialCode);

/// <summary>Builds assemblies and delegations through the public API.</summary>
public static class DelegatesScenarios
{
    public static readonly DateOnly OpensOn = new(2026, 11, 28);

    public static object AssemblyBody(int capacity = 100, int delegatesPerMovement = 10) => new
    {
        title = Scenarios.Unique("Asamblea Continental"), city = "Buenos Aires", country = "AR",
        opensOn = OpensOn, closesOn = OpensOn.AddDays(3), capacity, delegatesPerMovement,
    };

    /// <summary>A new assembly, its registration open unless told otherwise.</summary>
    public static async Task<Guid> AnAssembly(this IAlbaHost host, int capacity = 100, int delegatesPerMovement = 10, bool open = true)
    {
        var organiser = await host.Organiser();
        var created = await host.Post("/api/assemblies", AssemblyBody(capacity, delegatesPerMovement), organiser);
        Assert.Equal(201, created.Status);
        var id = created.Id("assemblyId");
        if (open) Assert.Equal(200, (await host.Post($"/api/assemblies/{id}/registration/opening", null, organiser)).Status);
        return id;
    }

    public static object RegistrationBody(Guid movementId, string role = "delegate", string country = "AR", string? email = null,
        string fullName = "Juana Azurduy") =>
        new { movementId, fullName, email = email ?? Scenarios.UniqueEmail("delegada"), country, languages = new[] { "es", "pt" }, role };

    public static Task<Answer> Register(this IAlbaHost host, Guid assemblyId, object body, Caller caller) =>
        host.Post($"/api/assemblies/{assemblyId}/registrations", body, caller);

    public static async Task<RegisteredDelegate> ARegisteredDelegate(this IAlbaHost host, Guid assemblyId, Guid? movementId = null,
        string role = "delegate", string country = "AR", string fullName = "Juana Azurduy")
    {
        var movement = movementId ?? await host.AMovement();
        var email = Scenarios.UniqueEmail("delegada");
        var answer = await host.Register(assemblyId, RegistrationBody(movement, role, country, email, fullName), await host.Organiser());
        Assert.Equal(201, answer.Status);
        return new RegisteredDelegate(answer.Id("delegateId"), assemblyId, movement, email);
    }

    public static async Task<AccreditedDelegate> AnAccreditedDelegate(this IAlbaHost host, Guid assemblyId, Guid? movementId = null,
        string role = "delegate", string country = "AR")
    {
        var registered = await host.ARegisteredDelegate(assemblyId, movementId, role, country);
        var answer = await host.Decide(registered.Id, "accredit");
        Assert.Equal(200, answer.Status);
        return new AccreditedDelegate(registered.Id, assemblyId, registered.MovementId, answer.Get<string>("credentialCode"));
    }

    public static async Task<Answer> Decide(this IAlbaHost host, Guid delegateId, string decision, string? reason = null) =>
        await host.Post($"/api/delegates/{delegateId}/accreditation", new { decision, reason }, await host.Organiser());

    public static async Task<Answer> CheckIn(this IAlbaHost host, Guid delegateId, DateTimeOffset scannedAt, string? scanId = null,
        string station = "Puerta 1") =>
        await host.Post($"/api/delegates/{delegateId}/check-ins",
            new { station, scannedAt, scanId = scanId ?? Guid.NewGuid().ToString("N") }, await host.Organiser());

    /// <summary>
    /// Credential sign-in from an address of its own: failed sign-ins are throttled per caller
    /// address, and the tests' deliberate failures must not lock out every other test's sign-ins.
    /// </summary>
    public static async Task<Answer> CredentialLogin(this IAlbaHost host, string code)
    {
        var address = new IPAddress([0x20, 0x01, 0x0d, 0xb8, .. RandomNumberGenerator.GetBytes(12)]);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { credentialCode = code }));
        var context = await host.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = address;
            c.Request.Method = "POST";
            c.Request.Path = "/api/auth/credential-login";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(body);
        });
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Answer(context.Response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null,
            new HttpResponseMessage((HttpStatusCode)context.Response.StatusCode));
    }

    public static async Task<Caller> SignInAsDelegate(this IAlbaHost host, AccreditedDelegate accredited)
    {
        var answer = await host.CredentialLogin(accredited.CredentialCode);
        Assert.Equal(200, answer.Status);
        return new Caller(answer.Get<string>("accessToken"), accredited.Id, "delegate", accredited.MovementId, accredited.Id);
    }

    public static async Task<JsonNode> Attendance(this IAlbaHost host, Guid assemblyId)
    {
        var answer = await host.Get($"/api/assemblies/{assemblyId}/attendance");
        Assert.Equal(200, answer.Status);
        return answer.Body!;
    }

    public static IDocumentStore Store(this IAlbaHost host) => host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>The names of the events stored on a stream, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> EventTypes(this IAlbaHost host, Guid streamId)
    {
        await using var session = host.Store().QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).Select(e => e.Data.GetType().Name).ToList();
    }

    public static async Task<string> Status(this IAlbaHost host, Guid delegateId) =>
        (await host.Get($"/api/delegates/{delegateId}", await host.Organiser())).Get<string>("status");
}
