using Microsoft.AspNetCore.Http.HttpResults;

namespace Alba.Coordination.Sessions;

/// <summary>
/// A floor request and an amendment add an entry to a stream that already exists, and the contract answers them 201 at
/// the stream's resource; <see cref="CommandStreams.Decide{T}"/> answers 200, so its answer is re-issued as created.
/// </summary>
internal static class CreatedAnswers
{
    public static async Task<IResult> AsCreated(this Task<IResult> decided, string location)
    {
        var answer = await decided;
        return answer is Ok<object> ok ? Results.Created(location, ok.Value) : answer;
    }
}
