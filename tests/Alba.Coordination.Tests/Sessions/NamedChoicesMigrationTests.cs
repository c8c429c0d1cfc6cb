using Alba.Coordination.Sessions;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alba.Coordination.Tests.Sessions;

/// <summary>
/// A named vote's choices are rows of the register (a ballot inserts one, nothing rewrites a list of the roll); a motion view
/// stored with the choices as its list shows the same ballots once the start-up migration has moved them into the register.
/// </summary>
[Collection(AppCollection.Name)]
public class a_named_vote_whose_choices_were_stored_in_the_motion_view(AppFixture app)
{
    [Fact]
    public async Task shows_the_same_ballots_in_the_order_cast_after_the_start_up_migration()
    {
        var (assembly, delegates) = await app.Host.AnAssemblyWithDelegates(3);
        var motion = await app.Host.AMotionUnderVote(assembly, secret: false);
        string[] choices = ["no", "yes", "abstain"];
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await app.Host.Vote(motion, delegates[i], choices[i])).Status);
        Assert.Equal(200, (await app.Host.CloseVote(motion)).Status);
        var expected = delegates.Select((d, i) => $"{d.Id}:{choices[i]}").ToArray();
        Assert.Equal(expected, await BallotsShown(motion));

        // As stored before: the choices as a list in the view, the register's rows without them.
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var legacy = new NpgsqlCommand($$"""
                update {{store.Options.Schema.For<MotionView>()}} set data = jsonb_set(data, '{Vote,Ballots}',
                    (select jsonb_agg(jsonb_build_object('DelegateId', r.data ->> 'DelegateId', 'Choice', r.data ->> 'Choice') order by (r.data ->> 'Cast')::int)
                     from {{store.Options.Schema.For<VoterRecord>()}} r where r.data ->> 'MotionId' = @motion))
                where id = @id;
                update {{store.Options.Schema.For<VoterRecord>()}} set data = data - 'Choice' - 'Cast' where data ->> 'MotionId' = @motion;
                """, connection);
            legacy.Parameters.AddWithValue("motion", motion.ToString());
            legacy.Parameters.AddWithValue("id", motion);
            await legacy.ExecuteNonQueryAsync();
        }
        Assert.NotEqual(expected, await BallotsShown(motion));

        var migration = app.Host.Services.GetServices<IHostedService>().OfType<NamedChoicesMigration>().Single();
        Assert.True(await migration.MigrateAsync(CancellationToken.None) >= 1);
        Assert.Equal(expected, await BallotsShown(motion));
        Assert.Equal(0, await migration.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task shows_the_same_ballots_and_tally_after_the_register_and_the_view_are_rebuilt()
    {
        var (assembly, delegates) = await app.Host.AnAssemblyWithDelegates(3);
        var motion = await app.Host.AMotionUnderVote(assembly, secret: false);
        string[] choices = ["yes", "abstain", "yes"];
        for (var i = 0; i < 3; i++) Assert.Equal(200, (await app.Host.Vote(motion, delegates[i], choices[i])).Status);
        Assert.Equal(200, (await app.Host.CloseVote(motion)).Status);
        var before = (await app.Host.Get($"/api/motions/{motion}")).Body!.ToJsonString();
        Assert.Equal(delegates.Select((d, i) => $"{d.Id}:{choices[i]}"), await BallotsShown(motion));

        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        using (var daemon = await store.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<VoteRegisterProjection>(CancellationToken.None);
            await daemon.RebuildProjectionAsync<MotionViewProjection>(CancellationToken.None);
        }
        Assert.Equal(before, (await app.Host.Get($"/api/motions/{motion}")).Body!.ToJsonString());
    }

    private async Task<string[]> BallotsShown(Guid motion)
    {
        var details = (await app.Host.Get($"/api/motions/{motion}")).Body!;
        var session = (await app.Host.Get($"/api/sessions/{details["sessionId"]!.GetValue<string>()}")).Body!;
        var fromSession = session["motions"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == motion.ToString())!["vote"]!["ballots"]!.ToJsonString();
        Assert.Equal(details["vote"]!["ballots"]!.ToJsonString(), fromSession);
        return details["vote"]!["ballots"]!.AsArray().Select(b => $"{b!["delegateId"]!.GetValue<string>()}:{b["choice"]?.GetValue<string>()}").ToArray();
    }
}
