using System.Security.Cryptography;
using System.Text;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// The e-mail index key is made by the first node that needs it (docs/privacy.md, "Lookups by e-mail"): nodes starting
/// at once on a fresh database race to insert it; every node must end up with the one key stored.
/// </summary>
public sealed class nodes_starting_at_once_on_a_fresh_database
{
    [Fact]
    public async Task share_the_one_email_index_key_the_first_insert_stored()
    {
        var connectionString = await TestDatabase.FreshConnectionStringAsync("privacy_index_key");
        // One key ring for every node, as Alba:DataProtection:KeysDirectory shares it.
        var keyRing = Directory.CreateTempSubdirectory("alba-keys-");
        try
        {
            var protection = new ServiceCollection().AddDataProtection().SetApplicationName("Alba.Coordination").PersistKeysToFileSystem(keyRing)
                .Services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
            var stores = Enumerable.Range(0, 4).Select(_ => DocumentStore.For(options =>
            {
                options.Connection(connectionString);
                options.Schema.For<PersonalDataKey>();
            })).ToList();
            await stores[0].Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            // Two vaults a node, eight in all, asking for the key together.
            var vaults = stores.SelectMany(store => new[] { new PersonalVault(protection, store), new PersonalVault(protection, store) }).ToList();
            var go = new TaskCompletionSource();
            var asking = vaults.Select(vault => Task.Run(async () =>
            {
                await go.Task;
                return await vault.EmailIndexAsync(Guid.Empty, "ana@alba.test");
            })).ToList();
            go.SetResult();
            var indexes = await Task.WhenAll(asking);

            await using var session = stores[0].QuerySession();
            var stored = Assert.Single(await session.Query<PersonalDataKey>().ToListAsync());
            Assert.Equal(PersonalVault.EmailIndexKeyId, stored.Id);
            var expected = Convert.ToHexString(HMACSHA256.HashData(new PersonalVault(protection, stores[0]).Unwrap(stored),
                Encoding.UTF8.GetBytes($"{Guid.Empty:N}\nana@alba.test")));
            Assert.All(indexes, index => Assert.Equal(expected, index));
            foreach (var store in stores) store.Dispose();
        }
        finally
        {
            keyRing.Delete(recursive: true);
        }
    }
}
