using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// One choice's tally: <c>(A, B)</c> the sum of that choice's encryptions on the board, <c>D = x·A</c> its decryption
/// share, <c>Count</c> with <c>B − D = Count·G</c>, and the Chaum-Pedersen proof that <c>D</c> was made with the key behind
/// <c>H</c> (<c>log_G H = log_A D</c>). No single ballot is ever decrypted. A key made by the tellers has no such proof (nobody
/// holds <c>x</c>): <c>D</c> is the Lagrange combination of the tellers' partial decryptions, each with its own proof.
/// </summary>
public sealed record OptionTally(string Choice, string A, string B, string D, int Count, EqualLogProof? Proof)
{
    public const string Tag = "alba/tally";
}

public static class Tally
{
    /// <summary>Sums the board's ballots per choice and decrypts each sum; counts are found by search up to the number cast.</summary>
    public static OptionTally[] Decrypt(Guid motionId, ECPoint key, BigInteger secret, IReadOnlyList<EncryptedBallot> ballots)
    {
        // An empty board sums to the identity, which has no proof of decryption: nothing to decrypt, every count is 0.
        if (ballots.Count == 0) return [];
        return BallotChoices.All.Select((choice, i) =>
        {
            var (a, b) = Sum(ballots, i);
            var d = a.Times(secret);
            var count = CountOf(b.Minus(d), ballots.Count)
                ?? throw new InvalidOperationException("The decrypted tally is larger than the number of ballots: the key or the board is wrong.");
            return new OptionTally(choice, Hex(a), Hex(b), Hex(d), count, EqualLogProof.Prove(OptionTally.Tag, motionId, a, key, d, secret));
        }).ToArray();
    }

    /// <summary>
    /// Null when the tally follows from these ballots and the key; otherwise what does not. With <paramref name="partials"/> (a key
    /// made by the tellers) each <c>D</c> must be the combination of the threshold of partials, each partial's proofs holding.
    /// </summary>
    public static string? Fault(Guid motionId, ElectionKey key, IReadOnlyList<EncryptedBallot> ballots, IReadOnlyList<OptionTally> tally,
        IReadOnlyList<PartialDecryption>? partials = null)
    {
        if (ballots.Count == 0) return tally.Count == 0 ? null : "The board has no ballots, yet the tally has lines.";
        if (tally.Count != BallotChoices.All.Length) return "The tally does not have one line per choice (yes, no, abstain).";
        for (var i = 0; i < tally.Count; i++)
        {
            var line = tally[i];
            if (line.Choice != BallotChoices.All[i]) return $"The tally's line {i + 1} is '{line.Choice}', not '{BallotChoices.All[i]}'.";
            var (a, b) = Sum(ballots, i);
            if (!Hex(a).Equals(line.A, StringComparison.OrdinalIgnoreCase) || !Hex(b).Equals(line.B, StringComparison.OrdinalIgnoreCase))
                return $"The tally of '{line.Choice}' is not the sum of the ballots on the board.";
            if (ParsePoint(line.D) is not { } d) return $"The decryption of '{line.Choice}' is not a point of P-256.";
            if (partials is null && (line.Proof is null || !line.Proof.Holds(OptionTally.Tag, motionId, a, key.PublicPoint(), d)))
                return $"The proof of decryption of '{line.Choice}' does not hold.";
            if (line.Count < 0 || !Encode(line.Count).Equals(b.Minus(d)))
                return $"The tally of '{line.Choice}' does not decrypt to {line.Count}.";
        }
        return partials is null ? null : PartialsFault(motionId, key, tally, partials);
    }

    private static string? PartialsFault(Guid motionId, ElectionKey key, IReadOnlyList<OptionTally> tally, IReadOnlyList<PartialDecryption> partials)
    {
        if (partials.Select(p => p.Teller).Distinct().Count() != key.Threshold || partials.Count != key.Threshold)
            return $"The tally is decrypted from {partials.Count} tellers' partial decryptions; the key needs {key.Threshold} distinct tellers.";
        var sums = tally.Select(line => new OptionSum(line.Choice, line.A, line.B)).ToArray();
        foreach (var partial in partials)
            if (KeyGeneration.Fault(motionId, key, sums, partial) is { } fault) return fault;
        var combined = KeyGeneration.Decryptions(sums.Length, key.Threshold, partials)!;
        for (var i = 0; i < tally.Count; i++)
            if (!Hex(combined[i]).Equals(tally[i].D, StringComparison.OrdinalIgnoreCase))
                return $"The decryption of '{tally[i].Choice}' is not the combination of the tellers' partial decryptions.";
        return null;
    }

    /// <summary>The board's sums per choice, as a vote whose tellers hold the key seals them for decryption.</summary>
    public static OptionSum[] Sums(IReadOnlyList<EncryptedBallot> ballots) => BallotChoices.All.Select((choice, i) =>
    {
        var (a, b) = Sum(ballots, i);
        return new OptionSum(choice, Hex(a), Hex(b));
    }).ToArray();

    public static BallotCounts Counts(IReadOnlyList<OptionTally> tally) =>
        tally.Aggregate(BallotCounts.None, (counts, line) => Enumerable.Range(0, line.Count).Aggregate(counts, (c, _) => c.With(line.Choice)));

    private static (ECPoint A, ECPoint B) Sum(IReadOnlyList<EncryptedBallot> ballots, int option) =>
        EncryptedBallot.Sum(ballots.Select(b => (ParsePoint(b.Options[option].A)!, ParsePoint(b.Options[option].B)!)));

    public static int? CountOf(ECPoint m, int most)
    {
        var candidate = G.Curve.Infinity;
        for (var count = 0; count <= most; count++, candidate = candidate.Plus(G))
            if (candidate.Equals(m)) return count;
        return null;
    }
}
