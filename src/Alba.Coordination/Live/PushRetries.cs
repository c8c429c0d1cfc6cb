using Npgsql;

namespace Alba.Coordination.Live;

/// <summary>
/// A push whose database work fails — the database away for a moment, a connection cut — is tried again where it stands,
/// in order, for about five minutes, instead of being skipped: a push handler's own reads (a delegate's movement, the
/// partners) and the page's write to the update log, each through <see cref="WhileTheDatabaseFails"/>.
/// The live feed handles its pages one after another, so every later push waits behind it (it could not be recorded
/// either), and a skipped push would be an update lost for good: the feed files an event whose handler failed as a dead
/// letter and moves on.
/// </summary>
public static class PushRetries
{
    public static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), .. Enumerable.Repeat(TimeSpan.FromSeconds(15), 18),
    ];

    /// <summary>Runs <paramref name="write"/>, again after each of the <see cref="Delays"/> while the database fails it.</summary>
    public static async Task<T> WhileTheDatabaseFails<T>(Func<Task<T>> write, ILogger logger, string failed, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception failure) when (IsDatabaseFailure(failure) && attempt < Delays.Length && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "{Failed}; trying again in {Delay}", failed, Delays[attempt]);
                await Task.Delay(Delays[attempt], cancellationToken);
            }
        }
    }

    /// <summary>A database error or a timeout, also as Marten reports one (its command exception wraps Npgsql's).</summary>
    private static bool IsDatabaseFailure(Exception failure) =>
        failure is NpgsqlException or TimeoutException || failure.InnerException is { } cause && IsDatabaseFailure(cause);
}
