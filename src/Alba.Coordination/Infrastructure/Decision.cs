using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// What a pure decision returns: a refusal, or the events to append (none for a repeated command,
/// which answers as before and appends nothing).
/// </summary>
public sealed record Decision(ProblemDetails? Problem, IReadOnlyList<object> Events)
{
    public static readonly Decision Nothing = new(null, []);

    public static Decision Refuse(ProblemDetails problem) => new(problem, []);

    public static Decision Append(params object[] events) => new(null, events);

    [MemberNotNullWhen(true, nameof(Problem))]
    public bool IsRefused => Problem is not null;

    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsOk => Problem is null;

    public bool ChangesNothing => Problem is null && Events.Count == 0;

    public static implicit operator Decision(ProblemDetails problem) => Refuse(problem);
}
