using System.Runtime.CompilerServices;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>One teller's share of a secret vote's decryption key: <c>f(teller)</c> of the dealing polynomial, as 64 hex digits.</summary>
public sealed record TellerShare(int Teller, string Share);

/// <summary>
/// The public side of a vote's key: <c>H = x·G</c>, the number of shares needed to decrypt the tally, and each teller's
/// verification key <c>x_i·G</c> (so a wrong share is refused by name instead of silently producing a wrong tally).
/// </summary>
public sealed record ElectionKey(string PublicKey, int Threshold, string[] TellerKeys)
{
    // Per key object, not in it: a field would take part in the record's equality and its serialisation.
    private static readonly ConditionalWeakTable<ElectionKey, ECPoint> Points = new();

    /// <summary>
    /// <c>H</c> as a fixed base (<see cref="ElectionGroup.FixedBase"/>), computed once per key object: every ballot of a vote
    /// is checked and encrypted under the one key its node keeps (<c>ElectionKeys</c>).
    /// </summary>
    public ECPoint PublicPoint() => Points.GetValue(this, key =>
        ElectionGroup.FixedBase(ElectionGroup.ParsePoint(key.PublicKey) ?? throw new InvalidOperationException("The vote's public key is not a point.")));
}

/// <summary>
/// The server-dealt key of a secret vote opened without named tellers (labelled "key held by the server" on its board):
/// Shamir's k-of-n sharing of the decryption key over the scalars of P-256. The key is drawn, split and forgotten when
/// the vote opens: its shares are answered once to the chair for the tellers, and neither they nor the key are stored.
/// At closing k shares rebuild it in memory for one decryption of the tally. A vote with named tellers has no dealer: its key
/// is made by the tellers' devices and never assembled (<see cref="KeyGeneration"/>).
/// </summary>
public static class Tellers
{
    public static (ElectionKey Key, TellerShare[] Shares) Deal(int tellers, int threshold)
    {
        var coefficients = Enumerable.Range(0, threshold).Select(_ => RandomScalar()).ToArray();
        var shares = Enumerable.Range(1, tellers).Select(i => (Teller: i, Value: Evaluate(coefficients, i))).ToArray();
        var key = new ElectionKey(Hex(G.Times(coefficients[0])), threshold, shares.Select(s => Hex(G.Times(s.Value))).ToArray());
        return (key, shares.Select(s => new TellerShare(s.Teller, Hex(s.Value))).ToArray());
    }

    /// <summary>
    /// The key rebuilt from the shares entered, or why not: a share that does not match its teller's verification key is
    /// refused (400, naming the teller); fewer than the threshold of distinct valid shares is a 409 saying how many are missing.
    /// </summary>
    public static (BigInteger? Secret, ProblemDetails Problem) Combine(ElectionKey key, IReadOnlyCollection<TellerShare> shares)
    {
        var valid = new Dictionary<int, BigInteger>();
        foreach (var share in shares)
        {
            if (share is null || share.Teller < 1 || share.Teller > key.TellerKeys.Length)
                return (null, Problems.Invalid("shares", $"Tellers are numbered 1 to {key.TellerKeys.Length}."));
            if (ParseScalar(share.Share) is not { } value || !Hex(G.Times(value)).Equals(key.TellerKeys[share.Teller - 1], StringComparison.OrdinalIgnoreCase))
                return (null, Problems.Invalid("shares", $"The share entered for teller {share.Teller} is not that teller's share."));
            valid[share.Teller] = value;
        }
        if (valid.Count < key.Threshold)
        {
            var missing = key.Threshold - valid.Count;
            return (null, Problems.Conflict(
                $"{missing} more teller share{(missing == 1 ? " is" : "s are")} needed to decrypt the tally ({key.Threshold} of {key.TellerKeys.Length}; {valid.Count} entered)."));
        }
        var chosen = valid.Take(key.Threshold).ToArray();
        var secret = chosen.Aggregate(BigInteger.Zero, (total, share) =>
            total.Add(share.Value.Multiply(KeyGeneration.Lagrange(share.Key, chosen.Select(s => s.Key))))).Mod(Order);
        return (secret, Problems.Ok);
    }

    private static BigInteger Evaluate(BigInteger[] coefficients, int x)
    {
        var at = BigInteger.ValueOf(x);
        return coefficients.Reverse().Aggregate(BigInteger.Zero, (total, c) => total.Multiply(at).Add(c).Mod(Order));
    }
}
