using Microsoft.AspNetCore.Http.HttpResults;

namespace Alba.Coordination.Mobilisations;

/// <summary>The answer to a command the field repeats (an endorsement, a report): <c>Repeated</c> when it changed nothing.</summary>
public interface IRepeatableAnswer
{
    bool Repeated { get; }
}

public static class RepeatableAnswers
{
    /// <summary>
    /// A new endorsement or report answers 201 and a repeat 200 (docs/mobilisations.md), so a phone replaying its offline
    /// queue tells what it added from what was already there. The command shape answers 200; a new one becomes 201 here.
    /// </summary>
    public static async Task<IResult> CreatedUnlessRepeated(this Task<IResult> answering, string location)
    {
        var answered = await answering;
        return answered is Ok<object> { Value: IRepeatableAnswer { Repeated: false } answer } ? Results.Created(location, (object)answer) : answered;
    }
}
