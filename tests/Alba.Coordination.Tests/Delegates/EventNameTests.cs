using Alba.Coordination.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Alba.Coordination.Tests.Delegates;

[Collection(AppCollection.Name)]
public class a_renamed_event_still_loads(AppFixture app)
{
    /// <summary>
    /// <c>DelegateWithdrew</c> was renamed <c>DelegateWithdrawn</c>. A withdrawal stored before the rename, as that version wrote
    /// it (type name and CLR type of the old record), must still load as the new type and count in the delegate's views.
    /// </summary>
    [Fact]
    public async Task a_withdrawal_stored_under_the_old_name_reads_back_as_DelegateWithdrawn()
    {
        var registered = await app.Host.ARegisteredDelegate(await app.Host.AnAssembly());
        var store = app.Host.Services.GetRequiredService<IDocumentStore>();
        var at = DateTimeOffset.UtcNow;
        var data = $$"""{"DelegateId":"{{registered.Id}}","AssemblyId":"{{registered.AssemblyId}}","By":"{{Guid.Empty}}","At":"{{at:O}}"}""";

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var append = new NpgsqlCommand("""
                insert into alba.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
                values (nextval('alba.mt_events_sequence'), @id, @stream, 2, @data::jsonb, 'delegate_withdrew', now(), '*DEFAULT*',
                        'Alba.Coordination.Delegates.DelegateWithdrew, Alba.Coordination');
                update alba.mt_streams set version = 2 where id = @stream;
                """, connection);
            append.Parameters.AddWithValue("id", Guid.CreateVersion7());
            append.Parameters.AddWithValue("stream", registered.Id);
            append.Parameters.AddWithValue("data", data);
            await append.ExecuteNonQueryAsync();
        }

        await using var session = store.LightweightSession();
        var events = await session.Events.FetchStreamAsync(registered.Id);
        var withdrawn = Assert.IsType<DelegateWithdrawn>(events.Single(e => e.Version == 2).Data);
        Assert.Equal(registered.Id, withdrawn.DelegateId);
        var state = await session.Events.AggregateStreamAsync<DelegateState>(registered.Id);
        Assert.Equal(DelegateStatus.Withdrawn, state!.Status);
    }
}
