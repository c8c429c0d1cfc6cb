using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// A Chaum-Pedersen proof that <c>y1 = s·G</c> and <c>y2 = s·g2</c> for one secret <c>s</c>, non-interactive (Fiat-Shamir)
/// in its compact form: the challenge <c>c</c> and the response <c>z</c>; the verifier rebuilds the commitments
/// <c>a = z·G − c·y1</c>, <c>b = z·g2 − c·y2</c> and checks <c>c = H(tag, motion, g2, y1, y2, a, b)</c>.
/// A ballot uses it to show its three encryptions add up to one; a tally to show it was decrypted with the vote's key.
/// </summary>
public sealed record EqualLogProof(string C, string Z)
{
    public static EqualLogProof Prove(string tag, Guid motionId, ECPoint g2, ECPoint y1, ECPoint y2, BigInteger secret)
    {
        var w = RandomScalar();
        var c = Challenge(tag, motionId, g2, y1, y2, G.Times(w), g2.Times(w));
        return new EqualLogProof(Hex(c), Hex(w.Add(c.Multiply(secret)).Mod(Order)));
    }

    public bool Holds(string tag, Guid motionId, ECPoint g2, ECPoint y1, ECPoint y2)
    {
        if (ParseScalar(C) is not { } c || ParseScalar(Z) is not { } z) return false;
        var a = Rebuild(G, z, y1, c);
        var b = Rebuild(g2, z, y2, c);
        // The identity has no encoding the browser's library accepts; an honest prover reaches it with negligible chance.
        return !a.IsInfinity && !b.IsInfinity && Challenge(tag, motionId, g2, y1, y2, a, b).Equals(c);
    }
}

/// <summary>
/// A disjunctive Chaum-Pedersen proof (Cramer-Damgård-Schoenmakers) that an exponential ElGamal ciphertext
/// <c>(A, B) = (r·G, m·G + r·H)</c> encrypts m = 0 or m = 1, without saying which: one branch is proved, the other simulated,
/// and their challenges must add up to <c>H(tag, motion, H, A, B, a0, b0, a1, b1)</c>.
/// </summary>
public sealed record ZeroOrOneProof(string C0, string C1, string Z0, string Z1)
{
    public const string Tag = "alba/ballot/option";

    public static ZeroOrOneProof Prove(Guid motionId, ECPoint key, ECPoint a, ECPoint b, int m, BigInteger r)
    {
        var other = 1 - m;
        var simulatedC = RandomScalar();
        var simulatedZ = RandomScalar();
        var w = RandomScalar();
        var commitments = new ECPoint[4];
        commitments[2 * other] = G.Times(simulatedZ).Minus(a.Times(simulatedC));
        commitments[2 * other + 1] = key.Times(simulatedZ).Minus(b.Minus(Encode(other)).Times(simulatedC));
        commitments[2 * m] = G.Times(w);
        commitments[2 * m + 1] = key.Times(w);
        var c = Challenge(Tag, motionId, [key, a, b, .. commitments]);
        var realC = c.Subtract(simulatedC).Mod(Order);
        var realZ = w.Add(realC.Multiply(r)).Mod(Order);
        return m == 0
            ? new ZeroOrOneProof(Hex(realC), Hex(simulatedC), Hex(realZ), Hex(simulatedZ))
            : new ZeroOrOneProof(Hex(simulatedC), Hex(realC), Hex(simulatedZ), Hex(realZ));
    }

    public bool Holds(Guid motionId, ECPoint key, ECPoint a, ECPoint b)
    {
        if (ParseScalar(C0) is not { } c0 || ParseScalar(C1) is not { } c1 || ParseScalar(Z0) is not { } z0 || ParseScalar(Z1) is not { } z1) return false;
        var a0 = Rebuild(G, z0, a, c0);
        var b0 = Rebuild(key, z0, b, c0);
        var a1 = Rebuild(G, z1, a, c1);
        var b1 = Rebuild(key, z1, b.Minus(G), c1);
        if (a0.IsInfinity || b0.IsInfinity || a1.IsInfinity || b1.IsInfinity) return false;
        return Challenge(Tag, motionId, key, a, b, a0, b0, a1, b1).Equals(c0.Add(c1).Mod(Order));
    }
}
