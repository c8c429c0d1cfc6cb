using Alba.Coordination.Infrastructure;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Sessions;

public static class DecisionExtensions
{
    /// <summary>Appends what was decided and answers <paramref name="answer"/>, or answers the refusal; the endpoint's transaction commits.</summary>
    public static IResult AppendOrRefuse<T>(this IEventStream<T> stream, Decision decision, Func<IResult> answer) where T : class
    {
        if (!!decision.IsRefused) return Results.Problem(decision.Refusal);
        stream.AppendMany(decision.Events);
        return answer();
    }
}

public static class ExclusiveStreams
{
    /// <summary>
    /// Fetches a session's or motion's stream for writing with its row locked until the endpoint's transaction ends:
    /// concurrent commands on one stream (ballots, floor requests) are decided one after another on fresh state, so
    /// none is refused for a race it could not see, and the expected-version check still guards the append.
    /// Null when the stream does not exist.
    /// </summary>
    public static async Task<IEventStream<T>?> LockAsync<T>(this Marten.IDocumentSession session, Guid id) where T : class
    {
        var stream = await session.Events.FetchForExclusiveWriting<T>(id);
        return stream.Aggregate is null ? null : stream;
    }
}
