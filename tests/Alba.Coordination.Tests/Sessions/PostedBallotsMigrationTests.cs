using Alba.Coordination.Sessions.Ballots;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// A secret vote's board entries are rows of their own (a posting inserts its entries, nothing rewrites the board's chain); a
/// board stored with its entries as a list shows the same chain once the start-up migration has moved them into rows.
/// </summary>
[Collection(AppCollection.Name)]
public class a_secret_votes_board_whose_entries_were_stored_in_the_board(AppFixture app)
{
    [Fact]
    public async Task shows_the_same_chain_after_the_start_up_migration()
    {
        var (assembly, delegates) = await app.Host.AnAssemblyWithDelegates(3);
        var motion = await app.Host.AMotionUnderVote(assembly, secret: true);
        string[] choices = ["no", "yes", "abstain"];
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await app.Host.Vote(motion, delegates[i], choices[i])).Status);
        Assert.Equal(200, (await app.Host.CloseVote(motion)).Status);
        var expected = (await app.Host.Get($"/api/motions/{motion}/board")).Body!.ToJsonString();
        Assert.Equal(3, (await app.Host.Get($"/api/motions/{motion}/board")).Body!["ballots"]!.AsArray().Count);

        // As stored before: the entries as a list in the board, no rows.
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var legacy = new NpgsqlCommand($$"""
                update {{store.Options.Schema.For<BallotBoard>()}} set data = jsonb_set(data, '{Entries}',
                    (select jsonb_agg(r.data -> 'Entry' order by (r.data -> 'Entry' ->> 'Index')::int)
                     from {{store.Options.Schema.For<PostedBallot>()}} r where r.data ->> 'MotionId' = @motion))
                where id = @id;
                delete from {{store.Options.Schema.For<PostedBallot>()}} where data ->> 'MotionId' = @motion;
                """, connection);
            legacy.Parameters.AddWithValue("motion", motion.ToString());
            legacy.Parameters.AddWithValue("id", motion);
            await legacy.ExecuteNonQueryAsync();
        }
        Assert.Empty((await app.Host.Get($"/api/motions/{motion}/board")).Body!["ballots"]!.AsArray());

        var migration = app.Host.Services.GetServices<IHostedService>().OfType<PostedBallotsMigration>().Single();
        Assert.True(await migration.MigrateAsync(CancellationToken.None) >= 1);
        Assert.Equal(expected, (await app.Host.Get($"/api/motions/{motion}/board")).Body!.ToJsonString());
        Assert.Equal(0, await migration.MigrateAsync(CancellationToken.None));
    }
}
