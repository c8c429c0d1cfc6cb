using Alba.Coordination.Sessions;

namespace Alba.Coordination.Infrastructure.GroupCommit;

public static class GroupCommitSetup
{
    /// <summary>The requests' connection pools and the group commit of the hot streams, which writes through the writers' pool.</summary>
    public static void AddAlbaCommandPath(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<RequestPools>();
        services.AddSingleton(configuration.GetSection("Alba:GroupCommit").Get<GroupCommitLimits>() ?? new GroupCommitLimits());
        services.AddSingleton<IStreamBatches<BallotSubmission, BallotOutcome>, BallotBatches>();
        services.AddSingleton<StreamWriter<BallotSubmission, BallotOutcome>>();
        services.AddSingleton<ElectionKeys>();
    }
}
