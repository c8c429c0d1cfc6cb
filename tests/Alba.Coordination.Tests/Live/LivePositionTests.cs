using Alba.Coordination.Live;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Live;

[Collection(AppCollection.Name)]
public class a_read_that_a_page_follows_live(AppFixture app)
{
    [Fact]
    public async Task says_where_it_stands_in_the_groups_log_and_moves_on_with_each_command()
    {
        var assemblyId = await app.Host.AnAssembly();
        var sessionId = await app.Host.ASession(assemblyId);
        var group = LiveGroups.Session(sessionId);
        var url = $"/api/sessions/{sessionId}";

        // Every session event is pushed to its group: once the feed has passed the scheduling, the read stands there.
        var scheduled = await LastSequenceOf(sessionId);
        var before = await PositionOnceItIs(url, scheduled);
        Assert.Equal<long?>(await Log.Head(group, CancellationToken.None), before);

        Assert.Equal(200, (await app.Host.Post($"{url}/opening", null, await app.Host.Organiser())).Status);
        var opened = await LastSequenceOf(sessionId);
        Assert.True(opened > before);
        Assert.Equal<long?>(opened, await PositionOnceItIs(url, opened));
        Assert.Equal(await Log.Head(group, CancellationToken.None), opened);

        // The assembly's reads stand in the assembly's group, which the opening reached too.
        Assert.Equal<long?>(await Log.Head(LiveGroups.Assembly(assemblyId), CancellationToken.None),
            Position(await app.Host.Get($"/api/assemblies/{assemblyId}/sessions")));
    }

    [Fact]
    public async Task is_told_only_to_those_the_hub_would_admit_to_the_group()
    {
        var initiator = await app.Host.AParty();
        var draft = await app.Host.ADraft(initiator);
        var url = $"/api/statements/{draft}";

        var hidden = await app.Host.Get(url);
        Assert.Equal(404, hidden.Status);
        Assert.False(hidden.Response.Headers.Contains(LivePositionHeader.Name), "a hidden draft's position would reveal that it exists");
        Assert.NotNull(Position(await app.Host.Get(url, initiator.Rep)));

        // Open for signature, its group is followed by the statement page before its representative signs in.
        Assert.Equal(200, (await app.Host.OpenForSignature(draft, initiator.Rep)).Status);
        var unsignedIn = await app.Host.Get(url);
        Assert.Equal(404, unsignedIn.Status);
        Assert.NotNull(Position(unsignedIn));
    }

    private LiveUpdateLog Log => app.Host.Services.GetRequiredService<LiveUpdateLog>();

    private static long? Position(Answer answer) =>
        answer.Response.Headers.TryGetValues(LivePositionHeader.Name, out var values) ? long.Parse(values.Single()) : null;

    /// <summary>The read's position once the live feed has logged the update at <paramref name="expected"/> (it pushes within a second).</summary>
    private async Task<long?> PositionOnceItIs(string url, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long? position;
        do
        {
            position = Position(await app.Host.Get(url));
            if (position >= expected) return position;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        return position;
    }

    private async Task<long> LastSequenceOf(Guid streamId)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(streamId))[^1].Sequence;
    }
}

public class a_followed_reads_group
{
    [Fact]
    public void is_named_from_its_route_as_the_hub_names_it()
    {
        var id = Guid.NewGuid();
        Assert.Equal(LiveGroups.Session(id), new LiveGroupAttribute("session:{id}").GroupOf(new RouteValueDictionary { ["id"] = id.ToString().ToUpperInvariant() }));
        Assert.Equal(LiveGroups.Movements, new LiveGroupAttribute(LiveGroups.Movements).GroupOf(new RouteValueDictionary()));
    }
}
