using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx;
using Microsoft.AspNetCore.DataProtection;

namespace Alba.Coordination.Privacy;

/// <summary>
/// A data key of one person (or of the system's e-mail index), wrapped by the master key (ASP.NET Core Data Protection).
/// Deleting a person's key is the erasure: everything sealed with it becomes unreadable wherever a copy of it lies.
/// </summary>
public sealed class PersonalDataKey
{
    public Guid Id { get; set; }
    /// <summary>The AES-256 key, protected by Data Protection's key ring (which lives outside the database).</summary>
    public required string Wrapped { get; set; }
}

/// <summary>What is personal about a person: shown in clear only after opening with the person's key.</summary>
public sealed record PersonalRecord(string FullName, string? Email, bool Erased = false)
{
    /// <summary>What readers see once the key is gone; the web app shows it in its own language.</summary>
    public const string ErasedMarker = "erased person";

    /// <summary>What readers see in place of a free text about the person (a reason, a note) once the key is gone.</summary>
    public const string ErasedText = "erased";

    public static readonly PersonalRecord ErasedPerson = new(ErasedMarker, null, Erased: true);
}

/// <summary>
/// The master key cannot unwrap a data key: the node has the ring's directory but not the certificate that opens it, or
/// the ring was lost or replaced. An outage of the operator's making, answered 503 until the ring is restored.
/// </summary>
public sealed class MasterKeyUnavailableException(CryptographicException cause)
    : Exception("The key ring cannot unwrap a person's data key.", cause);

/// <summary>
/// Crypto-shredding: each person's data is sealed (AES-256-GCM, the person's id as associated data, so a sealed value
/// cannot be moved to another person) with a data key of that person, itself wrapped by the master key. Lookups by
/// e-mail go through a keyed blind index (HMAC-SHA256 with a system key wrapped the same way), never the clear e-mail.
/// See docs/privacy.md.
/// </summary>
public sealed class PersonalVault(IDataProtectionProvider protection, IDocumentStore store)
{
    /// <summary>The id of the e-mail index's key among the data keys; no person has it (ids are v7 GUIDs).</summary>
    public static readonly Guid EmailIndexKeyId = new("00000000-0000-0000-0000-00000000e1de");

    private const int NonceSize = 12, TagSize = 16, KeySize = 32;
    private readonly IDataProtector _master = protection.CreateProtector("Alba.Coordination.PersonalData.Keys.v1");
    private readonly SemaphoreSlim _indexKeyGate = new(1, 1);
    private byte[]? _emailIndexKey;

    /// <summary>A fresh data key for <paramref name="subjectId"/>: the document to store and the clear key to seal with now.</summary>
    public (PersonalDataKey Document, byte[] Key) NewKey(Guid subjectId)
    {
        var key = RandomNumberGenerator.GetBytes(KeySize);
        return (new PersonalDataKey { Id = subjectId, Wrapped = Convert.ToBase64String(_master.Protect(key)) }, key);
    }

    public string Seal(byte[] key, Guid subjectId, PersonalRecord record) =>
        SealBytes(key, subjectId, JsonSerializer.SerializeToUtf8Bytes(record));

    /// <summary>The record sealed for <paramref name="subjectId"/>, or <see cref="PersonalRecord.ErasedPerson"/> when its key is gone.</summary>
    public PersonalRecord Open(PersonalDataKey? key, Guid subjectId, string sealedRecord) => key is null
        ? PersonalRecord.ErasedPerson
        : JsonSerializer.Deserialize<PersonalRecord>(OpenBytes(Unwrap(key), subjectId, sealedRecord))!;

    /// <summary>A free text about the person (a note, a reason), sealed with the person's key like its name.</summary>
    public string SealText(byte[] key, Guid subjectId, string text) => SealBytes(key, subjectId, Encoding.UTF8.GetBytes(text));

    /// <summary>A text sealed with <see cref="SealText"/>, or <see cref="PersonalRecord.ErasedText"/> when the person's key is gone.</summary>
    public string OpenText(PersonalDataKey? key, Guid subjectId, string sealedText) => key is null
        ? PersonalRecord.ErasedText
        : Encoding.UTF8.GetString(OpenBytes(Unwrap(key), subjectId, sealedText));

    /// <summary>The clear data key, to seal something more with a key the subject already has.</summary>
    public byte[] Unwrap(PersonalDataKey key)
    {
        try
        {
            return _master.Unprotect(Convert.FromBase64String(key.Wrapped));
        }
        catch (CryptographicException failure)
        {
            throw new MasterKeyUnavailableException(failure);
        }
    }

    private static string SealBytes(byte[] key, Guid subjectId, byte[] clear)
    {
        var sealedBytes = new byte[NonceSize + TagSize + clear.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), subjectId.ToByteArray());
        return Convert.ToBase64String(sealedBytes);
    }

    private static byte[] OpenBytes(byte[] key, Guid subjectId, string sealedValue)
    {
        var sealedBytes = Convert.FromBase64String(sealedValue);
        var clear = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), clear,
            subjectId.ToByteArray());
        return clear;
    }

    /// <summary>Opens many sealed records at once (one read of their keys); a missing key reads as an erased person.</summary>
    public async Task<IReadOnlyDictionary<Guid, PersonalRecord>> OpenManyAsync(IQuerySession session,
        IReadOnlyCollection<(Guid SubjectId, string Sealed)> sealedRecords)
    {
        if (sealedRecords.Count == 0) return new Dictionary<Guid, PersonalRecord>();
        var keys = (await session.LoadManyAsync<PersonalDataKey>(sealedRecords.Select(s => s.SubjectId).Distinct())).ToDictionary(k => k.Id);
        return sealedRecords.ToDictionary(s => s.SubjectId, s => Open(keys.GetValueOrDefault(s.SubjectId), s.SubjectId, s.Sealed));
    }

    /// <summary>
    /// The blind index of an e-mail within one assembly: equal e-mails give equal indexes, while the index tells nothing
    /// without the key and does not link one person's registrations across assemblies.
    /// </summary>
    public async Task<string> EmailIndexAsync(Guid scopeId, string normalisedEmail)
    {
        var key = _emailIndexKey ?? await LoadOrCreateEmailIndexKeyAsync();
        return Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{scopeId:N}\n{normalisedEmail}")));
    }

    private async Task<byte[]> LoadOrCreateEmailIndexKeyAsync()
    {
        await _indexKeyGate.WaitAsync();
        try
        {
            if (_emailIndexKey is not null) return _emailIndexKey;
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<PersonalDataKey>(EmailIndexKeyId) is not { } stored)
            {
                // Several nodes may start at once: the first insert wins, the others read it.
                var (document, _) = NewKey(EmailIndexKeyId);
                session.Insert(document);
                try
                {
                    await session.SaveChangesAsync();
                    stored = document;
                }
                catch (DocumentAlreadyExistsException)
                {
                    await using var again = store.QuerySession();
                    stored = (await again.LoadAsync<PersonalDataKey>(EmailIndexKeyId))!;
                }
            }
            return _emailIndexKey = Unwrap(stored);
        }
        finally
        {
            _indexKeyGate.Release();
        }
    }
}
