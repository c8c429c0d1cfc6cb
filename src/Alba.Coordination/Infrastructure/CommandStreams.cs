using ConcurrencyStyle = Wolverine.Marten.ConcurrencyStyle;
using WriteAggregateAttribute = Wolverine.Marten.WriteAggregateAttribute;
using Wolverine.Persistence;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// The stream a command decides on, loaded by Wolverine's aggregate workflow with its row locked
/// until the endpoint's transaction ends (<c>select … for update</c> on <c>mt_streams</c>): writers of
/// one stream decide one after another on fresh state, so none is refused for a race it could not
/// see, and the expected-version check still guards the append. A missing stream answers a 404
/// problem naming <paramref name="noun"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class LockedStreamAttribute : WriteAggregateAttribute
{
    /// <param name="noun">What the stream is, for the 404 problem.</param>
    /// <param name="routeOrParameterName">Where the id comes from, when the route has other ids too.</param>
    public LockedStreamAttribute(string noun, string? routeOrParameterName = null) : base(routeOrParameterName)
    {
        LoadStyle = ConcurrencyStyle.Exclusive;
        OnMissing = OnMissing.ProblemDetailsWith404;
        MissingMessage = $"No {noun} has id {{Id}}.";
    }
}

/// <summary>The one way a command ends: a refusal, or the decided events appended and an answer built from the state after them.</summary>
public static class CommandStreams
{
    /// <summary>
    /// Decides on the locked stream's write model, appends what was decided and answers 200 with
    /// <paramref name="answer"/> applied to the write model as it stands after those events (folded in memory by
    /// Marten's aggregator for the write model, once each) and to the decision; a refusal answers its problem and appends nothing. With
    /// <paramref name="createdAt"/>, a command whose new fact is a record of its own (a revision, a signature) answers
    /// 201 there when it appended something, and 200 for a repeat. The endpoint's transaction commits.
    /// </summary>
    public static async Task<IResult> Decide<T>(this IDocumentSession session, IEventStream<T> stream, Func<T, Decision> decide,
        Func<T, Decision, object> answer, string? createdAt = null) where T : class
    {
        var decision = decide(stream.Loaded());
        AlbaMetrics.CommandDecided<T>(decision);
        if (decision.IsRefused) return Results.Problem(decision.Refusal);
        var after = await session.AppendAndFoldAsync(stream, stream.Loaded(), decision);
        var body = answer(after, decision);
        return createdAt is not null && decision.Changes ? Results.Created(createdAt, body) : Results.Ok(body);
    }

    /// <summary>
    /// Appends what was decided to the stream and returns <paramref name="current"/> with those events folded in memory by
    /// Marten's aggregator for the write model, once each (a group commit folds each command's events onto the state the
    /// commands before it left).
    /// </summary>
    public static async Task<T> AppendAndFoldAsync<T>(this IDocumentSession session, IEventStream<T> stream, T current, Decision decision)
        where T : class
    {
        var before = stream.Events.Count;
        stream.AppendMany(decision.Events);
        // Not ProjectLatest: for a live-folded write model it applies the pending events twice (CommandStreamTests).
        return await ((StoreOptions)session.DocumentStore.Options).Projections.AggregatorFor<T>()
                   .BuildAsync(stream.Events.Skip(before).ToList(), session, current, CancellationToken.None)
               ?? throw new InvalidOperationException($"Stream {stream.Id} has no {typeof(T).Name} after its decision.");
    }

    /// <summary>The write model of a stream loaded with <see cref="LockedStreamAttribute"/>, which has already answered 404 when it is missing.</summary>
    public static T Loaded<T>(this IEventStream<T> stream) where T : class =>
        stream.Aggregate ?? throw new InvalidOperationException($"Stream {stream.Id} was not loaded through [LockedStream].");

    /// <summary>
    /// Starts a new stream with what was decided and answers 201 with <paramref name="answer"/> at
    /// <paramref name="location"/>; a refusal answers its problem and starts nothing.
    /// </summary>
    public static IResult Started<T>(this IDocumentSession session, Guid id, Decision decision, string location, object answer)
        where T : class
    {
        AlbaMetrics.CommandDecided<T>(decision);
        if (decision.IsRefused) return Results.Problem(decision.Refusal);
        session.Events.StartStream<T>(id, decision.Events.ToArray());
        return Results.Created(location, answer);
    }
}
