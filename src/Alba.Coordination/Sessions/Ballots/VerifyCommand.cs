using JasperFx.CommandLine;

namespace Alba.Coordination.Sessions.Ballots;

public enum VerifiedRecord { Vote }

public sealed class VerifyInput : NetCoreInput
{
    [Description("What to verify: vote (a secret vote's board, by motion id)")]
    public VerifiedRecord Kind { get; set; }

    [Description("The motion's or the statement's id")]
    public Guid Id { get; set; }
}

/// <summary>
/// <c>verify vote {motionId}</c>: reads the board as the public route serves it and recomputes every hash, proof and the
/// tally; prints "verified" (exit 0) or each fault (exit 1).
/// </summary>
[Description("Recomputes a secret vote's board (hashes, proofs, tally) or a statement's hash chain; says verified or what fails", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var faults = await FaultsAsync(session, input.Kind, input.Id);
        if (faults is null)
        {
            Console.Error.WriteLine($"No {input.Kind.ToString().ToLowerInvariant()} has id {input.Id}.");
            return false;
        }
        foreach (var fault in faults) Console.WriteLine($"FAILED: {fault}");
        if (faults.Count == 0) Console.WriteLine("verified");
        return faults.Count == 0;
    }

    public static async Task<List<string>?> FaultsAsync(IQuerySession session, VerifiedRecord kind, Guid id) => kind switch
    {
        VerifiedRecord.Vote => await BoardQueries.Load(session, id) is { } board ? BoardVerifier.Faults(board) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown record."),
    };
}
