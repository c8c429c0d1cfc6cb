using Alba.Coordination.Infrastructure.Auth;

namespace Alba.Coordination.Delegates;

/// <summary>Who may read or act on one delegate's record besides organisers.</summary>
public static class DelegateAccess
{
    /// <summary>An organiser, the movement's representative, or the delegate itself.</summary>
    public static bool MayActFor(Actor actor, DelegateView view) =>
        actor.MaySpeakFor(view.MovementId) || actor.IsDelegate(view.Id);
}
