using System.Text.Json;
using Alba.Coordination.Accounts;
using Alba.Coordination.Delegates;

namespace Alba.Coordination.Privacy;

/// <summary>
/// Seals the personal data written before crypto-shredding, before the host serves requests; running it again finds nothing
/// to do. Two shapes are rewritten:
/// - <see cref="DelegatePerson"/> documents of the first shape (<c>FullName</c> and <c>Email</c> in clear), sealed with a
///   new key per person;
/// - rejection and revocation reasons written in clear (<c>Reason</c> in <c>delegate_rejected</c> / <c>delegate_revoked</c>
///   events and in <see cref="DelegateView"/>), sealed with the person's key into <c>SealedReason</c>. These events are
///   rewritten in place, the one exception to "stored events are never rewritten": an upcaster would leave the clear text
///   in the event table, where no erasure could reach it (docs/privacy.md).
/// </summary>
public sealed class PersonalDataMigration(IDocumentStore store, PersonalVault vault, ILogger<PersonalDataMigration> logger) : IHostedService
{
    /// <summary>A <see cref="DelegatePerson"/> as it was first stored.</summary>
    public sealed record ClearDelegatePerson(Guid Id, Guid AssemblyId, string FullName, string Email);

    /// <summary>A reason written in clear: the event's sequence number, its delegate and its type.</summary>
    public sealed record ClearReason(long SeqId, Guid DelegateId, string Type, string? Reason);

    /// <summary>An <see cref="Account"/> as it was first stored: its name and e-mail in clear.</summary>
    public sealed record ClearAccount(Guid Id, string FullName, string Email);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
        await SealClearReasonsAsync(cancellationToken);
        await SealClearAccountsAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<int> MigrateAsync(CancellationToken cancellation)
    {
        await using var session = store.LightweightSession();
        var table = store.Options.Schema.For<DelegatePerson>();
        var clear = await session.AdvancedSql.QueryAsync<string>(
            $"select data::text from {table} where data ->> 'FullName' is not null", cancellation);
        foreach (var old in clear.Select(json => JsonSerializer.Deserialize<ClearDelegatePerson>(json)!))
        {
            var (key, person) = await DelegatePeople.Seal(vault, old.Id, old.AssemblyId, old.FullName, old.Email);
            session.Store(key);
            session.Store(person);
        }
        await session.SaveChangesAsync(cancellation);
        if (clear.Count > 0) logger.LogInformation("Sealed the personal data of {Count} delegates stored before crypto-shredding", clear.Count);
        return clear.Count;
    }

    public async Task<int> SealClearReasonsAsync(CancellationToken cancellation)
    {
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        var views = store.Options.Schema.For<DelegateView>();
        var naming = store.Options.Events.EventNamingStyle;
        // The view's property that held the reason in clear, and the one that holds it sealed now.
        var viewProperty = new Dictionary<string, (string Clear, string Sealed)>
        {
            [typeof(DelegateRejected).GetEventTypeName(naming)] = ("RejectionReason", nameof(DelegateView.SealedRejectionReason)),
            [typeof(DelegateRevoked).GetEventTypeName(naming)] = ("RevocationReason", nameof(DelegateView.SealedRevocationReason)),
        };
        await using var session = store.LightweightSession();
        var types = string.Join(", ", viewProperty.Keys.Select(t => $"'{t}'"));
        var clear = (await session.AdvancedSql.QueryAsync<string>(
                $"select jsonb_build_object('SeqId', seq_id, 'DelegateId', stream_id, 'Type', type, 'Reason', data ->> 'Reason')::text " +
                $"from {events} where type in ({types}) and jsonb_exists(data, 'Reason')", cancellation))
            .Select(json => JsonSerializer.Deserialize<ClearReason>(json)!).ToList();
        foreach (var old in clear)
        {
            // Null when no reason was given, or when the person was erased before this ran: its reason is not kept.
            var sealedReason = await DelegatePeople.SealNote(session, vault, old.DelegateId, old.Reason);
            var (clearProperty, sealedProperty) = viewProperty[old.Type];
            var sealedValue = sealedReason is null ? "null" : "?::text";
            var values = sealedReason is null ? [] : new object[] { sealedReason };
            session.QueueSqlCommand($"update {events} set data = (data - 'Reason') || jsonb_build_object('SealedReason', {sealedValue}) where seq_id = ?",
                [.. values, old.SeqId]);
            session.QueueSqlCommand(
                $"update {views} set data = (data - '{clearProperty}') || jsonb_build_object('{sealedProperty}', {sealedValue}) where id = ?",
                [.. values, old.DelegateId]);
        }
        await session.SaveChangesAsync(cancellation);
        if (clear.Count > 0) logger.LogInformation("Sealed {Count} rejection and revocation reasons written before they were sealed", clear.Count);
        return clear.Count;
    }

    /// <summary>
    /// Accounts of the first shape get a key of their own, their name and e-mail sealed with it and the e-mail's blind index
    /// in place of the clear fields; every other field (password hash, stamp, role) stays, so they sign in as before.
    /// </summary>
    public async Task<int> SealClearAccountsAsync(CancellationToken cancellation)
    {
        var table = store.Options.Schema.For<Account>();
        await using var session = store.LightweightSession();
        var clear = (await session.AdvancedSql.QueryAsync<string>($"select data::text from {table} where data ->> 'Email' is not null", cancellation))
            .Select(json => JsonSerializer.Deserialize<ClearAccount>(json)!).ToList();
        foreach (var old in clear)
        {
            var (key, emailIndex, sealedRecord) = await AccountPeople.Seal(vault, old.Id, old.FullName, old.Email);
            session.Store(key);
            session.QueueSqlCommand(
                $"update {table} set data = (data - 'Email' - 'FullName') || jsonb_build_object('EmailIndex', ?::text, 'Sealed', ?::text) where id = ?",
                emailIndex, sealedRecord, old.Id);
        }
        await session.SaveChangesAsync(cancellation);
        if (clear.Count > 0) logger.LogInformation("Sealed the personal data of {Count} accounts stored before crypto-shredding", clear.Count);
        return clear.Count;
    }
}
