using Alba.Coordination.Infrastructure;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Alba.Coordination.Tests.Live;

/// <summary>
/// The daemon's wake-up (AppendWakeup): a commit's signal is never lost, many signals wake the agent once, and the agent is
/// woken at most once per interval. Waits that must end are bounded by <see cref="Guard"/>; a wait that must not end is given an
/// hour and checked still running.
/// </summary>
public class the_daemons_wakeup
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();

    private AppendWakeup Wakeup() => new(Interval, null, _clock, NullLogger<AppendWakeup>.Instance);

    [Fact]
    public async Task a_commit_signalled_while_the_agent_was_busy_ends_its_next_wait_at_once()
    {
        using var wakeup = Wakeup();
        wakeup.Appended();

        await wakeup.WaitAsync(Hour, CancellationToken.None).WaitAsync(Guard);
    }

    [Fact]
    public async Task many_commits_signalled_at_once_wake_the_agent_once()
    {
        using var wakeup = Wakeup();
        wakeup.Appended();
        wakeup.Appended();
        wakeup.Appended();
        await wakeup.WaitAsync(Hour, CancellationToken.None).WaitAsync(Guard);
        _clock.Advance(Interval);

        var next = wakeup.WaitAsync(Hour, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(next.IsCompleted, "no commit since the last wake-up, yet the agent was woken again");

        wakeup.Appended();
        await next.WaitAsync(Guard);
    }

    [Fact]
    public async Task the_agent_is_woken_at_most_once_per_interval()
    {
        using var wakeup = Wakeup();
        wakeup.Appended();
        await wakeup.WaitAsync(Hour, CancellationToken.None).WaitAsync(Guard);

        _clock.Advance(Interval / 5);
        wakeup.Appended();
        var soon = wakeup.WaitAsync(Hour, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(soon.IsCompleted, "woken again a fifth of the interval after the last wake-up");

        _clock.Advance(Interval);
        await soon.WaitAsync(Guard);

        // Once the interval has passed since the last wake-up, a commit wakes the agent at once.
        _clock.Advance(Interval);
        wakeup.Appended();
        await wakeup.WaitAsync(Hour, CancellationToken.None).WaitAsync(Guard);
    }
}

/// <summary>With PostgreSQL: commits that append events signal, commits that do not stay quiet, and other nodes are told.</summary>
public class the_daemons_wakeup_on_the_database : IAsyncLifetime
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private string _connectionString = "";

    private sealed record Noted(string Text);

    private sealed class Note
    {
        public Guid Id { get; set; }
    }

    public async Task InitializeAsync() => _connectionString = await TestDatabase.ConnectionStringAsync("wakeup");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task a_commit_that_appends_events_signals_and_one_that_does_not_stays_quiet()
    {
        using var wakeup = new AppendWakeup(TimeSpan.Zero, null, TimeProvider.System, NullLogger<AppendWakeup>.Instance);
        await using var store = DocumentStore.For(options =>
        {
            options.Connection(_connectionString);
            options.DatabaseSchemaName = "append_wakeup";
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Listeners.Add(wakeup);
        });

        await using (var session = store.LightweightSession())
        {
            session.Store(new Note { Id = Guid.NewGuid() });
            await session.SaveChangesAsync();
        }
        var quiet = wakeup.WaitAsync(Hour, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(quiet.IsCompleted, "a commit that appended no event woke the daemon");

        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream(Guid.NewGuid(), new Noted("appended"));
            await session.SaveChangesAsync();
        }
        await quiet.WaitAsync(Guard);
    }

    [Fact]
    public async Task another_node_is_told_of_this_nodes_appends()
    {
        using var here = new AppendWakeup(TimeSpan.Zero, AppendWakeup.OtherNodesPool(_connectionString), TimeProvider.System,
            NullLogger<AppendWakeup>.Instance);
        using var there = new AppendWakeup(TimeSpan.Zero, AppendWakeup.OtherNodesPool(_connectionString), TimeProvider.System,
            NullLogger<AppendWakeup>.Instance);
        using var stopping = new CancellationTokenSource();
        var telling = here.TellOtherNodes(stopping.Token);
        // The other node listens from its first wait on.
        await there.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None);

        var woken = there.WaitAsync(Hour, CancellationToken.None);
        here.Appended();
        await woken.WaitAsync(Guard);

        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => telling);
    }
}

/// <summary>The app's store is woken by AppendWakeup, not by a NOTIFY in every appending transaction.</summary>
[Collection(AppCollection.Name)]
public class the_apps_daemon_wakeup(AppFixture app)
{
    [Fact]
    public void commits_wake_the_daemon_through_the_apps_wakeup()
    {
        var wakeup = app.Host.Services.GetRequiredService<AppendWakeup>();
        var options = (StoreOptions)app.Host.Services.GetRequiredService<IDocumentStore>().Options;

        Assert.False(options.Events.UseListenNotifyForEventAppends);
        Assert.Same(wakeup, options.Projections.Wakeup);
        Assert.Contains(wakeup, options.Listeners);
    }

    /// <summary>
    /// Both ways a command commits reach the wake-up: a Wolverine handler's transaction (opening a statement for signature)
    /// and a group commit's own session (a signature). Each answer comes after its commit, so its signal is already counted.
    /// </summary>
    [Fact]
    public async Task a_handlers_commit_and_a_group_commit_each_signal_the_daemon_before_the_answer()
    {
        var wakeup = app.Host.Services.GetRequiredService<AppendWakeup>();
        var initiator = await app.Host.AParty();
        var statementId = await app.Host.ADraft(initiator);

        var beforeOpening = wakeup.CommitsSignalled;
        Assert.Equal(200, (await app.Host.OpenForSignature(statementId, initiator.Rep)).Status);
        Assert.True(wakeup.CommitsSignalled > beforeOpening, "opening the statement (a Wolverine handler's commit) did not signal the daemon");

        var beforeSigning = wakeup.CommitsSignalled;
        Assert.Equal(201, (await app.Host.Sign(statementId, initiator, 1)).Status);
        Assert.True(wakeup.CommitsSignalled > beforeSigning, "a signature (a group commit) did not signal the daemon");
    }
}
