using Alba.Coordination.Delegates;
using Alba.Coordination.Demo;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Sessions;

[Collection(AppCollection.Name)]
public class when_the_demo_seeds_sessions(AppFixture app)
{
    private async Task<DemoContext> Demo()
    {
        var organiser = await app.Host.Organiser();
        return new DemoContext(app.Host.Server.CreateClient(), organiser.Token);
    }

    [Fact]
    public async Task the_opening_plenary_runs_its_floor_and_both_votes_through_the_api()
    {
        var (assemblyId, delegates) = await app.Host.AnAssemblyWithDelegates(5);
        var participants = delegates.Append(await app.Host.ADelegateIn(assemblyId, role: "observer"))
            .Append(await app.Host.ADelegateIn(assemblyId, checkedIn: false)).ToList();
        var credentials = new List<string>();
        await using (var session = app.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            foreach (var participant in participants)
            {
                var code = Secrets.NewCode();
                credentials.Add(code);
                // Reissued through the delegate's stream, so the credential (and the stamp its tokens carry) is projected.
                session.Events.Append(participant.Id, new CredentialReissued(participant.Id, assemblyId, Secrets.Hash(code), Guid.Empty,
                    DateTimeOffset.UtcNow) { MovementId = participant.MovementId!.Value });
            }
            await session.SaveChangesAsync();
        }
        var demo = await Demo();
        demo.Shared["assemblyId"] = assemblyId;
        demo.Shared["credentials"] = credentials;

        await new SeedSessions().RunAsync(demo, CancellationToken.None);

        var sessions = (await app.Host.Get($"/api/assemblies/{assemblyId}/sessions")).Body!.AsArray();
        Assert.Equal(["open", "scheduled"], sessions.Select(s => s!["status"]!.GetValue<string>()));
        var plenary = (await app.Host.Get($"/api/sessions/{sessions[0]!["id"]!.GetValue<string>()}")).Body!;
        Assert.Equal(3, plenary["turns"]!.AsArray().Count);
        Assert.Equal(3, plenary["queue"]!.AsArray().Count);
        var motions = plenary["motions"]!.AsArray();
        Assert.Equal(["adopted", "adopted"], motions.Select(m => m!["status"]!.GetValue<string>()));
        Assert.Equal([5, 5], motions.Select(m => m!["vote"]!["cast"]!.GetValue<int>()));
        Assert.Contains(demo.Notes, n => n.StartsWith("Sessions: plenary"));
    }

    [Fact]
    public async Task without_an_assembly_from_an_earlier_step_it_only_leaves_a_note()
    {
        var demo = await Demo();
        await new SeedSessions().RunAsync(demo, CancellationToken.None);
        Assert.Contains(demo.Notes, n => n.Contains("no sessions seeded"));
    }
}
