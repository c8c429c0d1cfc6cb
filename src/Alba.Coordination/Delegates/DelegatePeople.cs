using Alba.Coordination.Privacy;
using Marten.Patching;

namespace Alba.Coordination.Delegates;

/// <summary>The one way to write, find, read and erase a delegate's personal data (<see cref="DelegatePerson"/>).</summary>
public static class DelegatePeople
{
    /// <summary>Seals the person's name and e-mail with a new key of its own; both go into the registration's transaction.</summary>
    public static async Task Record(IDocumentSession session, PersonalVault vault, Guid delegateId, Guid assemblyId, string fullName, string email)
    {
        var (key, person) = await Seal(vault, delegateId, assemblyId, fullName, email);
        session.Insert(key);
        session.Insert(person);
    }

    /// <summary>A new data key for the person and its record sealed with it (and indexed by its e-mail).</summary>
    public static async Task<(PersonalDataKey Key, DelegatePerson Person)> Seal(PersonalVault vault, Guid delegateId, Guid assemblyId,
        string fullName, string email)
    {
        var normalised = Validation.NormaliseEmail(email);
        var (key, clearKey) = vault.NewKey(delegateId);
        return (key, new DelegatePerson
        {
            Id = delegateId, AssemblyId = assemblyId, EmailIndex = await vault.EmailIndexAsync(assemblyId, normalised),
            Sealed = vault.Seal(clearKey, delegateId, new PersonalRecord(fullName.Trim(), normalised)),
        });
    }

    /// <summary>The registration made with this e-mail in the assembly, found by the e-mail's blind index.</summary>
    public static async Task<DelegatePerson?> RegisteredWith(IQuerySession session, PersonalVault vault, Guid assemblyId, string email)
    {
        var index = await vault.EmailIndexAsync(assemblyId, Validation.NormaliseEmail(email));
        return await session.Query<DelegatePerson>().FirstOrDefaultAsync(p => p.AssemblyId == assemblyId && p.EmailIndex == index);
    }

    /// <summary>The registrations of the assembly among these e-mails (normalised): e-mail → delegate id.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> RegisteredWithAny(IQuerySession session, PersonalVault vault, Guid assemblyId,
        IReadOnlyCollection<string> normalisedEmails)
    {
        var emailOf = new Dictionary<string, string>();
        foreach (var email in normalisedEmails) emailOf[await vault.EmailIndexAsync(assemblyId, email)] = email;
        var indexes = emailOf.Keys.ToArray();
        var people = await session.Query<DelegatePerson>().Where(p => p.AssemblyId == assemblyId && p.EmailIndex.IsOneOf(indexes)).ToListAsync();
        return people.ToDictionary(p => emailOf[p.EmailIndex!], p => p.Id);
    }

    /// <summary>Name and e-mail of each delegate that has personal data; an erased one reads as <see cref="PersonalRecord.ErasedPerson"/>.</summary>
    public static async Task<IReadOnlyDictionary<Guid, PersonalRecord>> Read(IQuerySession session, PersonalVault vault, IEnumerable<Guid> delegateIds)
    {
        var people = await session.LoadManyAsync<DelegatePerson>(delegateIds.Distinct());
        return await vault.OpenManyAsync(session, people.Select(p => (p.Id, p.Sealed)).ToList());
    }

    public static async Task<PersonalRecord?> Read(IQuerySession session, PersonalVault vault, Guid delegateId) =>
        (await Read(session, vault, [delegateId])).GetValueOrDefault(delegateId);

    /// <summary>
    /// A free text about the person (a rejection or revocation reason), sealed with the person's key so the erasure makes it
    /// unreadable with the name. Null when blank, and when the person was already erased: nothing new is kept about them.
    /// </summary>
    public static async Task<string?> SealNote(IQuerySession session, PersonalVault vault, Guid delegateId, string? note)
    {
        if (string.IsNullOrWhiteSpace(note)) return null;
        return await session.LoadAsync<PersonalDataKey>(delegateId) is { } key
            ? vault.SealText(vault.Unwrap(key), delegateId, note.Trim())
            : null;
    }

    /// <summary>Opens the person's sealed notes (one read of its key); each reads as erased once the person is.</summary>
    public static async Task<Func<string?, OpenedNote?>> NoteOpener(IQuerySession session, PersonalVault vault, Guid delegateId)
    {
        var open = await NotesOpener(session, vault, [delegateId]);
        return sealedNote => open(delegateId, sealedNote);
    }

    /// <summary>Opens the sealed notes of many people (one read of their keys): (delegate id, sealed note) → the note.</summary>
    public static async Task<Func<Guid, string?, OpenedNote?>> NotesOpener(IQuerySession session, PersonalVault vault,
        IReadOnlyCollection<Guid> delegateIds)
    {
        var keys = delegateIds.Count == 0
            ? new Dictionary<Guid, PersonalDataKey>()
            : (await session.LoadManyAsync<PersonalDataKey>(delegateIds.Distinct())).ToDictionary(k => k.Id);
        return (delegateId, sealedNote) => sealedNote is null ? null : OpenedNote.Of(vault, keys.GetValueOrDefault(delegateId), delegateId, sealedNote);
    }

    /// <summary>
    /// The erasure's side: the person's key is deleted (every sealed copy becomes unreadable) and the e-mail's blind
    /// index removed (so nothing derived from the e-mail remains); the sealed bytes stay, unreadable.
    /// </summary>
    public static void Shred(IDocumentOperations session, Guid delegateId)
    {
        session.Delete<PersonalDataKey>(delegateId);
        session.Patch<DelegatePerson>(delegateId).Set(p => p.EmailIndex, (string?)null);
    }
}

/// <summary>
/// A note about a person as readers get it: its text, or <see cref="PersonalRecord.ErasedText"/> with <c>Erased</c> set once the
/// person's key is gone, so a page can say "erased" in its reader's language instead of showing the server's English marker.
/// </summary>
public sealed record OpenedNote(string Text, bool Erased)
{
    public static OpenedNote Of(PersonalVault vault, PersonalDataKey? key, Guid subjectId, string sealedNote) =>
        new(vault.OpenText(key, subjectId, sealedNote), key is null);
}
