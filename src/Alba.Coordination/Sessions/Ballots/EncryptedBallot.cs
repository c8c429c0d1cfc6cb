using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// What a secret vote's register keeps of a voter's ballot: <c>SHA-256("alba/ballot-commit|" + receipt + "|" + nonce)</c>, the
/// nonce 32 random bytes drawn by the voter's device and never stored. Without the nonce the commitment cannot be paired with
/// a receipt on the board, even by whoever holds the database and the key; with it, the device proves a ballot sent again is
/// the one it cast.
/// </summary>
public static class BallotCommitment
{
    public static bool IsNonce(string? nonce) => nonce is { Length: 64 } && nonce.All(char.IsAsciiHexDigit);

    public static string Of(string receipt, string nonce) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"alba/ballot-commit|{receipt}|{nonce.ToLowerInvariant()}")));
}

/// <summary>One option of a ballot: an exponential ElGamal encryption of 0 or 1 and the proof that it is one of the two.</summary>
public sealed record EncryptedOption(string A, string B, ZeroOrOneProof Proof);

/// <summary>
/// A secret ballot as the delegate's device sends it and the board shows it: one encryption per choice, in the order of
/// <see cref="BallotChoices.All"/> (yes, no, abstain), each of 0 or 1 with its proof, and a proof that the three add up to
/// exactly 1. Encrypted under the vote's public key; only the sum of all ballots is ever decrypted.
/// </summary>
public sealed record EncryptedBallot(EncryptedOption[] Options, EqualLogProof SumProof)
{
    public const string SumTag = "alba/ballot/sum";

    /// <summary>What the server does with a plain <c>{choice}</c>: encrypts it at once and forgets the choice and the randomness.</summary>
    public static EncryptedBallot Encrypt(string choice, ECPoint key, Guid motionId)
    {
        var randomness = BallotChoices.All.Select(_ => RandomScalar()).ToArray();
        var options = BallotChoices.All.Select((option, i) =>
        {
            var m = option == choice ? 1 : 0;
            var a = G.Times(randomness[i]);
            var b = Encode(m).Plus(key.Times(randomness[i]));
            return new EncryptedOption(Hex(a), Hex(b), ZeroOrOneProof.Prove(motionId, key, a, b, m, randomness[i]));
        }).ToArray();
        var (sumA, sumB) = Sum(options.Select(o => (ParsePoint(o.A)!, ParsePoint(o.B)!)));
        var sumR = randomness.Aggregate(BigInteger.Zero, (total, r) => total.Add(r)).Mod(Order);
        return new EncryptedBallot(options, EqualLogProof.Prove(SumTag, motionId, key, sumA, sumB.Minus(G), sumR));
    }

    /// <summary>Null when every proof holds; otherwise what is wrong, in words a verifier can print.</summary>
    public string? Fault(ECPoint key, Guid motionId)
    {
        if (Options is not { Length: 3 } || Options.Any(o => o is null) || SumProof is null)
            return "A ballot has one encryption per choice (yes, no, abstain) and a proof that they add up to one.";
        var points = new List<(ECPoint A, ECPoint B)>();
        for (var i = 0; i < Options.Length; i++)
        {
            var option = Options[i];
            if (ParsePoint(option.A) is not { } a || ParsePoint(option.B) is not { } b || option.Proof is null)
                return $"The encryption of '{BallotChoices.All[i]}' is not a pair of points of P-256 with a proof.";
            if (!option.Proof.Holds(motionId, key, a, b))
                return $"The proof that '{BallotChoices.All[i]}' encrypts 0 or 1 does not hold.";
            points.Add((a, b));
        }
        var (sumA, sumB) = Sum(points);
        return SumProof.Holds(SumTag, motionId, key, sumA, sumB.Minus(G))
            ? null
            : "The proof that the ballot encrypts exactly one choice does not hold.";
    }

    /// <summary>
    /// The receipt: SHA-256 of the ballot's fields in order, joined by '|' after the tag <c>alba/ballot</c>. The delegate's
    /// device computes it too and later finds it on the board.
    /// </summary>
    public string Receipt() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|',
            ["alba/ballot", .. Options.SelectMany(o => new[] { o.A, o.B, o.Proof.C0, o.Proof.C1, o.Proof.Z0, o.Proof.Z1 }), SumProof.C, SumProof.Z]))));

    /// <summary>The same ballot with every field in the canonical lower-case hex, so the receipt does not depend on the sender's casing.</summary>
    public EncryptedBallot Canonical() => new(
        Options.Select(o => new EncryptedOption(o.A.ToLowerInvariant(), o.B.ToLowerInvariant(), new ZeroOrOneProof(
            o.Proof.C0.ToLowerInvariant(), o.Proof.C1.ToLowerInvariant(), o.Proof.Z0.ToLowerInvariant(), o.Proof.Z1.ToLowerInvariant()))).ToArray(),
        new EqualLogProof(SumProof.C.ToLowerInvariant(), SumProof.Z.ToLowerInvariant()));

    /// <summary>The homomorphic sum of ciphertexts: component-wise point addition, an encryption of the sum of the counts.</summary>
    public static (ECPoint A, ECPoint B) Sum(IEnumerable<(ECPoint A, ECPoint B)> ciphertexts)
    {
        var infinity = G.Curve.Infinity;
        return ciphertexts.Aggregate((A: infinity, B: infinity), (total, c) => (total.A.Plus(c.A), total.B.Plus(c.B)));
    }
}
