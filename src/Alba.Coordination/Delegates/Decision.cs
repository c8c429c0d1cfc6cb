using Alba.Coordination.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Delegates;

/// <summary>
/// What a pure decision returns: a refusal, or the events to append (none for a repeated command,
/// which answers as before and appends nothing).
/// </summary>
public sealed record Decision(ProblemDetails? Problem, IReadOnlyList<object> Events)
{
    public static readonly Decision Nothing = new(null, []);

    public static Decision Refuse(ProblemDetails problem) => new(problem, []);

    public static Decision Append(params object[] events) => new(null, events);

    public bool IsRefused => Problem is not null;

    public bool ChangesNothing => Problem is null && Events.Count == 0;

    public static implicit operator Decision(ProblemDetails problem) => Refuse(problem);
}

/// <summary>The refusals decisions share, worded once.</summary>
internal static class Refusals
{
    public static ProblemDetails Status(DelegateView view, string action) =>
        Problems.Conflict($"Delegate {view.Id} is {view.Status.ToString().ToLowerInvariant()}; it cannot be {action}.");
}
