namespace Alba.Coordination.Accounts;

/// <summary>
/// A person who signs in with email and password. Personal data lives here, not in events, sealed with the account's own
/// key (<see cref="AccountPeople"/>), so a person can be erased while the event history that references the id stays verifiable.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }
    /// <summary>The keyed blind index of the normalised e-mail (unique): how sign-in finds the account; removed by the erasure.</summary>
    public string? EmailIndex { get; set; }
    /// <summary>Name and normalised e-mail (<see cref="Privacy.PersonalRecord"/>), sealed with the account's key.</summary>
    public required string Sealed { get; set; }
    public required string Role { get; set; }
    public Guid? MovementId { get; set; }
    public string? PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
    /// <summary>When an organiser ended this account's access (deactivation, or withdrawal of a representative).</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    /// <summary>
    /// Every access token of the account carries this value; a new one (set at activation and at deactivation)
    /// ends every token issued before it (<see cref="AccessStamps"/>). Empty on accounts stored before stamps existed.
    /// </summary>
    public string Stamp { get; set; } = "";

    /// <summary>When an organiser erased the account's personal data (its access ended then too).</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    public Guid? ErasedBy { get; set; }
    /// <summary>Why, as the organiser wrote it: the request, not the person.</summary>
    public string? ErasureReason { get; set; }

    public bool IsActive => ActivatedAt is not null && PasswordHash is not null && DeactivatedAt is null;

    /// <summary>Ends the account's access: it can no longer sign in, and a new stamp ends every token issued so far.</summary>
    public void EndAccess(DateTimeOffset at)
    {
        DeactivatedAt = at;
        Stamp = Secrets.NewStamp();
    }
}

/// <summary>A single-use invitation; the id is the hash of the code, the code itself is never stored.</summary>
public sealed class Invitation
{
    public required string Id { get; set; }
    public Guid AccountId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

/// <summary>
/// A delegate's sign-in credential as printed on the badge; the id is the hash of the code.
/// Issued on accreditation; a re-issue or revocation marks the old one invalid.
/// </summary>
public sealed class DelegateCredential
{
    public required string Id { get; set; }
    public Guid DelegateId { get; set; }
    public Guid AssemblyId { get; set; }
    public Guid MovementId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset? InvalidatedAt { get; set; }

    /// <summary>
    /// Carried by every token signed in with this credential: the id of the event that issued it, so a rebuild
    /// projects the same value and a reissue (a new credential, a new stamp) ends the old tokens (<see cref="AccessStamps"/>).
    /// </summary>
    public string Stamp { get; set; } = "";
}
