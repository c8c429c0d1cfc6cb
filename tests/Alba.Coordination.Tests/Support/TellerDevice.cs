using System.Security.Cryptography;
using System.Text;
using Alba.Coordination.Sessions.Ballots;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;
using static Alba.Coordination.Sessions.Ballots.ElectionGroup;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// A teller's device played in C#, doing what js/tellers.js does in the browser: a transport key and a random polynomial
/// (round 1), its values for the others encrypted to their transport keys (round 2: ECDH, HKDF-SHA256, AES-256-GCM, the
/// encodings of docs/voting.md), the shares received checked against their senders' commitments and summed, and the partial
/// decryption of the sealed sums with its proofs. Its secrets stay in this object, as they stay on the device.
/// </summary>
public sealed class TellerDevice(Guid motionId, int teller, int threshold)
{
    private readonly BigInteger _transport = RandomScalar();
    private readonly BigInteger[] _coefficients = Enumerable.Range(0, threshold).Select(_ => RandomScalar()).ToArray();

    public int Teller => teller;

    /// <summary>Every secret this device holds, as hex, for the storage scan: its coefficients and its transport key.</summary>
    public IEnumerable<string> Secrets => [.. _coefficients.Select(Hex), Hex(_transport)];

    public TellerCommitments Round1() => new(teller, Hex(G.Times(_transport)), _coefficients.Select(a => Hex(G.Times(a))).ToArray(),
        KnowledgeProof.Prove(motionId, teller, G.Times(_coefficients[0]), _coefficients[0]));

    /// <summary>f(j) of this device's polynomial.</summary>
    public BigInteger ValueAt(int j) =>
        _coefficients.Reverse().Aggregate(BigInteger.Zero, (total, c) => total.Multiply(BigInteger.ValueOf(j)).Add(c).Mod(Order));

    public SealedShare[] Round2(IReadOnlyList<TellerCommitments> all) =>
        all.Where(r => r.Teller != teller).Select(r => Seal(r, ValueAt(r.Teller))).ToArray();

    /// <summary>A share encrypted to <paramref name="to"/>'s transport key (a test may seal a wrong value).</summary>
    public SealedShare Seal(TellerCommitments to, BigInteger value)
    {
        var iv = RandomNumberGenerator.GetBytes(12);
        var plain = BigIntegers.AsUnsignedByteArray(32, value);
        var cipher = new byte[32];
        var tag = new byte[16];
        using var aes = new AesGcm(KeyWith(to.TransportKey, teller, to.Teller), 16);
        aes.Encrypt(iv, plain, cipher, tag);
        return new SealedShare(to.Teller, Convert.ToHexStringLower(iv), Convert.ToHexStringLower([.. cipher, .. tag]));
    }

    /// <summary>
    /// The sum s_j of the shares sent to this device by qualified tellers (a share revealed in answer to this device's complaint in
    /// place of the sealed one), and the senders whose share does not match their commitments.
    /// </summary>
    public (BigInteger Share, int[] Complaints) Receive(IReadOnlyList<TellerCommitments> all, IReadOnlyList<SentShares> sent,
        IReadOnlyList<RevealedShare>? revealed = null, IReadOnlyCollection<int>? disqualified = null)
    {
        var total = ValueAt(teller);
        var complaints = new List<int>();
        foreach (var from in sent.Where(s => s.Teller != teller && disqualified?.Contains(s.Teller) != true))
        {
            if (revealed?.FirstOrDefault(r => r.Teller == from.Teller && r.To == teller && r.Holds) is { } answer)
            {
                total = total.Add(ParseScalar(answer.Share)!).Mod(Order);
                continue;
            }
            var sealedShare = from.Shares.Single(s => s.To == teller);
            var sender = all.Single(r => r.Teller == from.Teller);
            var bytes = Convert.FromHexString(sealedShare.Ciphertext);
            var plain = new byte[32];
            using var aes = new AesGcm(KeyWith(sender.TransportKey, from.Teller, teller), 16);
            aes.Decrypt(Convert.FromHexString(sealedShare.Iv), bytes[..32], bytes[32..], plain);
            var value = new BigInteger(1, plain);
            if (!G.Times(value).Equals(KeyGeneration.Evaluate(sender.Commitments, teller))) complaints.Add(from.Teller);
            else total = total.Add(value).Mod(Order);
        }
        return (total, complaints.ToArray());
    }

    public PartialDecryption Partial(IReadOnlyList<OptionSum> sums, BigInteger share) => new(teller, sums.Select(sum =>
    {
        var a = ParsePoint(sum.A)!;
        var d = a.Times(share);
        return new PartialLine(Hex(d), EqualLogProof.Prove(PartialDecryption.Tag, motionId, a, G.Times(share), d, share));
    }).ToArray());

    /// <summary>HKDF-SHA256 of the ECDH x-coordinate, info "alba/dkg/share|motion|from|to": the AES key of one share.</summary>
    private byte[] KeyWith(string otherTransportKey, int from, int to)
    {
        var shared = ParsePoint(otherTransportKey)!.Times(_transport).AffineXCoord.GetEncoded();
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, [], Encoding.UTF8.GetBytes($"alba/dkg/share|{motionId:D}|{from}|{to}"));
    }
}
