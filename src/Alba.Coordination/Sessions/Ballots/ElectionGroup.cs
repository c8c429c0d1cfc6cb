using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using Org.BouncyCastle.Utilities;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// The prime-order group of secret votes, NIST P-256 (cofactor 1, so every point on the curve is in the group), and the
/// encodings the server, the browser (@noble/curves' p256) and the verifiers share: points compressed (33 bytes), scalars
/// 32 bytes big-endian, both as lower-case hex; Fiat-Shamir challenges are SHA-256 of a domain tag, the motion id and the
/// points, reduced modulo the group order. See docs/voting.md.
/// </summary>
public static class ElectionGroup
{
    private static readonly X9ECParameters Curve = ECNamedCurveTable.GetByName("P-256");

    public static ECPoint G => Curve.G;

    public static BigInteger Order => Curve.N;

    /// <summary>A uniform scalar in [1, n): rejection sampling over the operating system's generator (thread-safe).</summary>
    public static BigInteger RandomScalar()
    {
        while (true)
        {
            var candidate = new BigInteger(1, RandomNumberGenerator.GetBytes(32));
            if (candidate.SignValue > 0 && candidate.CompareTo(Order) < 0) return candidate;
        }
    }

    public static ECPoint Times(this ECPoint point, BigInteger scalar) => point.Multiply(scalar).Normalize();

    public static ECPoint Plus(this ECPoint point, ECPoint other) => point.Add(other).Normalize();

    public static ECPoint Minus(this ECPoint point, ECPoint other) => point.Subtract(other).Normalize();

    /// <summary><c>m·G</c>, the exponential encoding of a small count.</summary>
    public static ECPoint Encode(int m) => m == 0 ? Curve.Curve.Infinity : G.Times(BigInteger.ValueOf(m));

    public static string Hex(ECPoint point) => Convert.ToHexStringLower(point.Normalize().GetEncoded(true));

    public static string Hex(BigInteger scalar) => Convert.ToHexStringLower(BigIntegers.AsUnsignedByteArray(32, scalar));

    /// <summary>A compressed point of the group, not the identity; anything else is not a point a ballot may carry.</summary>
    public static ECPoint? ParsePoint(string? hex)
    {
        if (hex is not { Length: 66 }) return null;
        try
        {
            var point = Curve.Curve.DecodePoint(Convert.FromHexString(hex));
            return point.IsInfinity || !point.IsValid() ? null : point.Normalize();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A scalar in [0, n) written as 64 hex digits.</summary>
    public static BigInteger? ParseScalar(string? hex)
    {
        if (hex is not { Length: 64 }) return null;
        try
        {
            var value = new BigInteger(1, Convert.FromHexString(hex));
            return value.CompareTo(Order) < 0 ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The Fiat-Shamir challenge: SHA-256(tag ‖ motion id ‖ points…) mod n.</summary>
    public static BigInteger Challenge(string tag, Guid motionId, params ECPoint[] points)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(tag));
        hash.AppendData(Encoding.UTF8.GetBytes(motionId.ToString("D")));
        foreach (var point in points) hash.AppendData(point.Normalize().GetEncoded(true));
        return new BigInteger(1, hash.GetHashAndReset()).Mod(Order);
    }
}
