using System.Diagnostics.CodeAnalysis;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// What every pure <c>Decide</c> returns: the events to append, a refusal, or nothing (a repeated
/// command, which answers as before and appends nothing).
/// </summary>
public sealed record Decision
{
    private Decision(ProblemDetails? refusal, IReadOnlyList<object> events)
    {
        Refusal = refusal;
        Events = events;
    }

    public ProblemDetails? Refusal { get; }

    public IReadOnlyList<object> Events { get; }

    public static readonly Decision Nothing = new(null, []);

    public static Decision Refuse(ProblemDetails refusal) => new(refusal, []);

    /// <summary>One or more events; "nothing to do" is <see cref="Nothing"/>, never an empty append.</summary>
    public static Decision Append(object first, params object[] more) => new(null, [first, .. more]);

    [MemberNotNullWhen(true, nameof(Refusal))]
    public bool IsRefused => Refusal is not null;

    /// <summary>True when the decision appends something (not a refusal, not a repeat).</summary>
    public bool Changes => Events.Count > 0;

    public static implicit operator Decision(ProblemDetails refusal) => Refuse(refusal);
}
