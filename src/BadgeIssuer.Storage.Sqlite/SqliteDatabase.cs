// The operations every SQLite store is built from. Reads open a pooled connection of their own; every write is a single
// statement (atomic on its own) handed to the group-commit writer (SqliteWriter). Statements are constant SQL with
// named parameters: no value is ever pasted into SQL text. A write that runs while a state change offers its audit entry
// (AuditContext.TakePending) carries the entry along, and the writer inserts it in the same savepoint.
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Ports;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Reads, writes through the group-commit writer, and the outcomes the ports speak in.</summary>
public sealed class SqliteDatabase(SqliteConnections connections, SqliteWriter writer)
{
    private const int SqliteConstraint = 19;

    /// <summary>The full path of the database file.</summary>
    public string FilePath => connections.FilePath;

    /// <summary>Runs one INSERT; a unique-constraint violation is <see cref="WriteOutcome.Conflict"/>, not an exception.</summary>
    public async Task<WriteOutcome> InsertAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(sql, parameters, cancellationToken);
            return WriteOutcome.Written;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            return WriteOutcome.Conflict;
        }
    }

    /// <summary>
    /// Runs a conditional UPDATE of one row (a version or a lease it expects, in its WHERE clause, with the row's id as
    /// <c>$id</c>), possibly followed in <paramref name="sql"/> by statements that write only when it changed the row
    /// (<c>WHERE changes() = 1</c>); when it changed nothing, <paramref name="exists"/> (a count by <c>$id</c>) tells a
    /// stale condition (<see cref="WriteOutcome.Conflict"/>) from a missing row.
    /// </summary>
    public async Task<WriteOutcome> UpdateAsync(string sql, string exists, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (await ExecuteAsync(sql, parameters, cancellationToken) > 0) return WriteOutcome.Written;
        long? found = await ScalarAsync<long>(exists, Parameters.Of(("$id", parameters["$id"])), cancellationToken);
        return found > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <summary>
    /// Replaces a document only if its version is <paramref name="expectedVersion"/> (optimistic concurrency), in one
    /// statement that sets its version and document where <c>version = $expected</c>.
    /// </summary>
    public Task<WriteOutcome> UpdateAsync(VersionedTable table, string id, long expectedVersion, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        return UpdateAsync(table.Update, table.Exists, new Dictionary<string, object?>(parameters) { ["$id"] = id, ["$expected"] = expectedVersion }, cancellationToken);
    }

    /// <summary>The documents the query selects (its first column holds the JSON).</summary>
    public Task<List<T>> QueryAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) =>
        RowsAsync(sql, parameters, reader => SqliteJson.Deserialize<T>(reader.GetString(0)), cancellationToken);

    /// <summary>The first document the query selects, or <c>null</c>.</summary>
    public async Task<T?> QuerySingleAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) where T : class =>
        (await QueryAsync<T>(sql, parameters, cancellationToken)).FirstOrDefault();

    /// <summary>The first row a write with RETURNING returns, mapped; <c>null</c> when it changed nothing.</summary>
    public async Task<T?> RowAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<SqliteDataReader, T> map, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(map);
        return (T?)await writer.WriteAsync(sql, parameters, command =>
        {
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? map(reader) : null;
        }, Audited(), cancellationToken);
    }

    /// <summary>Every row a query returns, mapped.</summary>
    public async Task<List<T>> RowsAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        cancellationToken.ThrowIfCancellationRequested();
        await using SqliteConnection connection = connections.Open();
        await using SqliteCommand command = SqliteConnections.Command(connection, sql, parameters);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<T> rows = [];
        while (await reader.ReadAsync(cancellationToken)) rows.Add(map(reader));
        return rows;
    }

    /// <summary>The bytes of a BLOB column of the current row, or <c>null</c> where it is NULL (a row written before the column was added).</summary>
    public static byte[]? Blob(SqliteDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal);
    }

    /// <summary>Runs one statement that is not an insert (an upsert, for instance); returns the rows it changed.</summary>
    public Task<int> WriteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) =>
        ExecuteAsync(sql, parameters, cancellationToken);

    /// <summary>The first column of the first row, or <c>null</c>.</summary>
    public async Task<TValue?> ScalarAsync<TValue>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) where TValue : struct
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using SqliteConnection connection = connections.Open();
        await using SqliteCommand command = SqliteConnections.Command(connection, sql, parameters);
        object? value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : (TValue)Convert.ChangeType(value, typeof(TValue), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when the store answers.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ScalarAsync<long>("SELECT 1", Parameters.None, cancellationToken) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>The journal mode in force (<c>wal</c> once the schema is applied).</summary>
    public async Task<string?> JournalModeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using SqliteConnection connection = connections.Open();
        await using SqliteCommand command = SqliteConnections.Command(connection, "PRAGMA journal_mode", Parameters.None);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Runs one statement with no audit entry of its own (an entry of the audit trail, for one).</summary>
    internal async Task WriteUnauditedAsync(SqliteStatement statement, CancellationToken cancellationToken) =>
        await writer.WriteAsync(statement.Sql, statement.Parameters, command => command.ExecuteNonQuery(), then: null, cancellationToken);

    private async Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) =>
        (int)(await writer.WriteAsync(sql, parameters, command => command.ExecuteNonQuery(), Audited(), cancellationToken))!;

    /// <summary>The insert of the audit entry a state change offers to this write, if it offers one.</summary>
    private static SqliteStatement? Audited() => AuditContext.TakePending() is { } entry ? SqliteAuditStore.Statement(entry) : null;
}

/// <summary>
/// The two statements of an optimistic update of one table: <see cref="Update"/> sets <c>version</c>, <c>doc</c> and
/// the table's other columns where <c>id = $id AND version = $expected</c>; <see cref="Exists"/> counts rows with <c>$id</c>.
/// </summary>
public sealed record VersionedTable(string Update, string Exists);
