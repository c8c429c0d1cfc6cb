using System.Collections.Concurrent;
using System.Diagnostics;
using Alba.Coordination.Tests.Delegates;
using Alba.Coordination.Tests.Sessions;
using Alba.Coordination.Tests.Statements;
using Alba.Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Alba.Coordination.Tests.Foundation;

/// <summary>
/// What one request costs the database, seen from the client side through Npgsql's traces (one activity per command or
/// batch, with its SQL and the physical connection it ran on). The request's own work shares the request's trace id; the
/// group commit's writer serves many requests and runs outside them, so its work is recognised as a trace of its own on the
/// writers' pool. The async daemon's and Wolverine's background work (Marten's own pool, traces of their own) is not
/// counted. Transaction control (BEGIN, COMMIT), which Npgsql does not trace, is not counted either.
/// </summary>
public sealed class DatabaseCostMeter : IDisposable
{
    private readonly ActivityListener _traces;
    private readonly ConcurrentBag<Activity> _requests = [];
    private readonly ConcurrentBag<Activity> _commands = [];

    public DatabaseCostMeter()
    {
        _traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => (activity.Source.Name == "Npgsql" ? _commands : _requests).Add(activity),
        };
        ActivitySource.AddActivityListener(_traces);
    }

    /// <summary>The database cost of the one request made while measuring.</summary>
    public RequestCost OfTheRequest()
    {
        var request = Assert.Single(_requests);
        return Cost(_commands.Where(c => c.TraceId == request.TraceId || (c.Parent is null && OnTheWritersPool(c))).ToList());
    }

    private static RequestCost Cost(IReadOnlyList<Activity> commands)
    {
        var sql = commands.Select(c => c.GetTagItem("db.query.text") as string ?? "").ToList();
        return new RequestCost(sql.Sum(Statements), commands.Count,
            commands.Select(c => c.GetTagItem("db.npgsql.connection_id")).Distinct().Count(), sql);
    }

    /// <summary>The database cost of the group commit's batches made while measuring (outside any request's trace).</summary>
    public RequestCost OfTheGroupCommits() => Cost(_commands.Where(c => c.Parent is null && OnTheWritersPool(c)).ToList());

    private static bool OnTheWritersPool(Activity command) =>
        command.GetTagItem("db.npgsql.data_source") is string source && source.Contains("alba-writes", StringComparison.Ordinal);

    /// <summary>A batch is one round trip but as many statements as it holds, as PostgreSQL counts them.</summary>
    private static int Statements(string sql) =>
        sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Count(s => s.Length > 0);

    public void Dispose() => _traces.Dispose();
}

public sealed record RequestCost(int Statements, int RoundTrips, int Connections, IReadOnlyList<string> Sql)
{
    public override string ToString() =>
        $"{Statements} statements in {RoundTrips} round trips on {Connections} connection(s):\n{string.Join("\n---\n", Sql)}";
}

[Collection(AppCollection.Name)]
public class what_a_single_command_costs_the_database(AppFixture app, ITestOutputHelper output)
{
    public const int MaxConnections = 1;

    /// <summary>
    /// The cheaper of two commands sent one after the other. The token's access stamp is read per subject and kept a few
    /// seconds (Accounts/AccessStamps, on Marten's pool), so a command that comes just after that entry expired pays one more
    /// read on one more connection: per subject every few seconds, not per command. Of two commands in a row at most one
    /// can pay it on a machine where they are seconds apart, so the cheaper is the command's own cost.
    /// </summary>
    private static async Task<RequestCost> Cheaper(Func<Task> send)
    {
        var costs = new List<RequestCost>();
        for (var i = 0; i < 2; i++)
        {
            using var meter = new DatabaseCostMeter();
            await send();
            costs.Add(meter.OfTheRequest());
        }
        return costs.MinBy(c => (c.Connections, c.Statements))!;
    }

    /// <summary>
    /// Issue 17's goal. The lock, the assembly's events, the two place counts and the e-mail look-up in one round trip (a
    /// movement is read only when this node neither registered it nor read it before, Movements/KnownMovements: a movement
    /// is never removed); the append, its notification,
    /// the new person's data key (Privacy/PersonalVault, a row of its own so that an erasure deletes it without touching the
    /// sealed data), the person and the delegate's view in the commit.
    /// </summary>
    public const int MaxRegistrationStatements = 10;
    public const int MaxRegistrationRoundTrips = 2;

    [Fact]
    public async Task a_registration_runs_at_most_ten_statements_on_one_connection()
    {
        var assembly = await app.Host.AnAssembly();
        var organiser = await app.Host.Organiser();
        // Measured warm, as on a busy desk: the first registration of a process reads the e-mail index key (PersonalVault) and
        // checks the tables' schema once, and the token's access stamp is read once and kept a few seconds (AccessStamps).
        Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(await app.Host.AMovement()), organiser)).Status);
        Assert.Equal(200, (await app.Host.Get($"/api/assemblies/{assembly}", organiser)).Status);
        // Each measured registration is its movement's first: registered on this node, the movement is not read again.
        var movements = new[] { await app.Host.AMovement(), await app.Host.AMovement() };

        var next = 0;
        var cost = await Cheaper(async () =>
            Assert.Equal(201, (await app.Host.Register(assembly, DelegatesScenarios.RegistrationBody(movements[next++]), organiser)).Status));

        output.WriteLine(cost.ToString());
        Assert.True(cost.Statements <= MaxRegistrationStatements, cost.ToString());
        Assert.True(cost.RoundTrips <= MaxRegistrationRoundTrips, cost.ToString());
        Assert.True(cost.Connections <= MaxConnections, cost.ToString());
    }

    /// <summary>
    /// A command on the single-transaction path (no group commit): the delegate's lock and events (one round trip), the
    /// inline view's read of the delegate's view, then the append with its notification and the view in the commit: 6
    /// statements in 3 round trips, all on the one connection of the request's session.
    /// </summary>
    public const int MaxCheckInStatements = 6;
    public const int MaxCheckInRoundTrips = 3;

    [Fact]
    public async Task a_check_in_runs_at_most_six_statements_on_one_connection()
    {
        var assembly = await app.Host.AnAssembly();
        var warm = await app.Host.AnAccreditedDelegate(assembly);
        var measured = new[] { await app.Host.AnAccreditedDelegate(assembly), await app.Host.AnAccreditedDelegate(assembly) };
        var organiser = await app.Host.Organiser();
        object CheckIn() => new { station = "Puerta 1", scannedAt = DateTimeOffset.UtcNow.AddSeconds(-1), scanId = Guid.NewGuid().ToString("N") };
        Assert.Equal(200, (await app.Host.Post($"/api/delegates/{warm.Id}/check-ins", CheckIn(), organiser)).Status);

        var next = 0;
        var cost = await Cheaper(async () =>
            Assert.Equal(200, (await app.Host.Post($"/api/delegates/{measured[next++].Id}/check-ins", CheckIn(), organiser)).Status));

        output.WriteLine(cost.ToString());
        Assert.True(cost.Statements <= MaxCheckInStatements, cost.ToString());
        Assert.True(cost.RoundTrips <= MaxCheckInRoundTrips, cost.ToString());
        Assert.True(cost.Connections <= MaxConnections, cost.ToString());
    }

    /// <summary>
    /// A ballot alone is one batch of one: 11 statements in 3 round trips. The one above ten is the inline motion view
    /// reading its document before it applies the ballot (Sessions' MotionView); in a batch it is paid once for all ballots
    /// (see when_ballots_of_one_motion_queue_behind_a_held_lock).
    /// </summary>
    public const int MaxBallotStatementsAlone = 11;
    public const int MaxBallotRoundTripsAlone = 3;

    [Fact]
    public async Task a_ballot_alone_runs_eleven_statements_on_one_connection()
    {
        var assembly = await app.Host.AnAssemblyWithDelegates(1);
        var motionId = await app.Host.AMotionUnderVote(assembly.AssemblyId, secret: false);
        Assert.Equal(200, (await app.Host.Get($"/api/motions/{motionId}", assembly.Delegates[0])).Status);

        RequestCost cost;
        using (var meter = new DatabaseCostMeter())
        {
            Assert.Equal(200, (await app.Host.Vote(motionId, assembly.Delegates[0], "yes")).Status);
            cost = meter.OfTheRequest();
        }

        output.WriteLine(cost.ToString());
        Assert.True(cost.Statements <= MaxBallotStatementsAlone, cost.ToString());
        Assert.True(cost.RoundTrips <= MaxBallotRoundTripsAlone, cost.ToString());
        Assert.True(cost.Connections <= MaxConnections, cost.ToString());
    }

    /// <summary>
    /// A signature alone is one batch of one: the statement's lock and events, then the append with its inline views in the
    /// commit: 8 statements on one connection (the writers' pool), the statements the row-lock path ran.
    /// </summary>
    public const int MaxSignatureStatementsAlone = 8;
    public const int MaxSignatureRoundTripsAlone = 4;

    [Fact]
    public async Task a_signature_alone_runs_at_most_eight_statements_on_one_connection()
    {
        var initiator = await app.Host.AParty();
        var signer = await app.Host.AParty();
        var id = await app.Host.AnOpenStatement(initiator);
        Assert.Equal(200, (await app.Host.Get($"/api/statements/{id}", signer.Rep)).Status);

        RequestCost cost;
        using (var meter = new DatabaseCostMeter())
        {
            Assert.Equal(201, (await app.Host.Sign(id, signer, 1)).Status);
            cost = meter.OfTheRequest();
        }

        output.WriteLine(cost.ToString());
        Assert.True(cost.Statements <= MaxSignatureStatementsAlone, cost.ToString());
        Assert.True(cost.RoundTrips <= MaxSignatureRoundTripsAlone, cost.ToString());
        Assert.True(cost.Connections <= MaxConnections, cost.ToString());
    }
}
