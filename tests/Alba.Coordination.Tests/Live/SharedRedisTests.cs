using Alba.Coordination.Live;
using Alba.Coordination.Tests.Support;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// The backplane's Redis channels carry the database's name (docs/operations.md, "Several nodes"): two deployments on two
/// databases sharing one Redis, each pushing to a group of the same name, must each get their own pushes and never the other's.
/// </summary>
public sealed class two_deployments_sharing_one_redis
{
    [Fact]
    public async Task each_client_gets_its_own_deployments_pushes_and_none_of_the_others()
    {
        var redis = await TestRedis.ConnectionStringAsync();
        await using var first = await Deployment("redis_one", redis);
        await using var second = await Deployment("redis_two", redis);
        await using var firstClient = await LiveClient.Connect(first);
        await using var secondClient = await LiveClient.Connect(second);
        await firstClient.Join(LiveGroups.Movements);
        await secondClient.Join(LiveGroups.Movements);

        var inFirst = await first.AMovement();
        var inSecond = await second.AMovement();
        await firstClient.WaitFor(update => update.StreamId == inFirst);
        await secondClient.WaitFor(update => update.StreamId == inSecond);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a copy through the shared channels would have come by now

        Assert.DoesNotContain(firstClient.Received, update => update.StreamId == inSecond);
        Assert.DoesNotContain(secondClient.Received, update => update.StreamId == inFirst);
    }

    private static async Task<IAlbaHost> Deployment(string database, string redis)
    {
        var connectionString = await TestDatabase.ConnectionStringAsync(database);
        return await AlbaHost.For<Program>(builder =>
        {
            builder.UseSetting("ALBA_DB", connectionString);
            builder.UseSetting("ALBA_REDIS", redis);
            builder.UseSetting("ALBA_ORGANISER_EMAIL", AppFixture.OrganiserEmail);
            builder.UseSetting("ALBA_ORGANISER_PASSWORD", AppFixture.OrganiserPassword);
        });
    }
}
