using Alba.Coordination.Accounts;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Npgsql;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// The unique index on accounts' clear e-mail (<c>ux_account_email</c>) is no longer configured (docs/privacy.md, "Data
/// written before this change"): what the schema migration the app runs at start does with it on an existing database.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class the_old_clear_email_index(PrivacyFixture fixture)
{
    [Fact]
    public async Task is_dropped_by_the_schema_migration_the_app_runs_at_start()
    {
        var store = fixture.Host.Store();
        var accounts = store.Options.Schema.For<Account>();
        await Sql($"create unique index if not exists ux_account_email on {accounts} ((data ->> 'Email'))");
        Assert.Equal(1L, await Sql("select count(*) from pg_indexes where indexname = 'ux_account_email'"));

        // What ApplyAllDatabaseChangesOnStartup does when a node starts.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        Assert.Equal(0L, await Sql("select count(*) from pg_indexes where indexname = 'ux_account_email'"));
        Assert.Equal(1L, await Sql("select count(*) from pg_indexes where indexname = 'ux_account_email_index'"));
    }

    private async Task<object?> Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
