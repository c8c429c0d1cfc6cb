using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// A Schnorr proof of knowledge of <c>a = log_G A</c>, compact (Fiat-Shamir): the verifier rebuilds <c>R = z·G − c·A</c> and
/// checks <c>c = H("alba/dkg/knowledge|" + teller, motion, A, R)</c>. A teller proves it knows its polynomial's constant term, so
/// no teller can choose its commitment after seeing the others' and cancel their part of the key.
/// </summary>
public sealed record KnowledgeProof(string C, string Z)
{
    public const string Tag = "alba/dkg/knowledge";

    public static KnowledgeProof Prove(Guid motionId, int teller, ECPoint y, BigInteger secret)
    {
        var w = RandomScalar();
        var c = Challenge($"{Tag}|{teller}", motionId, y, G.Times(w));
        return new KnowledgeProof(Hex(c), Hex(w.Add(c.Multiply(secret)).Mod(Order)));
    }

    public bool Holds(Guid motionId, int teller, ECPoint y)
    {
        if (ParseScalar(C) is not { } c || ParseScalar(Z) is not { } z) return false;
        var r = G.Times(z).Minus(y.Times(c));
        return !r.IsInfinity && Challenge($"{Tag}|{teller}", motionId, y, r).Equals(c);
    }
}

/// <summary>
/// A teller's first round: its transport key (ECDH, P-256; the shares sent to it are encrypted to it), the Feldman
/// commitments <c>A_k = a_k·G</c> to the coefficients of its random polynomial of degree threshold − 1, and the proof that it
/// knows <c>a_0</c>. Tellers are numbered from 1 in the order the chair named them.
/// </summary>
public sealed record TellerCommitments(int Teller, string TransportKey, string[] Commitments, KnowledgeProof Proof);

/// <summary>
/// The share <c>f_from(to)</c> one teller sends another in the second round, encrypted on its device to the recipient's transport
/// key: AES-256-GCM under <c>HKDF-SHA256(ECDH x-coordinate, salt empty, info "alba/dkg/share|motion|from|to")</c>, the plaintext the
/// 32-byte share. The server only stores and relays it.
/// </summary>
public sealed record SealedShare(int To, string Iv, string Ciphertext)
{
    public bool IsWellFormed => Iv is { Length: 24 } && Iv.All(char.IsAsciiHexDigit)
        && Ciphertext is { Length: 96 } && Ciphertext.All(char.IsAsciiHexDigit);
}

/// <summary>
/// A share revealed in the clear in answer to a complaint: <c>f_Teller(To)</c>, public from then on, and whether it holds against
/// teller <c>Teller</c>'s commitments (<c>f·G = Σ_k To^k·A_k</c>). One that does not hold disqualifies its dealer.
/// </summary>
public sealed record RevealedShare(int Teller, int To, string Share, bool Holds)
{
    /// <summary>Whether the share is a scalar whose multiple of G is what the dealer's commitments bind at <c>To</c>.</summary>
    public bool HoldsAgainst(string[] commitments) =>
        ElectionGroup.ParseScalar(Share) is { } value && G.Times(value).Equals(KeyGeneration.Evaluate(commitments, To));
}

/// <summary>One choice's partial decryption by one teller: <c>D_j = s_j·A</c> and the proof <c>log_G X_j = log_A D_j</c>.</summary>
public sealed record PartialLine(string D, EqualLogProof Proof);

/// <summary>A teller's partial decryption of the tally: one line per choice, in the order of <see cref="BallotChoices.All"/>.</summary>
public sealed record PartialDecryption(int Teller, PartialLine[] Lines)
{
    public const string Tag = "alba/tally/partial";
}

/// <summary>One choice's homomorphic sum over the board, fixed when the vote closed to ballots.</summary>
public sealed record OptionSum(string Choice, string A, string B);

/// <summary>
/// The public side of a joint-Feldman key generation over P-256 (docs/voting.md): what the server checks and computes from
/// public data only. Each teller's device deals its own polynomial; the key <c>x = Σ a_i0</c> is never assembled anywhere,
/// <c>H = Σ A_i0</c>, and teller j's verification key <c>X_j = Σ_i Σ_k j^k·A_ik</c> is <c>s_j·G</c> for the share
/// <c>s_j = Σ_i f_i(j)</c> only its device can sum.
/// </summary>
public static class KeyGeneration
{
    /// <summary>Null when the first round is well formed for a vote of <paramref name="threshold"/>; otherwise the field at fault and what is wrong.</summary>
    public static (string Field, string Message)? Fault(Guid motionId, int threshold, TellerCommitments round)
    {
        if (ParsePoint(round.TransportKey) is null) return ("transportKey", "'transportKey' is not a compressed point of P-256.");
        if (round.Commitments is not { } commitments || commitments.Length != threshold)
            return ("commitments", $"'commitments' holds one point per coefficient of a polynomial of degree {threshold - 1}: {threshold} of them.");
        if (commitments.Any(c => ParsePoint(c) is null)) return ("commitments", "Every commitment is a compressed point of P-256.");
        return round.Proof is not null && round.Proof.Holds(motionId, round.Teller, ParsePoint(commitments[0])!)
            ? null
            : ("proof", "The proof of knowledge of the polynomial's constant term does not hold.");
    }

    /// <summary><c>Σ_k j^k·A_k</c>: what <c>f(j)·G</c> is for the polynomial these commitments bind.</summary>
    public static ECPoint Evaluate(string[] commitments, int j)
    {
        var at = BigInteger.ValueOf(j);
        var power = BigInteger.One;
        var total = G.Curve.Infinity;
        foreach (var commitment in commitments)
        {
            total = total.Plus(ParsePoint(commitment)!.Times(power));
            power = power.Multiply(at).Mod(Order);
        }
        return total;
    }

    /// <summary>
    /// The vote's public key and the verification key of each of the <paramref name="tellers"/>, from the commitments of the
    /// <paramref name="qualified"/> tellers only (<c>H = Σ_{i∈QUAL} A_i0</c>, <c>X_j = Σ_{i∈QUAL} Σ_k j^k·A_ik</c>);
    /// <paramref name="rounds"/> are the first rounds sent, each naming its teller.
    /// </summary>
    public static ElectionKey Key(IReadOnlyList<TellerCommitments> rounds, int tellers, int threshold, IReadOnlyCollection<int> qualified)
    {
        var dealers = rounds.Where(r => qualified.Contains(r.Teller)).ToArray();
        var publicKey = dealers.Aggregate(G.Curve.Infinity, (total, r) => total.Plus(ParsePoint(r.Commitments[0])!));
        var tellerKeys = Enumerable.Range(1, tellers)
            .Select(j => Hex(dealers.Aggregate(G.Curve.Infinity, (total, r) => total.Plus(Evaluate(r.Commitments, j))))).ToArray();
        return new ElectionKey(Hex(publicKey), threshold, tellerKeys);
    }

    /// <summary>Null when every line of the partial is a point with a proof that holds against the teller's key and the sums.</summary>
    public static string? Fault(Guid motionId, ElectionKey key, IReadOnlyList<OptionSum> sums, PartialDecryption partial)
    {
        if (partial.Teller < 1 || partial.Teller > key.TellerKeys.Length) return $"Tellers are numbered 1 to {key.TellerKeys.Length}.";
        if (partial.Lines is not { } lines || lines.Length != sums.Count || lines.Any(l => l?.Proof is null))
            return $"A partial decryption has one line per choice ({string.Join(", ", BallotChoices.All)}), each with its proof.";
        var tellerKey = ParsePoint(key.TellerKeys[partial.Teller - 1])!;
        for (var i = 0; i < lines.Length; i++)
        {
            if (ParsePoint(lines[i].D) is not { } d || !lines[i].Proof.Holds(PartialDecryption.Tag, motionId, ParsePoint(sums[i].A)!, tellerKey, d))
                return $"Teller {partial.Teller}'s partial decryption of '{sums[i].Choice}' does not hold (the proof is not of that teller's share).";
        }
        return null;
    }

    /// <summary>
    /// The tally from valid partials of at least the threshold of tellers: the count <c>t</c> per choice with <c>B − D = t·G</c>,
    /// searched up to <paramref name="ballots"/>. Null with fewer partials.
    /// </summary>
    public static OptionTally[]? Combine(IReadOnlyList<OptionSum> sums, int threshold, IReadOnlyList<PartialDecryption> partials, int ballots)
    {
        if (Decryptions(sums.Count, threshold, partials) is not { } decryptions) return null;
        return sums.Select((sum, i) =>
        {
            var count = Tally.CountOf(ParsePoint(sum.B)!.Minus(decryptions[i]), ballots)
                ?? throw new InvalidOperationException("The combined tally is larger than the number of ballots: a partial or the board is wrong.");
            return new OptionTally(sum.Choice, sum.A, sum.B, Hex(decryptions[i]), count, null);
        }).ToArray();
    }

    /// <summary>
    /// <c>D = Σ λ_j·D_j</c> per choice over the first <paramref name="threshold"/> distinct tellers' partials (Lagrange at 0, in the
    /// exponent): <c>x·A</c> without anyone holding <c>x</c>. Null with fewer partials.
    /// </summary>
    public static ECPoint[]? Decryptions(int choices, int threshold, IReadOnlyList<PartialDecryption> partials)
    {
        var chosen = partials.DistinctBy(p => p.Teller).Take(threshold).ToArray();
        if (chosen.Length < threshold) return null;
        var tellers = chosen.Select(p => p.Teller).ToArray();
        return Enumerable.Range(0, choices)
            .Select(i => chosen.Aggregate(G.Curve.Infinity, (total, p) => total.Plus(ParsePoint(p.Lines[i].D)!.Times(Lagrange(p.Teller, tellers)))))
            .ToArray();
    }

    /// <summary>The Lagrange coefficient of <paramref name="teller"/> at 0 among <paramref name="tellers"/>: Π j / (j − i) mod n.</summary>
    public static BigInteger Lagrange(int teller, IEnumerable<int> tellers) =>
        tellers.Where(j => j != teller).Aggregate(BigInteger.One, (product, j) =>
            product.Multiply(BigInteger.ValueOf(j)).Multiply(BigInteger.ValueOf(j - teller).Mod(Order).ModInverse(Order)).Mod(Order));
}
