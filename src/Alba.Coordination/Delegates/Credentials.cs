namespace Alba.Coordination.Delegates;

/// <summary>A freshly issued credential: the code goes to the organiser once, only the hash is kept.</summary>
public sealed record IssuedCredential(string Code, string Hash)
{
    public static IssuedCredential New()
    {
        var code = Secrets.NewCode();
        return new IssuedCredential(code, Secrets.Hash(code));
    }
}

/// <summary>
/// The answer that carries a new credential code. The badge shows the code as a QR code, and the
/// code is kept only hashed, so the badge is fetched with the code in the <see cref="BadgeEndpoint.CodeHeader"/> header.
/// </summary>
public sealed record CredentialAnswer(Guid DelegateId, DelegateStatus Status, bool Changed, string? CredentialCode, string? BadgeUrl)
{
    /// <summary>The code and badge link appear only when the decision issued the credential.</summary>
    public static CredentialAnswer For(DelegateState after, Decision decision, IssuedCredential credential)
    {
        var issued = decision.Events.Any(e => e is DelegateAccredited or CredentialReissued);
        return new CredentialAnswer(after.Id, after.Status, decision.Changes, issued ? credential.Code : null,
            issued ? $"/api/delegates/{after.Id}/badge" : null);
    }
}
