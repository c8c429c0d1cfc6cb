using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// One choice's tally: <c>(A, B)</c> the sum of that choice's encryptions on the board, <c>D = x·A</c> its decryption
/// share, <c>Count</c> with <c>B − D = Count·G</c>, and the Chaum-Pedersen proof that <c>D</c> was made with the key behind
/// <c>H</c> (<c>log_G H = log_A D</c>). No single ballot is ever decrypted.
/// </summary>
public sealed record OptionTally(string Choice, string A, string B, string D, int Count, EqualLogProof Proof)
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

    /// <summary>Null when the tally follows from these ballots and the key; otherwise what does not.</summary>
    public static string? Fault(Guid motionId, ECPoint key, IReadOnlyList<EncryptedBallot> ballots, IReadOnlyList<OptionTally> tally)
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
            if (ParsePoint(line.D) is not { } d || line.Proof is null || !line.Proof.Holds(OptionTally.Tag, motionId, a, key, d))
                return $"The proof of decryption of '{line.Choice}' does not hold.";
            if (line.Count < 0 || !Encode(line.Count).Equals(b.Minus(d)))
                return $"The tally of '{line.Choice}' does not decrypt to {line.Count}.";
        }
        return null;
    }

    public static BallotCounts Counts(IReadOnlyList<OptionTally> tally) =>
        tally.Aggregate(BallotCounts.None, (counts, line) => Enumerable.Range(0, line.Count).Aggregate(counts, (c, _) => c.With(line.Choice)));

    private static (ECPoint A, ECPoint B) Sum(IReadOnlyList<EncryptedBallot> ballots, int option) =>
        EncryptedBallot.Sum(ballots.Select(b => (ParsePoint(b.Options[option].A)!, ParsePoint(b.Options[option].B)!)));

    private static int? CountOf(ECPoint m, int most)
    {
        var candidate = G.Curve.Infinity;
        for (var count = 0; count <= most; count++, candidate = candidate.Plus(G))
            if (candidate.Equals(m)) return count;
        return null;
    }
}
