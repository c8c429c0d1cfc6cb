using Alba.Coordination.Delegates;
using Alba.Coordination.Movements;
using Alba.Coordination.Sessions;
using Alba.Coordination.Statements;

namespace Alba.Coordination.Infrastructure.GroupCommit;

public static class GroupCommitSetup
{
    /// <summary>The requests' connection pools and the group commit of the hot streams (ballots of a motion, registrations of an assembly, signatures of a statement), which writes through the writers' pool.</summary>
    public static void AddAlbaCommandPath(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RequestPools>();
        services.AddSingleton(configuration.GetSection("Alba:GroupCommit").Get<GroupCommitLimits>() ?? new GroupCommitLimits());
        services.AddSingleton<IStreamBatches<BallotSubmission, BallotOutcome>, BallotBatches>();
        services.AddSingleton<StreamWriter<BallotSubmission, BallotOutcome>>();
        services.AddSingleton<ElectionKeys>();
        services.AddSingleton<VoterTurns>();
        services.AddSingleton<GroupCommittedKeys>();
        services.AddSingleton<KnownMovements>();
        services.ConfigureMarten((provider, options) => options.Listeners.Add(provider.GetRequiredService<KnownMovements>()));
        services.AddSingleton<IStreamBatches<Registration, RecordedAnswer>, RegistrationBatches>();
        services.AddSingleton<StreamWriter<Registration, RecordedAnswer>>();
        services.AddSingleton<IStreamBatches<Signing, RecordedAnswer>, SignatureBatches>();
        services.AddSingleton<StreamWriter<Signing, RecordedAnswer>>();
    }
}
