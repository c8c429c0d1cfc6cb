using JasperFx.CodeGeneration;
using JasperFx;
using Npgsql;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Alba.Coordination.Live;

/// <summary>
/// A push whose write fails — the database away for a moment, a connection cut — is tried again where it stands, in
/// order, for about five minutes, instead of being skipped. The live feed handles events one after another, so every later
/// push waits behind it (they could not be recorded either), and a skipped push would be an update lost for good: the
/// feed's subscription files a failing event as a dead letter and moves on.
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
}
