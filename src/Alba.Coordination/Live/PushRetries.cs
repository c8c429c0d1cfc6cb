using JasperFx.CodeGeneration;
using JasperFx;
using Npgsql;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Alba.Coordination.Live;

/// <summary>
/// A push whose database work fails — the database away for a moment, a connection cut — is tried again where it stands,
/// in order, for about five minutes, instead of being skipped: a push handler's own reads (a delegate's movement, the
/// partners) through this handler policy, the page's write to the update log through <see cref="WhileTheDatabaseFails"/>.
/// The live feed handles its pages one after another, so every later push waits behind it (it could not be recorded
/// either), and a skipped push would be an update lost for good: the feed files an event whose handler failed as a dead
/// letter and moves on.
/// </summary>
public sealed class PushRetries : IHandlerPolicy
{
    public static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), .. Enumerable.Repeat(TimeSpan.FromSeconds(15), 18),
    ];

    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.Handlers.Any(h => h.HandlerType.Name.EndsWith("Pushes", StringComparison.Ordinal))))
            chain.OnException<NpgsqlException>().Or<TimeoutException>().RetryWithCooldown(Delays);
    }

    /// <summary>Runs <paramref name="write"/>, again after each of the <see cref="Delays"/> while the database fails it.</summary>
    public static async Task<T> WhileTheDatabaseFails<T>(Func<Task<T>> write, ILogger logger, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception failure) when (failure is NpgsqlException or TimeoutException && attempt < Delays.Length && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "The live feed could not record its page; trying again in {Delay}", Delays[attempt]);
                await Task.Delay(Delays[attempt], cancellationToken);
            }
        }
    }
}
