using System.Text.Json;
using Alba.Coordination.Delegates;

namespace Alba.Coordination.Privacy;

/// <summary>
/// Seals the personal data written before crypto-shredding. Events never held names or e-mails (they were kept in
/// <see cref="DelegatePerson"/> documents from the start), so no event needs an upcaster; the documents of that first
/// shape (<c>FullName</c> and <c>Email</c> in clear) are rewritten, sealed with a new key per person, before the host serves
/// requests. Running it again finds nothing to do.
/// </summary>
public sealed class PersonalDataMigration(IDocumentStore store, PersonalVault vault, ILogger<PersonalDataMigration> logger) : IHostedService
{
    /// <summary>A <see cref="DelegatePerson"/> as it was first stored.</summary>
    public sealed record ClearDelegatePerson(Guid Id, Guid AssemblyId, string FullName, string Email);

    public async Task StartAsync(CancellationToken cancellationToken) => await MigrateAsync(cancellationToken);

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
}
