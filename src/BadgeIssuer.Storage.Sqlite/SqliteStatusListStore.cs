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
    /// <inheritdoc />
    public async Task<StatusBlock> AllocateAsync(string issuerId, string purpose, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Dictionary<string, object?> key = Parameters.Of(("$issuer", issuerId), ("$purpose", purpose), ("$size", StatusList.Entries));
        while (true)
        {
            foreach (int take in count > 1 ? [count, 1] : new[] { 1 })
            {
                key["$count"] = take;
                StatusBlock? block = await db.RowAsync(
                    "UPDATE status_lists SET allocated = allocated + $count WHERE id = " +
                    "(SELECT id FROM status_lists WHERE issuer_id = $issuer AND purpose = $purpose AND allocated <= $size - $count ORDER BY number LIMIT 1) " +
                    "RETURNING id, allocated - $count",
                    key, reader => new StatusBlock(reader.GetString(0), reader.GetInt64(1), take), cancellationToken);
                if (block is not null) return block;
            }
            long next = await db.ScalarAsync<long>("SELECT COALESCE(MAX(number), 0) + 1 FROM status_lists WHERE issuer_id = $issuer AND purpose = $purpose",
                key, cancellationToken) ?? 1;
            StatusList list = StatusList.Empty(Ids.New(), issuerId, purpose, (int)next, now);
            await db.InsertAsync("INSERT INTO status_lists (id, issuer_id, purpose, number, allocated, version, doc) VALUES ($id, $issuer, $purpose, $number, 0, $version, $doc)",
                Parameters.Of(("$id", list.Id), ("$issuer", issuerId), ("$purpose", purpose), ("$number", list.Number), ("$version", list.Version),
                    ("$doc", SqliteDatabase.Serialize(StatusListDocument.From(list, 0)))), cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<StatusList?> GetAsync(string listId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<StatusListDocument>("SELECT doc FROM status_lists WHERE id = $id", Parameters.Of(("$id", listId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(StatusList list, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        return db.UpdateAsync("status_lists", list.Id, expectedVersion, "version = $version, doc = $doc",
            Parameters.Of(("$version", list.Version), ("$doc", SqliteDatabase.Serialize(StatusListDocument.From(list, 0)))), cancellationToken);
    }
}
