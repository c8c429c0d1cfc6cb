using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Statements;
using JasperFx.CommandLine;

namespace Alba.Coordination.Infrastructure;

public enum VerifiedRecord { Vote, Statement }

public sealed class VerifyInput : NetCoreInput
{
    [Description("What to verify: vote (a secret vote's board, by motion id) or statement (a statement's hash chain)")]
    public VerifiedRecord Kind { get; set; }

    [Description("The motion's or the statement's id")]
    public Guid Id { get; set; }
}

/// <summary>
/// <c>verify vote {motionId}</c>: reads the board as the public route serves it and recomputes every hash, proof and the
/// tally; <c>verify statement {id}</c>: recomputes the statement's hash chain from its events as stored now against the links
/// recorded when they were appended. Prints "verified" (exit 0) or each fault (exit 1).
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
        if (input.Kind == VerifiedRecord.Vote && await BoardQueries.Load(session, input.Id) is { } board)
            foreach (var note in BoardVerifier.Notes(board)) Console.WriteLine($"NOTE: {note}");
        foreach (var fault in faults) Console.WriteLine($"FAILED: {fault}");
        if (faults.Count == 0) Console.WriteLine("verified");
        return faults.Count == 0;
    }

    public static async Task<List<string>?> FaultsAsync(IQuerySession session, VerifiedRecord kind, Guid id) => kind switch
    {
        VerifiedRecord.Vote => await BoardQueries.Load(session, id) is { } board ? BoardVerifier.Faults(board) : null,
        VerifiedRecord.Statement => await StatementChainQueries.FaultsAsync(session, id),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown record."),
    };
}
