namespace Alba.Coordination.Statements;

public static class StatementCommands
{
    /// <summary>
    /// <see cref="CommandStreams.Decide{T}"/> for the commands whose new fact is a record of its own in the statement
    /// (a revision, a signature, a translation): when something was appended the answer is 201 at the statement, a
    /// repeat that appended nothing keeps the 200.
    /// </summary>
    public static async Task<IResult> DecideRecord(this IDocumentSession session, IEventStream<StatementState> stream,
        Func<StatementState, Decision> decide, Func<StatementState, Decision, object> answer)
    {
        var recorded = false;
        var result = await session.Decide(stream, decide, (after, decision) =>
        {
            recorded = decision.Changes;
            return answer(after, decision);
        });
        return recorded && result is IValueHttpResult { Value: { } value } ? Results.Created($"/api/statements/{stream.Id}", value) : result;
    }
}
