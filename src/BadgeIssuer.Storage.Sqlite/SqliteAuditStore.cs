using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// The audit trail in SQLite. An entry offered with a state change (<see cref="AuditContext.TakePending"/>) is inserted
/// by <see cref="SqliteDatabase"/> in the same savepoint, so the same transaction, as the write that makes the change,
/// and only when that write changed a row; other entries are appended on their own. An id stored already is kept.
/// </summary>
public sealed class SqliteAuditStore(SqliteDatabase db) : IAuditStore
{
    private const string Insert = "INSERT OR IGNORE INTO audit (id, issuer_id, at, doc) VALUES ($id, $issuer, $at, $doc)";

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        db.WriteUnauditedAsync(Statement(entry), cancellationToken);

    /// <inheritdoc />
    public async Task<Page<AuditEntry>> ListAsync(string issuerId, DateTimeOffset? from, string? cursor, int limit, CancellationToken cancellationToken)
    {
        System.Text.StringBuilder sql = new("SELECT doc FROM audit WHERE issuer_id = $issuer");
        Dictionary<string, object?> parameters = Parameters.Of(("$issuer", issuerId), ("$limit", limit + 1));
        if (from is { } start)
        {
            sql.Append(" AND at >= $from");
            parameters["$from"] = SqliteAwardStore.Timestamp(start);
        }
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
        {
            sql.Append(" AND (at > $afterTime OR (at = $afterTime AND id > $afterId))");
            parameters["$afterTime"] = SqliteAwardStore.Timestamp(afterTime);
            parameters["$afterId"] = afterId;
        }
        sql.Append(" ORDER BY at, id LIMIT $limit");
        return Parameters.Page(await db.QueryAsync<AuditDocument>(sql.ToString(), parameters, cancellationToken), limit, d => TimeCursor.After(d.At, d.Id), d => d.ToDomain());
    }

    /// <summary>The statement that inserts <paramref name="entry"/> unless its id is stored already.</summary>
    internal static SqliteStatement Statement(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new SqliteStatement(Insert, Parameters.Of(("$id", entry.Id), ("$issuer", entry.IssuerId), ("$at", SqliteAwardStore.Timestamp(entry.At)),
            ("$doc", SqliteJson.Serialize(AuditDocument.From(entry)))));
    }
}
