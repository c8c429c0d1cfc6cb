namespace Alba.Coordination.Delegates;

/// <summary>Who may read or act on one delegate's record besides organisers.</summary>
public static class DelegateAccess
{
    /// <summary>An organiser, the movement's representative, or the delegate itself.</summary>
    public static bool MayActFor(Actor actor, Guid delegateId, Guid movementId) =>
        actor.MaySpeakFor(movementId) || actor.IsDelegate(delegateId);
}
