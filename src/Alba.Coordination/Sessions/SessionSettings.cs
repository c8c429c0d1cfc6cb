namespace Alba.Coordination.Sessions;

/// <summary>
/// The chair's settings of a session (the projector's language, the speaking time): each has its own command, and all
/// follow one rule, kept here so the commands cannot drift apart.
/// </summary>
public static class SessionSettings
{
    /// <summary>An adjourned session keeps what it had; the value it already has records nothing; any other is recorded.</summary>
    public static Decision Change<T>(SessionState session, T current, T wanted, Func<object> recorded)
    {
        if (session.Status == SessionStatus.Adjourned) return Problems.Conflict("The session is adjourned.");
        return EqualityComparer<T>.Default.Equals(current, wanted) ? Decision.Nothing : Decision.Append(recorded());
    }
}
