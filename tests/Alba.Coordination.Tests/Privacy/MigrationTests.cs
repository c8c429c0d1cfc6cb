using Alba.Coordination.Delegates;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alba.Coordination.Tests.Privacy;

[Collection(PrivacyCollection.Name)]
public sealed class when_personal_data_was_stored_before_crypto_shredding(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task the_start_seals_it_and_it_still_reads()
    {
        var organiser = await Host.Organiser();
        var assemblyId = await Host.AnAssembly();
        var registered = await Host.ARegisteredDelegate(assemblyId);
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var fullName = $"Marielle Franco {suffix}";
        var email = $"marielle.{suffix}@alba.test";

        // The document of the first shape, written raw as the old code stored it, and no key for it.
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            var table = store.Options.Schema.For<DelegatePerson>();
            await using var update = new NpgsqlCommand(
                $"update {table} set data = jsonb_build_object('Id', @id, 'AssemblyId', @assembly, 'FullName', @name, 'Email', @email) where id = @id",
                connection);
            update.Parameters.AddWithValue("id", registered.Id);
            update.Parameters.AddWithValue("assembly", assemblyId);
            update.Parameters.AddWithValue("name", fullName);
            update.Parameters.AddWithValue("email", email);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
            await using var delete = new NpgsqlCommand($"delete from {store.Options.Schema.For<PersonalDataKey>()} where id = @id", connection);
            delete.Parameters.AddWithValue("id", registered.Id);
            await delete.ExecuteNonQueryAsync();
        }
        Assert.NotEmpty(await fixture.TablesHolding(fullName));

        var migration = new PersonalDataMigration(store, Host.Services.GetRequiredService<PersonalVault>(), NullLogger<PersonalDataMigration>.Instance);
        Assert.True(await migration.MigrateAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await migration.MigrateAsync(CancellationToken.None));

        Assert.Empty(await fixture.TablesHolding(fullName));
        Assert.Empty(await fixture.TablesHolding(email));
        var details = await Host.Get($"/api/delegates/{registered.Id}", organiser);
        Assert.Equal(fullName, details.Get<string>("fullName"));
        Assert.Equal(email, details.Get<string>("email"));
        // Found by its e-mail again: a second registration with it is refused.
        var again = await Host.Register(assemblyId, DelegatesScenarios.RegistrationBody(registered.MovementId, email: email), organiser);
        Assert.Equal(409, again.Status);
    }
}
