using Npgsql;

namespace Alba.Coordination.Infrastructure;

/// <summary>
/// The Marten sessions HTTP requests work in (Wolverine's endpoints open theirs through this factory), on connection
/// pools of their own: one for reads, one for writes, each with bounded waits. So commands queued on a locked stream
/// can use up at most the writers' pool, never the readers' nor the pool of the async daemon, the live feed,
/// Wolverine's durability agent and the health check (Marten's own data source). Every wait is bounded:
/// <list type="bullet">
/// <item><c>lock_timeout</c>: a command waits this long for a stream's row lock, then answers 503 with Retry-After;</item>
/// <item><c>statement_timeout</c>: no statement runs longer;</item>
/// <item><c>idle_in_transaction_session_timeout</c>: a writer stalled inside its transaction is cut off, so it cannot hold
/// the event sequence's high-water mark (and with it every live push) for long;</item>
/// <item>the pool's <c>Timeout</c>: a request waits this long for a connection when its pool is exhausted.</item>
/// </list>
/// </summary>
public sealed class RequestSessions(IDocumentStore store, RequestPools pools, IHttpContextAccessor http) : SessionFactoryBase(store)
{
    public override Marten.Services.SessionOptions BuildOptions()
    {
        var method = http.HttpContext?.Request.Method;
        var pool = method is not null && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) ? pools.Reads : pools.Writes;
        return Marten.Services.SessionOptions.ForConnection(pool.CreateConnection()).WithTracking(DocumentTracking.None);
    }
}

/// <summary>The requests' two connection pools (see <see cref="RequestSessions"/>); the group commit writes through the writers' pool too.</summary>
public sealed class RequestPools : IDisposable
{
    public RequestPools(IConfiguration configuration)
    {
        var limits = RequestDatabaseLimits.From(configuration);
        var connectionString = HostSetup.ConnectionString(configuration);
        Reads = Observability.NamedPool(limits.Apply(connectionString, "alba-reads", limits.ReadPoolSize), "alba-reads");
        Writes = Observability.NamedPool(limits.Apply(connectionString, "alba-writes", limits.WritePoolSize), "alba-writes");
    }

    public NpgsqlDataSource Reads { get; }

    public NpgsqlDataSource Writes { get; }

    public void Dispose()
    {
        Reads.Dispose();
        Writes.Dispose();
    }
}

/// <summary>
/// Configuration <c>Alba:Database</c>: the bounds of the request pools (seconds and connections) and, optionally, the
/// PostgreSQL role they log in as (<c>User</c>, <c>Password</c>; by default the role of <c>ALBA_DB</c>). A role of their own
/// tells the requests' statements from the background's (async daemon, live feed, Wolverine's agents, which keep
/// <c>ALBA_DB</c>'s) in the server's statistics (<c>pg_stat_statements.userid</c>): the benchmark's profile does so. The role
/// must be able to use the tables <c>ALBA_DB</c>'s role creates (e.g. a member of it).
/// </summary>
public sealed record RequestDatabaseLimits
{
    public string? User { get; init; }
    public string? Password { get; init; }
    public int LockTimeoutSeconds { get; init; } = 5;
    public int StatementTimeoutSeconds { get; init; } = 15;
    public int IdleInTransactionTimeoutSeconds { get; init; } = 10;
    public int ConnectionWaitSeconds { get; init; } = 5;
    public int ReadPoolSize { get; init; } = 40;
    public int WritePoolSize { get; init; } = 40;
    /// <summary>
    /// How many statements each connection keeps prepared on the server (Npgsql's automatic preparation), on every pool of
    /// the app: the requests' and Marten's own; 0: none.
    /// </summary>
    public int PreparedStatementsPerConnection { get; init; } = 64;

    public static RequestDatabaseLimits From(IConfiguration configuration) =>
        configuration.GetSection("Alba:Database").Get<RequestDatabaseLimits>() ?? new RequestDatabaseLimits();

    /// <summary>
    /// The connection string with Npgsql's automatic preparation: the app's statements are the same few texts again and
    /// again (a command's, the async daemon's cycle, the live feed's page), so each connection prepares a text from its
    /// second use and no longer has it parsed, analysed and planned on every execution (docs/benchmarks.md). Npgsql then
    /// resets a returned connection without <c>DISCARD ALL</c>, which would drop what it prepared.
    /// </summary>
    public string Prepared(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = PreparedStatementsPerConnection, AutoPrepareMinUsages = 2 }.ConnectionString;

    public string Apply(string connectionString, string applicationName, int poolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(Prepared(connectionString))
        {
            ApplicationName = applicationName,
            MaxPoolSize = poolSize,
            Timeout = ConnectionWaitSeconds,
            // The server ends an over-long statement first; the client's own bound is a backstop.
            CommandTimeout = StatementTimeoutSeconds + 5,
        };
        if (User is { Length: > 0 })
        {
            builder.Username = User;
            builder.Password = Password;
        }
        builder.Options = ($"{builder.Options} -c lock_timeout={LockTimeoutSeconds}s -c statement_timeout={StatementTimeoutSeconds}s "
                           + $"-c idle_in_transaction_session_timeout={IdleInTransactionTimeoutSeconds}s").Trim();
        return builder.ConnectionString;
    }
}
