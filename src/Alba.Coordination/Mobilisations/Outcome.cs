using Microsoft.AspNetCore.Mvc;

namespace Alba.Coordination.Mobilisations;

/// <summary>What a pure decision answers: a refusal, nothing to do (a repeat), or the event to append.</summary>
public sealed record Outcome<TEvent> where TEvent : class
{
    public ProblemDetails? Refusal { get; private init; }
    public TEvent? Event { get; private init; }

    public static readonly Outcome<TEvent> Unchanged = new();

    public static implicit operator Outcome<TEvent>(TEvent appended) => new() { Event = appended };

    public static implicit operator Outcome<TEvent>(ProblemDetails refusal) => new() { Refusal = refusal };
}
