using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Alba.Coordination.Sessions.Ballots;

/// <summary>
/// <c>z·P + k·Y</c> on P-256 by OpenSSL's libcrypto, the library .NET on Linux already uses for its own cryptography. Its
/// P-256 is assembly with a built-in table for the generator; BouncyCastle's managed arithmetic made a secret ballot's proof
/// check most of the ballot's processor time, and allocated a result per field operation (docs/benchmarks.md). Points cross
/// as uncompressed encodings (65 bytes: no square root either way), scalars as 32 bytes big-endian, and every OpenSSL object
/// lives only inside one call. Where libcrypto 3 cannot be loaded, <see cref="IsAvailable"/> is false.
/// </summary>
internal static partial class OpenSslP256
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int Prime256v1 = 415; // NID_X9_62_prime256v1
    private const int Uncompressed = 4; // POINT_CONVERSION_UNCOMPRESSED
    public const int PointLength = 65;

    // The group is created once and never freed: OpenSSL only reads it during a multiplication, so threads share it.
    private static readonly Lazy<nint> Group = new(CreateGroup);

    public static bool IsAvailable => Group.Value != 0;

    private static nint CreateGroup()
    {
        if (!NativeLibrary.TryLoad(LibCrypto, typeof(OpenSslP256).Assembly, null, out _)) return 0;
        try
        {
            return EC_GROUP_new_by_curve_name(Prime256v1);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// <c>z·P + k·Y</c>, the generator when <paramref name="p"/> is empty, written to <paramref name="sum"/> uncompressed;
    /// false when the sum is the identity. The points are points of the group (the caller parsed and checked them).
    /// </summary>
    public static bool TrySumOfTwoMultiples(ReadOnlySpan<byte> p, ReadOnlySpan<byte> z, ReadOnlySpan<byte> y, ReadOnlySpan<byte> k, Span<byte> sum)
    {
        var group = Group.Value;
        nint pPoint = 0, yPoint = 0, result = 0, zNumber = 0, kNumber = 0;
        try
        {
            yPoint = Point(group, y);
            result = Check(EC_POINT_new(group));
            zNumber = Check(BN_bin2bn(z, z.Length, 0));
            kNumber = Check(BN_bin2bn(k, k.Length, 0));
            if (p.IsEmpty)
            {
                Check(EC_POINT_mul(group, result, zNumber, yPoint, kNumber, 0));
            }
            else
            {
                pPoint = Point(group, p);
                Check(EC_POINTs_mul(group, result, 0, 2, [pPoint, yPoint], [zNumber, kNumber], 0));
            }
            if (EC_POINT_is_at_infinity(group, result) == 1) return false;
            if (EC_POINT_point2oct(group, result, Uncompressed, sum, (nuint)sum.Length, 0) != PointLength) throw Failed();
            return true;
        }
        finally
        {
            EC_POINT_free(pPoint);
            EC_POINT_free(yPoint);
            EC_POINT_free(result);
            BN_free(zNumber);
            BN_free(kNumber);
        }
    }

    private static nint Point(nint group, ReadOnlySpan<byte> encoded)
    {
        var point = Check(EC_POINT_new(group));
        if (EC_POINT_oct2point(group, point, encoded, (nuint)encoded.Length, 0) != 1)
        {
            EC_POINT_free(point);
            throw Failed();
        }
        return point;
    }

    private static nint Check(nint handle) => handle != 0 ? handle : throw Failed();

    private static void Check(int status)
    {
        if (status != 1) throw Failed();
    }

    // OpenSSL keeps its errors in a per-thread queue that .NET's own calls on the same thread would otherwise read.
    private static CryptographicException Failed()
    {
        ERR_clear_error();
        return new CryptographicException("OpenSSL refused a P-256 operation on points that were checked before.");
    }

    [LibraryImport(LibCrypto)]
    private static partial nint EC_GROUP_new_by_curve_name(int nid);

    [LibraryImport(LibCrypto)]
    private static partial nint EC_POINT_new(nint group);

    [LibraryImport(LibCrypto)]
    private static partial void EC_POINT_free(nint point);

    [LibraryImport(LibCrypto)]
    private static partial int EC_POINT_oct2point(nint group, nint point, ReadOnlySpan<byte> buffer, nuint length, nint context);

    [LibraryImport(LibCrypto)]
    private static partial nuint EC_POINT_point2oct(nint group, nint point, int form, Span<byte> buffer, nuint length, nint context);

    [LibraryImport(LibCrypto)]
    private static partial int EC_POINT_is_at_infinity(nint group, nint point);

    [LibraryImport(LibCrypto)]
    private static partial int EC_POINT_mul(nint group, nint result, nint generatorScalar, nint point, nint pointScalar, nint context);

    [LibraryImport(LibCrypto)]
    private static partial int EC_POINTs_mul(nint group, nint result, nint generatorScalar, nuint count, nint[] points, nint[] scalars, nint context);

    [LibraryImport(LibCrypto)]
    private static partial nint BN_bin2bn(ReadOnlySpan<byte> bytes, int length, nint target);

    [LibraryImport(LibCrypto)]
    private static partial void BN_free(nint number);

    [LibraryImport(LibCrypto)]
    private static partial void ERR_clear_error();
}
