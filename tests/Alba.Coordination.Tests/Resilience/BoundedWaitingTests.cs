using System.Diagnostics;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Support;
using Npgsql;

namespace Alba.Coordination.Tests.Resilience;

[Collection(FaultsCollection.Name)]
public class when_one_assemblys_stream_is_locked(FaultsFixture faults)
{
    // Room for a new pooled connection or two while twelve commands open theirs; far below the lock timeout they wait.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(800);

    [Fact]
    public async Task its_commands_answer_503_with_retry_after_within_the_bound_while_everything_else_answers_as_usual()
    {
        var organiser = await faults.Host.Organiser();
        var locked = await faults.Host.AnAssembly();
        var other = await faults.Host.AnAssembly();

        List<Task<(Answer Answer, TimeSpan Took)>> Unrelated(string registration) =>
        [
            Timed(() => faults.Host.Post($"/api/assemblies/{other}/registration/{registration}", null, organiser)),
            Timed(() => faults.Host.Get($"/api/assemblies/{other}/attendance")),
            Timed(() => faults.Host.Get($"/api/assemblies/{locked}/attendance")),
            Timed(() => faults.Host.Get("/api/movements")),
            Timed(() => faults.Host.Get("/health")),
        ];
        // The usual time, measured here on this (shared, loaded) machine: the same requests without a lock held.
        var usual = (await Task.WhenAll(Unrelated("closing"))).Max(r => r.Took);

        await using var holder = await HoldStreamLock(locked);
        var onLocked = Enumerable.Range(0, 12).Select(i => Timed(() => faults.Host.Post(
            $"/api/assemblies/{locked}/registration/{(i % 2 == 0 ? "closing" : "opening")}", null, organiser))).ToList();
        var unrelated = Unrelated("opening");

        foreach (var (answer, took) in await Task.WhenAll(unrelated))
        {
            Assert.True(answer.Status == 200, $"{answer.Response.RequestMessage!.RequestUri} answered {answer.Status}: {answer.Body?.ToJsonString()}");
            Assert.True(took < usual + Margin,
                $"{answer.Response.RequestMessage!.RequestUri} took {took.TotalMilliseconds:F0} ms (usual: {usual.TotalMilliseconds:F0} ms)");
        }
        foreach (var (answer, took) in await Task.WhenAll(onLocked))
        {
            Assert.Equal(503, answer.Status);
            Assert.Equal(TimeSpan.FromSeconds(2), answer.Response.Headers.RetryAfter?.Delta);
            Assert.Contains("nothing was saved", answer.Body!["detail"]!.GetValue<string>());
            // Each waits at most the lock timeout once it reaches the database; the last of 12 also waits for the writers
            // ahead of it, one lock timeout each at worst on this queue, so the bound is generous but finite.
            Assert.True(took < TimeSpan.FromSeconds(FaultsFixture.LockTimeoutSeconds * 12 + 5), $"a locked command took {took.TotalSeconds:F1} s");
        }

        await holder.RollbackAsync();
        Assert.Equal(200, (await faults.Host.Post($"/api/assemblies/{locked}/registration/opening", null, organiser)).Status);
    }

    [Fact]
    public async Task a_push_is_stamped_after_the_wait_for_the_lock_not_when_its_transaction_began()
    {
        var organiser = await faults.Host.Organiser();
        var assembly = await faults.Host.AnAssembly();
        await using var client = await LiveClient.Connect(faults.Host);
        await client.Join($"assembly:{assembly}");

        var holder = await HoldStreamLock(assembly);
        var closing = faults.Host.Post($"/api/assemblies/{assembly}/registration/closing", null, organiser);
        // The command waits on the lock meanwhile; the hold stays well inside the 1 s lock timeout, as a loaded run is slow to release.
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var released = DateTimeOffset.UtcNow;
        await holder.RollbackAsync();
        await holder.DisposeAsync();
        Assert.Equal(200, (await closing).Status);
        var answered = DateTimeOffset.UtcNow;

        var update = await client.WaitFor(u => u.Kind == "RegistrationClosed" && u.StreamId == assembly);
        Assert.InRange(update.At, released - TimeSpan.FromMilliseconds(50), answered);
    }

    private static async Task<(Answer, TimeSpan)> Timed(Func<Task<Answer>> request)
    {
        var clock = Stopwatch.StartNew();
        var answer = await request();
        return (answer, clock.Elapsed);
    }

    /// <summary>Another writer's transaction holding the stream's row lock, as a stalled command would.</summary>
    private async Task<LockHolder> HoldStreamLock(Guid streamId)
    {
        var connection = new NpgsqlConnection(faults.DirectConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("select 1 from alba.mt_streams where id = $1 for update", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = streamId });
        Assert.NotNull(await command.ExecuteScalarAsync());
        return new LockHolder(connection, transaction);
    }

    private sealed class LockHolder(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task RollbackAsync() => transaction.Connection is null ? Task.CompletedTask : transaction.RollbackAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
