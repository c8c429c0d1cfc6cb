using Npgsql;

namespace Alba.Coordination.Bench;

public sealed record StatementCost(string Query, long Calls, double TotalMs);

/// <summary>
/// <paramref name="CheckOutsPerCommand"/> counts <c>DISCARD ALL</c>, which Npgsql sends when a pooled connection that was
/// returned is taken out again: one per pool check-out after the first use of a connection.
/// </summary>
public sealed record CommandProfile(double StatementsPerCommand, double DatabaseMsPerCommand, double CheckOutsPerCommand, IReadOnlyList<StatementCost> Top);

/// <summary>
/// PostgreSQL's own account (pg_stat_statements) of what one HTTP command costs the database:
/// how many statements it runs and how long they take, to tell database time from app time.
/// </summary>
public sealed class DatabaseProfile(string connectionString)
{
    public async Task<bool> ResetAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        try
        {
            await using var create = new NpgsqlCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset();", connection);
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
            select regexp_replace(left(query, 90), '\s+', ' ', 'g'), calls, total_exec_time
            from pg_stat_statements s join pg_database d on d.oid = s.dbid
            where d.datname = current_database() and query not like '%pg_stat_statements%'
            order by total_exec_time desc
            """, connection);
        var rows = new List<StatementCost>();
        await using (var reader = await query.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(new StatementCost(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        var discards = rows.Where(r => r.Query.StartsWith("DISCARD ALL", StringComparison.OrdinalIgnoreCase)).Sum(r => r.Calls);
        return new CommandProfile(rows.Sum(r => r.Calls) / (double)commands, rows.Sum(r => r.TotalMs) / commands, discards / (double)commands,
            rows.Take(3).ToList());
    }
}
