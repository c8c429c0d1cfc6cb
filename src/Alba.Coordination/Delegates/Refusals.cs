using Alba.Coordination.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Delegates;

/// <summary>The refusals decisions share, worded once.</summary>
internal static class Refusals
{
    public static ProblemDetails Status(DelegateView view, string action) =>
        Problems.Conflict($"Delegate {view.Id} is {view.Status.ToString().ToLowerInvariant()}; it cannot be {action}.");
}
