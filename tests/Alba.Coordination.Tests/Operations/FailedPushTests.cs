using Alba.Coordination.Infrastructure;
using Alba.Coordination.Live;
using Alba.Coordination.Tests.Mobilisations;
using Alba.Coordination.Tests.Resilience;
using Alba.Coordination.Tests.Support;
using Npgsql;

namespace Alba.Coordination.Tests.Operations;

/// <summary>
/// A push that cannot be recorded — here the update log is taken away for two seconds — is tried again and recorded when
/// the database takes it, with the pushes after it in order, instead of being filed as a dead letter and lost for good.
/// </summary>
[Collection(FaultsCollection.Name)]
public class a_push_that_cannot_be_recorded(FaultsFixture faults)
{
    private const string Log = $"{HostSetup.Schema}.{LiveUpdateLog.TableName}";

    [Fact]
    public async Task is_recorded_when_the_database_takes_it_and_the_next_ones_follow_in_order()
    {
        var before = await faults.Host.AMovement();
        await when_the_live_feed_lags.Until(async () => await PushesOf(before) == 1, "the first movement pushed", seconds: 15);

        await Execute($"alter table {Log} rename to {LiveUpdateLog.TableName}_away");
        Guid during, after;
        try
        {
            during = await faults.Host.AMovement();
            after = await faults.Host.AMovement();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            await Execute($"alter table {Log}_away rename to {LiveUpdateLog.TableName}");
        }

        await when_the_live_feed_lags.Until(async () => await PushesOf(during) == 1 && await PushesOf(after) == 1,
            "both movements registered while the log was away pushed once", seconds: 30);
        Assert.True(await PositionOf(during) < await PositionOf(after));
        Assert.Equal(0L, await DeadLettersNaming(during));
    }

    /// <summary>
    /// A push handler that fails after gathering its push — offering a public push to partners reads the partners, taken
    /// away here for two seconds — is tried again where it stands: the call is pushed once, to each of its groups, when the
    /// table returns, and is not a dead letter.
    /// </summary>
    [Fact]
    public async Task whose_handler_fails_after_pushing_is_tried_again_and_pushed_once()
    {
        var convener = await faults.Host.AMovement();
        var before = await faults.Host.ACall(convener);
        await when_the_live_feed_lags.Until(async () => await PushesOf(before) > 0, "the first call pushed", seconds: 15);
        var groupsOfACall = await PushesOf(before);

        const string partners = $"{HostSetup.Schema}.mt_doc_partner";
        await Execute($"alter table {partners} rename to mt_doc_partner_away");
        Guid during;
        try
        {
            during = await faults.Host.ACall(convener);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(0L, await PushesOf(during));
        }
        finally
        {
            await Execute($"alter table {partners}_away rename to mt_doc_partner");
        }

        await when_the_live_feed_lags.Until(async () => await PushesOf(during) == groupsOfACall,
            "the call made while the partners were away pushed to each of its groups", seconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(groupsOfACall, await PushesOf(during));
        Assert.Equal(0L, await DeadLettersNaming(during));
    }

    /// <summary>Marten creates its dead-letter table with the first dead letter, so no table means none.</summary>
    private async Task<long> DeadLettersNaming(Guid stream)
    {
        await using var connection = await Open();
        await using var exists = new NpgsqlCommand($"select to_regclass('{HostSetup.Schema}.mt_doc_deadletterevent') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        await using var count = new NpgsqlCommand(
            $"select count(*) from {HostSetup.Schema}.mt_doc_deadletterevent where data::text like '%' || @stream || '%'", connection);
        count.Parameters.AddWithValue("stream", stream.ToString());
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<NpgsqlConnection> Open()
    {
        var connection = new NpgsqlConnection(faults.DirectConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task Execute(string sql)
    {
        await using var connection = await Open();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> PushesOf(Guid stream)
    {
        await using var connection = await Open();
        await using var count = new NpgsqlCommand($"select count(*) from {Log} where stream_id = @stream", connection);
        count.Parameters.AddWithValue("stream", stream);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private async Task<long> PositionOf(Guid stream)
    {
        await using var connection = await Open();
        await using var read = new NpgsqlCommand($"select min(position) from {Log} where stream_id = @stream", connection);
        read.Parameters.AddWithValue("stream", stream);
        return (long)(await read.ExecuteScalarAsync())!;
    }
}
