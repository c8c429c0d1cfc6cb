namespace Alba.Coordination.Delegates;

/// <summary>The refusals decisions share, worded once.</summary>
internal static class Refusals
{
    public static ProblemDetails Status(Guid delegateId, DelegateStatus status, string action) =>
        Problems.Conflict($"Delegate {delegateId} is {JsonNaming.Enum(status)}; it cannot be {action}.");

    public static ProblemDetails Status(DelegateState state, string action) => Status(state.Id, state.Status, action);
}
