namespace Alba.Coordination.Accounts;

/// <summary>
/// A person who signs in with email and password. Personal data lives here, not in events,
/// so a person can be erased while the event history that references the id stays verifiable.
/// </summary>
public sealed class Account
{
    public Guid Id { get; set; }
    public required string Email { get; set; }
    public required string FullName { get; set; }
    public required string Role { get; set; }
    public Guid? MovementId { get; set; }
    public string? PasswordHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }

    public bool IsActive => ActivatedAt is not null && PasswordHash is not null;
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
}
