using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Sessions;

public sealed record AssemblyWithDelegates(Guid AssemblyId, IReadOnlyList<Caller> Delegates);

/// <summary>
/// Named states for sessions, floor, motions and votes. Assemblies and delegates are built by appending their events
/// directly (the delegates' endpoints are another capability); everything of this capability goes through the API.
/// </summary>
public static class SessionsScenarios
{
    private static readonly Guid Secretariat = Guid.CreateVersion7();

    private static IDocumentStore Store(this IAlbaHost host) => host.Services.GetRequiredService<IDocumentStore>();

    public static async Task<AssemblyWithDelegates> AnAssemblyWithDelegates(this IAlbaHost host, int count)
    {
        var assemblyId = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using (var session = host.Store().LightweightSession())
        {
            session.Events.StartStream<AssemblyView>(assemblyId,
                new AssemblyConvened(assemblyId, Scenarios.Unique("Asamblea Continental"), "Caracas", "VE", new DateOnly(2026, 11, 28),
                    new DateOnly(2026, 11, 30), 500, 10, Secretariat, now),
                new RegistrationOpened(assemblyId, Secretariat, now));
            await session.SaveChangesAsync();
        }
        var delegates = new List<Caller>();
        for (var i = 0; i < count; i++) delegates.Add(await host.ADelegateIn(assemblyId));
        return new AssemblyWithDelegates(assemblyId, delegates);
    }

    /// <summary>A registered and accredited participant of the assembly, signed in with a delegate token.</summary>
    public static async Task<Caller> ADelegateIn(this IAlbaHost host, Guid assemblyId, bool checkedIn = true, string role = DelegateRoles.Delegate)
    {
        var delegateId = Guid.CreateVersion7();
        var movementId = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using (var session = host.Store().LightweightSession())
        {
            session.Events.StartStream<DelegateView>(delegateId,
                new DelegateRegistered(delegateId, assemblyId, movementId, "VE", ["es", "pt"], role, Secretariat, now),
                new DelegateAccredited(delegateId, assemblyId, $"credential-hash-{delegateId}", Secretariat, now) { MovementId = movementId });
            await session.SaveChangesAsync();
        }
        // Signed for the credential the accreditation projected: a token stands only while its credential does.
        await using var query = host.Store().QuerySession();
        var credential = await query.LoadAsync<DelegateCredential>($"credential-hash-{delegateId}");
        var token = host.Services.GetRequiredService<TokenIssuer>().ForDelegate(credential!);
        var caller = new Caller(token.Value, delegateId, Roles.Delegate, movementId, delegateId);
        if (checkedIn) await host.CheckIn(caller, assemblyId);
        return caller;
    }

    public static Task CheckIn(this IAlbaHost host, Caller delegateCaller, Guid assemblyId) =>
        host.AppendToDelegate(delegateCaller, new DelegateCheckedIn(delegateCaller.Id, assemblyId, "door-1", Guid.NewGuid().ToString(),
            DateTimeOffset.UtcNow, Secretariat, DateTimeOffset.UtcNow));

    public static Task Revoke(this IAlbaHost host, Caller delegateCaller, Guid assemblyId) =>
        host.AppendToDelegate(delegateCaller, new DelegateRevoked(delegateCaller.Id, assemblyId, SealedReason: null,
            Secretariat, DateTimeOffset.UtcNow));

    private static async Task AppendToDelegate(this IAlbaHost host, Caller delegateCaller, object @event)
    {
        await using var session = host.Store().LightweightSession();
        session.Events.Append(delegateCaller.Id, @event);
        await session.SaveChangesAsync();
    }

    public static async Task<Guid> ASession(this IAlbaHost host, Guid assemblyId, string kind = "plenary", params string[] agenda)
    {
        var organiser = await host.Organiser();
        var answer = await host.Post($"/api/assemblies/{assemblyId}/sessions", new
        {
            title = Scenarios.Unique("Plenaria"), kind, scheduledAt = DateTimeOffset.UtcNow.AddHours(1),
            agenda = (agenda.Length > 0 ? agenda : ["Apertura", "Informe de coyuntura", "Declaración final"]).Select(title => new { title }),
        }, organiser);
        Assert.Equal(201, answer.Status);
        return answer.Id("sessionId");
    }

    public static async Task<Guid> AnOpenSession(this IAlbaHost host, Guid assemblyId)
    {
        var sessionId = await host.ASession(assemblyId);
        Assert.Equal(200, (await host.Post($"/api/sessions/{sessionId}/opening", null, await host.Organiser())).Status);
        return sessionId;
    }

    public static async Task<Guid> AMotion(this IAlbaHost host, Guid sessionId, Caller? mover = null)
    {
        var answer = await host.Post($"/api/sessions/{sessionId}/motions",
            new { title = Scenarios.Unique("Moción"), text = "La asamblea denuncia el asesinato de líderes sociales." }, mover ?? await host.Organiser());
        Assert.Equal(201, answer.Status);
        return answer.Id("motionId");
    }

    /// <summary>The tellers' shares each secret vote opened by these scenarios answered, as the chair would hand them out.</summary>
    private static readonly ConcurrentDictionary<Guid, JsonNode> TellerShares = new();

    /// <summary>A motion in an open session of the assembly, put to a vote now (a secret one with one teller, unless told).</summary>
    public static async Task<Guid> AMotionUnderVote(this IAlbaHost host, Guid assemblyId, bool secret, string majority = "simple", int quorum = 0,
        int tellers = 1, int? threshold = null)
    {
        var motionId = await host.AMotion(await host.AnOpenSession(assemblyId));
        Assert.Equal(200, (await host.OpenVote(motionId, secret, majority, quorum, tellers, threshold)).Status);
        return motionId;
    }

    /// <summary>Opens the motion's vote and keeps a secret vote's teller shares for <see cref="CloseVote"/>.</summary>
    public static async Task<Answer> OpenVote(this IAlbaHost host, Guid motionId, bool secret, string majority = "simple", int quorum = 0,
        int tellers = 1, int? threshold = null)
    {
        var opened = await host.Post($"/api/motions/{motionId}/vote", new { secret, majority, quorum, tellers, threshold }, await host.Organiser());
        if (secret && opened.Status == 200) TellerShares[motionId] = opened.Body!["tellerShares"]!.DeepClone();
        return opened;
    }

    /// <summary>The shares of tellers <paramref name="tellers"/> (1-based) of a secret vote opened by <see cref="AMotionUnderVote"/>.</summary>
    public static JsonNode[] SharesOf(Guid motionId, params int[] tellers) =>
        tellers.Select(t => TellerShares[motionId].AsArray().Single(s => s!["teller"]!.GetValue<int>() == t)!.DeepClone()).ToArray();

    public static Task<Answer> Vote(this IAlbaHost host, Guid motionId, Caller voter, string choice) =>
        host.Post($"/api/motions/{motionId}/ballots", new { choice }, voter);

    /// <summary>A ballot encrypted under the secret vote's key, as the delegate's device makes it.</summary>
    public static async Task<EncryptedBallot> EncryptedFor(this IAlbaHost host, Guid motionId, string choice) =>
        EncryptedBallot.Encrypt(choice, ElectionGroup.ParsePoint((await host.Get($"/api/motions/{motionId}/board")).Get<string>("publicKey"))!,
            motionId);

    public static Task<Answer> Resubmit(this IAlbaHost host, Guid motionId, Caller voter, EncryptedBallot ballot, string nonce) =>
        host.Post($"/api/motions/{motionId}/ballots/resubmission", new { ballot, nonce }, voter);

    /// <summary>Closes the vote; a secret vote opened here gets every teller's share.</summary>
    public static async Task<Answer> CloseVote(this IAlbaHost host, Guid motionId) =>
        await host.Post($"/api/motions/{motionId}/vote/closing",
            TellerShares.TryGetValue(motionId, out var shares) ? new { shares = shares.DeepClone() } : null, await host.Organiser());
}
