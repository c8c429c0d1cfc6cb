using Npgsql;

namespace Alba.Coordination.Bench;

public sealed record StatementCost(string Query, long Calls, double TotalMs);

/// <summary>
/// What a set of statements cost per command. <paramref name="Statements"/> leaves out transaction control (BEGIN, COMMIT,
/// ROLLBACK), counted apart in <paramref name="TransactionControl"/>, and the reset that Npgsql sends when a returned pooled
/// connection is taken out again, counted apart in <paramref name="ResetStatements"/>: <c>DISCARD ALL</c>, or, on a
/// connection that keeps prepared statements, the seven statements that reset it all but those. One reset is one
/// check-out (<paramref name="CheckOuts"/>; a pool that opened a new physical connection sends none, so the first commands
/// may show fewer).
/// </summary>
public sealed record StatementSet(double Statements, double TransactionControl, double ResetStatements, double CheckOuts, double DatabaseMs,
    IReadOnlyList<StatementCost> Top);

/// <summary>One command's profile: the statements run under the requests' role (the command's own) and the rest (the background).</summary>
public sealed record CommandProfile(StatementSet Own, StatementSet Background);

/// <summary>
/// PostgreSQL's own account (pg_stat_statements) of what one HTTP command costs the database, split by role: the app's
/// request pools (endpoints and the group commit's batches) log in as <see cref="RequestRole"/>, everything else the app
/// runs (async daemon, live feed, Wolverine's durability agent, partner outbox) as the connection string's role, so the
/// server itself tells a command's own statements from the background's. Only this database's statistics are reset.
/// </summary>
public sealed class DatabaseProfile(string connectionString)
{
    /// <summary>The role of the app's request pools in the benchmark: a member of the connection string's role, so it uses the tables that role creates.</summary>
    public const string RequestRole = "alba_bench_requests";

    /// <summary>Creates <see cref="RequestRole"/> (password as the connection string's) unless it exists; the app is then told to log its requests in as it.</summary>
    public static async Task EnsureRequestRoleAsync(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Role names and passwords cannot be parameters; both come from this program and its connection string, quoted.
        await using var create = new NpgsqlCommand($"""
            do $$ begin
              if not exists (select from pg_roles where rolname = '{RequestRole}') then
                create role {RequestRole} login password {Quoted(settings.Password ?? "")} in role "{settings.Username!.Replace("\"", "\"\"")}";
              end if;
            end $$
            """, connection);
        await create.ExecuteNonQueryAsync();
    }

    private static string Quoted(string text) => "'" + text.Replace("'", "''") + "'";

    public async Task<bool> ResetAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        try
        {
            // This database's statistics only: other databases on the server keep theirs.
            await using var create = new NpgsqlCommand("""
                create extension if not exists pg_stat_statements;
                select pg_stat_statements_reset(0::oid, (select oid from pg_database where datname = current_database()), 0::bigint);
                """, connection);
            await create.ExecuteNonQueryAsync();
            return true;
        }
        catch (PostgresException)
        {
            return false; // the server was started without the library: profiles are left out
        }
    }

    public async Task<CommandProfile> ReadAsync(int commands)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""
            select r.rolname = $1, regexp_replace(left(query, 90), '\s+', ' ', 'g'), calls, total_exec_time
            from pg_stat_statements s join pg_database d on d.oid = s.dbid join pg_roles r on r.oid = s.userid
            where d.datname = current_database() and query not like '%pg_stat_statements%'
            order by total_exec_time desc
            """, connection);
        query.Parameters.Add(new NpgsqlParameter<string> { TypedValue = RequestRole });
        var rows = new List<(bool Own, StatementCost Cost)>();
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((reader.GetBoolean(0), new StatementCost(reader.GetString(1), reader.GetInt64(2), reader.GetDouble(3))));
        return new CommandProfile(Set(rows.Where(r => r.Own).Select(r => r.Cost).ToList(), commands),
            Set(rows.Where(r => !r.Own).Select(r => r.Cost).ToList(), commands));
    }

    private static readonly string[] TransactionControl = ["BEGIN", "COMMIT", "ROLLBACK"];

    /// <summary>Npgsql's resets of a pooled connection: <c>DISCARD ALL</c>, or the statements that keep prepared ones.</summary>
    private static readonly string[] Reset =
    [
        "DISCARD ALL", "SET SESSION AUTHORIZATION DEFAULT", "RESET ALL", "SELECT pg_advisory_unlock_all()", "CLOSE ALL", "UNLISTEN *",
        "DISCARD SEQUENCES", "DISCARD TEMP",
    ];

    /// <summary>The one statement of each kind of reset, so that a check-out is counted once.</summary>
    private static readonly string[] OnePerReset = ["DISCARD ALL", "RESET ALL"];

    private static StatementSet Set(IReadOnlyList<StatementCost> rows, int commands)
    {
        bool Is(StatementCost row, string verb) => row.Query.StartsWith(verb, StringComparison.OrdinalIgnoreCase);
        var resets = rows.Where(r => Reset.Any(verb => Is(r, verb))).ToList();
        var transactions = rows.Where(r => TransactionControl.Any(verb => Is(r, verb))).ToList();
        var statements = rows.Except(resets).Except(transactions).ToList();
        double PerCommand(IEnumerable<StatementCost> some) => some.Sum(r => r.Calls) / (double)commands;
        return new StatementSet(PerCommand(statements), PerCommand(transactions), PerCommand(resets),
            PerCommand(resets.Where(r => OnePerReset.Any(verb => Is(r, verb)))), rows.Sum(r => r.TotalMs) / commands, rows.Take(3).ToList());
    }
}
