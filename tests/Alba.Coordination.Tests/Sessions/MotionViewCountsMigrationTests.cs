using Alba.Coordination.Infrastructure;
using Alba.Coordination.Sessions;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>A motion view stored with the roll and the voters as lists reads with their counts once migrated.</summary>
[Collection(AppCollection.Name)]
public class a_motion_view_stored_with_its_lists(AppFixture app)
{
    [Fact]
    public async Task reads_with_the_counts_of_its_roll_and_voters_after_the_start_up_migration()
    {
        var (assembly, _) = await app.Host.AnAssemblyWithDelegates(5);
        var motion = await app.Host.AMotionUnderVote(assembly, secret: false);
        var eligible = (await app.Host.Get($"/api/motions/{motion}")).Body!["vote"]!["eligible"]!.GetValue<int>();
        Assert.Equal(5, eligible);

        // The view as it was stored before the counts: the lists, no counts (three of the roll have voted).
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var table = store.Options.Schema.For<MotionView>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var legacy = new NpgsqlCommand($$"""
                update {{table}} set data = jsonb_set(jsonb_set(data #- '{Vote,EligibleCount}' #- '{Vote,CastCount}',
                    '{Vote,Eligible}', (select jsonb_agg(gen_random_uuid()) from generate_series(1, @eligible))),
                    '{Vote,Voters}', (select jsonb_agg(gen_random_uuid()) from generate_series(1, 3)))
                where id = @id
                """, connection);
            legacy.Parameters.AddWithValue("eligible", eligible);
            legacy.Parameters.AddWithValue("id", motion);
            Assert.Equal(1, await legacy.ExecuteNonQueryAsync());
        }
        Assert.Equal(0, (await app.Host.Get($"/api/motions/{motion}")).Body!["vote"]!["eligible"]!.GetValue<int>());

        var migration = app.Host.Services.GetServices<IHostedService>().OfType<MotionViewCountsMigration>().Single();
        Assert.True(await migration.MigrateAsync(CancellationToken.None) >= 1);
        var after = (await app.Host.Get($"/api/motions/{motion}")).Body!["vote"]!;
        Assert.Equal(eligible, after["eligible"]!.GetValue<int>());
        Assert.Equal(3, after["cast"]!.GetValue<int>());
        Assert.Equal(0, await migration.MigrateAsync(CancellationToken.None));
    }
}
