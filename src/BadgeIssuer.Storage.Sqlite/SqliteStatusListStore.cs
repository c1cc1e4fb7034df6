using BadgeIssuer.Core;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// Status lists in SQLite. An allocation is one UPDATE ... RETURNING on the counter column: SQLite runs it under its
/// write lock, so two allocations never see the same counter.
/// </summary>
public sealed class SqliteStatusListStore(SqliteDatabase db) : IStatusListStore
{
    private static readonly VersionedTable Versioned = new("UPDATE status_lists SET version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM status_lists WHERE id = $id");

    /// <inheritdoc />
    public async Task<StatusBlock> AllocateAsync(string issuerId, string purpose, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Dictionary<string, object?> key = Parameters.Of(("$issuer", issuerId), ("$purpose", purpose));
        long seen = -1;
        while (true)
        {
            if (await TakeAsync(key, count, cancellationToken) is { } block) return block;
            long newest = await db.ScalarAsync<long>("SELECT COALESCE(MAX(number), 0) FROM status_lists WHERE issuer_id = $issuer AND purpose = $purpose",
                key, cancellationToken) ?? 0;
            // A list seen for the first time may have appeared since the attempt: try the whole block on it first. Only
            // a list that has been tried lacks the room: what is left of it goes entry by entry, then the next one opens.
            if (newest > 0 && newest != seen)
            {
                seen = newest;
                continue;
            }
            if (newest > 0 && count > 1 && await TakeAsync(key, 1, cancellationToken) is { } single) return single;
            StatusList list = StatusList.Empty(Ids.New(), issuerId, purpose, (int)newest + 1, now);
            await db.InsertAsync("INSERT INTO status_lists (id, issuer_id, purpose, number, allocated, version, doc) VALUES ($id, $issuer, $purpose, $number, 0, $version, $doc)",
                Parameters.Of(("$id", list.Id), ("$issuer", issuerId), ("$purpose", purpose), ("$number", list.Number), ("$version", list.Version),
                    ("$doc", SqliteJson.Serialize(StatusListDocument.From(list, 0)))), cancellationToken);
        }
    }

    /// <summary>Takes <paramref name="count"/> entries of the issuer's first list with room for them, or <c>null</c>.</summary>
    private Task<StatusBlock?> TakeAsync(IReadOnlyDictionary<string, object?> key, int count, CancellationToken cancellationToken) =>
        db.RowAsync(
            "UPDATE status_lists SET allocated = allocated + $count WHERE id = " +
            "(SELECT id FROM status_lists WHERE issuer_id = $issuer AND purpose = $purpose AND allocated <= $size - $count ORDER BY number LIMIT 1) " +
            "RETURNING id, allocated - $count",
            new Dictionary<string, object?>(key) { ["$count"] = count, ["$size"] = StatusList.Entries },
            reader => new StatusBlock(reader.GetString(0), reader.GetInt64(1), count), cancellationToken);

    /// <inheritdoc />
    public async Task<StatusList?> GetAsync(string listId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<StatusListDocument>("SELECT doc FROM status_lists WHERE id = $id", Parameters.Of(("$id", listId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<long?> VersionAsync(string listId, CancellationToken cancellationToken) =>
        db.ScalarAsync<long>("SELECT version FROM status_lists WHERE id = $id", Parameters.Of(("$id", listId)), cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(StatusList list, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        return db.UpdateAsync(Versioned, list.Id, expectedVersion,
            Parameters.Of(("$version", list.Version), ("$doc", SqliteJson.Serialize(StatusListDocument.From(list, 0)))), cancellationToken);
    }
}
