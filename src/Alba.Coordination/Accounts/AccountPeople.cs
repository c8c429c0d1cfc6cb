using Alba.Coordination.Privacy;

namespace Alba.Coordination.Accounts;

/// <summary>
/// The one way to write, find, read and erase an account's personal data (name and e-mail of an organiser or a
/// representative): sealed with a data key of the account's own (<see cref="PersonalVault"/>), found by the e-mail's keyed
/// blind index, never by the e-mail in clear. See docs/privacy.md.
/// </summary>
public static class AccountPeople
{
    /// <summary>
    /// The blind index's scope for accounts: one index over every account (sign-in knows no assembly), distinct from the
    /// delegates' per-assembly indexes, so an account's index never equals a registration's.
    /// </summary>
    public static readonly Guid EmailScope = new("00000000-0000-0000-0000-0000000acc75");

    /// <summary>A new account of <paramref name="role"/> with its name and e-mail sealed, and the key to store with it.</summary>
    public static async Task<(Account Account, PersonalDataKey Key)> New(PersonalVault vault, Guid id, string fullName, string email, string role,
        Guid? movementId, DateTimeOffset now)
    {
        var (key, emailIndex, sealedRecord) = await Seal(vault, id, fullName, email);
        return (new Account
        {
            Id = id, EmailIndex = emailIndex, Sealed = sealedRecord, Role = role, MovementId = movementId, CreatedAt = now,
        }, key);
    }

    /// <summary>A new key for the account, and its normalised e-mail's blind index and its record sealed with that key.</summary>
    public static async Task<(PersonalDataKey Key, string EmailIndex, string Sealed)> Seal(PersonalVault vault, Guid accountId, string fullName,
        string email)
    {
        var normalised = Validation.NormaliseEmail(email);
        var (key, clearKey) = vault.NewKey(accountId);
        return (key, await vault.EmailIndexAsync(EmailScope, normalised),
            vault.Seal(clearKey, accountId, new PersonalRecord(fullName.Trim(), normalised)));
    }

    /// <summary>The account signed in with this e-mail, found by its blind index.</summary>
    public static async Task<Account?> WithEmail(IQuerySession session, PersonalVault vault, string email)
    {
        var index = await vault.EmailIndexAsync(EmailScope, Validation.NormaliseEmail(email));
        return await session.Query<Account>().FirstOrDefaultAsync(a => a.EmailIndex == index);
    }

    /// <summary>The account's name and e-mail; <see cref="PersonalRecord.ErasedPerson"/> once erased.</summary>
    public static async Task<PersonalRecord> Read(IQuerySession session, PersonalVault vault, Account account) =>
        vault.Open(await session.LoadAsync<PersonalDataKey>(account.Id), account.Id, account.Sealed);
}
