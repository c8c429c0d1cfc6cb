using Alba.Coordination.Infrastructure;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Foundation;

public sealed record TallyStarted(Guid TallyId);

public sealed record TallyBumped(Guid TallyId);

/// <summary>A write model whose every event changes it, so applying an event twice would show.</summary>
public sealed record Tally(Guid Id, int Count)
{
    public static Tally Create(TallyStarted e) => new(e.TallyId, 0);

    public Tally Apply(TallyBumped _) => this with { Count = Count + 1 };
}

[Collection(AppCollection.Name)]
public class answering_from_the_state_after_a_decision(AppFixture app)
{
    /// <summary>
    /// session.Decide answers from the write model folded with the decided events in memory; each event must be folded
    /// exactly once, and what it answered must be what is stored.
    /// </summary>
    [Fact]
    public async Task each_decided_event_is_folded_once_and_the_answer_matches_the_stored_stream()
    {
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var id = Guid.CreateVersion7();
        await using (var starting = store.LightweightSession())
        {
            starting.Started<Tally>(id, Decision.Append(new TallyStarted(id)), "/tally", id);
            await starting.SaveChangesAsync();
        }

        await using var session = store.LightweightSession();
        var stream = await session.Events.FetchForExclusiveWriting<Tally>(id);
        var answered = await session.Decide(stream, _ => Decision.Append(new TallyBumped(id), new TallyBumped(id)), (after, _) => after);
        await session.SaveChangesAsync();

        Assert.Equal(new Tally(id, 2), Assert.IsType<Ok<object>>(answered).Value);
        await using var reading = store.QuerySession();
        Assert.Equal(new Tally(id, 2), await reading.Events.AggregateStreamAsync<Tally>(id));
    }
}
