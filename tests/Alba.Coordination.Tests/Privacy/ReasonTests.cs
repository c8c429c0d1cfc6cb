using Alba.Coordination.Delegates;
using Alba.Coordination.Privacy;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Alba.Coordination.Tests.Privacy;

/// <summary>
/// A rejection's or a revocation's reason is a note about the person: sealed with the person's key in the event and the
/// view, shown opened to those who may see the delegate, and unreadable once the person is erased.
/// </summary>
[Collection(PrivacyCollection.Name)]
public sealed class when_a_reason_is_given_about_a_person(PrivacyFixture fixture)
{
    private IAlbaHost Host => fixture.Host;

    [Fact]
    public async Task a_rejection_reason_is_stored_sealed_shown_opened_and_erased_with_the_person()
    {
        var organiser = await Host.Organiser();
        var assemblyId = await Host.AnAssembly();
        var registered = await Host.ARegisteredDelegate(assemblyId);
        var reason = $"Not a member of the movement {Guid.NewGuid():N}";

        Assert.Equal(200, (await Host.Decide(registered.Id, "reject", $"  {reason} ")).Status);

        Assert.Empty(await fixture.TablesHolding(reason));
        Assert.Equal(reason, (await Host.Get($"/api/delegates/{registered.Id}", organiser)).Get<string>("rejectionReason"));
        Assert.Equal(reason, await HistoryReason(registered.Id, organiser, "DelegateRejected"));
        Assert.Equal((reason, false), await ListedRejection(assemblyId, registered.Id, organiser));

        Assert.Equal(200, (await Host.Erase(registered.Id, organiser)).Status);
        var details = await Host.Get($"/api/delegates/{registered.Id}", organiser);
        Assert.Equal(PersonalRecord.ErasedText, details.Get<string>("rejectionReason"));
        // Said without words too, so each reader's page says "erased" in its own language.
        Assert.True(details.Get<bool>("rejectionReasonErased"));
        Assert.False(details.Get<bool>("revocationReasonErased"));
        Assert.Equal(PersonalRecord.ErasedText, await HistoryReason(registered.Id, organiser, "DelegateRejected"));
        Assert.True((await HistoryDetails(registered.Id, organiser, "DelegateRejected"))["reasonErased"]!.GetValue<bool>());
        Assert.Equal((PersonalRecord.ErasedText, true), await ListedRejection(assemblyId, registered.Id, organiser));
    }

    private async Task<(string? Reason, bool Erased)> ListedRejection(Guid assemblyId, Guid delegateId, Caller organiser)
    {
        var row = (await Host.Get($"/api/assemblies/{assemblyId}/delegates", organiser)).Body!.AsArray()
            .Single(d => d!["id"]!.GetValue<Guid>() == delegateId)!;
        return (row["rejectionReason"]?.GetValue<string>(), row["rejectionReasonErased"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_reason_written_in_clear_before_is_sealed_at_start_and_still_reads()
    {
        var organiser = await Host.Organiser();
        var assemblyId = await Host.AnAssembly();
        var movementId = await Host.AMovement();
        var person = await Host.ACheckedInPerson(assemblyId, movementId);
        var reason = $"Credential lent to someone else {Guid.NewGuid():N}";
        Assert.Equal(200, (await Host.Post($"/api/delegates/{person.Id}/revocation", new { reason }, organiser)).Status);
        // And a person erased before the migration runs: its reason is dropped, not sealed (nothing new is kept about it).
        var erased = await Host.ACheckedInPerson(assemblyId, movementId);
        var erasedReason = $"Credential lent to a neighbour {Guid.NewGuid():N}";
        Assert.Equal(200, (await Host.Post($"/api/delegates/{erased.Id}/revocation", new { reason = erasedReason }, organiser)).Status);
        Assert.Equal(200, (await Host.Erase(erased.Id, organiser)).Status);

        // The event and the view as the old code stored them: the reason in clear.
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        async Task WriteInClear(Guid delegateId, string clearReason)
        {
            await using var connection = new NpgsqlConnection(fixture.ConnectionString);
            await connection.OpenAsync();
            await using var events = new NpgsqlCommand(
                $"update {store.Options.Events.DatabaseSchemaName}.mt_events set data = (data - 'SealedReason') || jsonb_build_object('Reason', @reason) " +
                "where stream_id = @id and type = 'delegate_revoked'", connection);
            events.Parameters.AddWithValue("id", delegateId);
            events.Parameters.AddWithValue("reason", clearReason);
            Assert.Equal(1, await events.ExecuteNonQueryAsync());
            await using var view = new NpgsqlCommand(
                $"update {store.Options.Schema.For<DelegateView>()} set data = (data - 'SealedRevocationReason') || " +
                "jsonb_build_object('RevocationReason', @reason) where id = @id", connection);
            view.Parameters.AddWithValue("id", delegateId);
            view.Parameters.AddWithValue("reason", clearReason);
            Assert.Equal(1, await view.ExecuteNonQueryAsync());
        }
        await WriteInClear(person.Id, reason);
        await WriteInClear(erased.Id, erasedReason);
        Assert.Equal(["mt_doc_delegateview", "mt_events"], (await fixture.TablesHolding(reason)).Select(t => t.Split('.')[1]).Order());
        Assert.Equal(["mt_doc_delegateview", "mt_events"], (await fixture.TablesHolding(erasedReason)).Select(t => t.Split('.')[1]).Order());

        var migration = new PersonalDataMigration(store, Host.Services.GetRequiredService<PersonalVault>(), NullLogger<PersonalDataMigration>.Instance);
        Assert.True(await migration.SealClearReasonsAsync(CancellationToken.None) >= 1);
        Assert.Equal(0, await migration.SealClearReasonsAsync(CancellationToken.None));

        Assert.Empty(await fixture.TablesHolding(reason));
        Assert.Empty(await fixture.TablesHolding(erasedReason));
        await using (var session = store.QuerySession())
        {
            var revoked = (await session.Events.FetchStreamAsync(erased.Id)).Select(e => e.Data).OfType<DelegateRevoked>().Single();
            Assert.Null(revoked.SealedReason);
            Assert.Null((await session.LoadAsync<DelegateView>(erased.Id))!.SealedRevocationReason);
        }
        Assert.Equal(reason, (await Host.Get($"/api/delegates/{person.Id}", organiser)).Get<string>("revocationReason"));
        Assert.Equal(reason, await HistoryReason(person.Id, organiser, "DelegateRevoked"));
        // Rebuilt from the rewritten events: the same sealed reason, still opening.
        using (var daemon = await Host.Store().BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<DelegateViewProjection>(CancellationToken.None);
        Assert.Equal(reason, (await Host.Get($"/api/delegates/{person.Id}", organiser)).Get<string>("revocationReason"));
    }

    private async Task<string?> HistoryReason(Guid delegateId, Caller organiser, string type) =>
        (await HistoryDetails(delegateId, organiser, type))["reason"]!.GetValue<string>();

    private async Task<System.Text.Json.Nodes.JsonNode> HistoryDetails(Guid delegateId, Caller organiser, string type) =>
        (await Host.Get($"/api/delegates/{delegateId}/history", organiser)).Body!.AsArray()
        .Single(e => e!["type"]!.GetValue<string>() == type)!["details"]!;
}
