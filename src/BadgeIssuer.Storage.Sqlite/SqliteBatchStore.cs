using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// Award batches in SQLite. Batches are leased jobs (<see cref="SqliteJobKind.Batches"/>): a claim takes the next
/// unfinished batch with a free or expired lease, from the issuer served least recently, in one statement; results are
/// upserts keyed by (batch, index). A progress save drops the chunks it has passed (a trigger, in the same statement)
/// and then blanks the entries it has passed in the chunk it is in, so no recipient data of a processed entry stays.
/// </summary>
public sealed class SqliteBatchStore(SqliteDatabase db) : IBatchStore
{
    private static readonly VersionedTable Versioned = new("UPDATE batches SET state = $state, lease_until = $until, version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM batches WHERE id = $id");

    /// <inheritdoc />
    public async Task<WriteOutcome> InsertAsync(AwardBatch batch, IReadOnlyList<BatchChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(chunks);
        foreach (BatchChunk chunk in chunks)
            await db.InsertAsync("INSERT INTO batch_chunks (batch_id, number, doc) VALUES ($batch, $number, $doc)",
                Parameters.Of(("$batch", chunk.BatchId), ("$number", chunk.Number), ("$doc", SqliteJson.Serialize(BatchChunkDocument.From(chunk)))), cancellationToken);
        return await db.InsertAsync("INSERT INTO batches (id, issuer_id, idempotency_key, state, lease_until, created_at, version, doc) " +
            "VALUES ($id, $issuer, $key, $state, $until, $created, $version, $doc)", Row(batch), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AwardBatch?> GetAsync(string batchId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<BatchDocument>("SELECT doc FROM batches WHERE id = $id", Parameters.Of(("$id", batchId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<AwardBatch?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<BatchDocument>("SELECT doc FROM batches WHERE issuer_id = $issuer AND idempotency_key = $key",
            Parameters.Of(("$issuer", issuerId), ("$key", idempotencyKey)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<WriteOutcome> UpdateAsync(AwardBatch batch, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        WriteOutcome outcome = await db.UpdateAsync(Versioned, batch.Id, expectedVersion, Row(batch), cancellationToken);
        if (outcome == WriteOutcome.Written && batch.State != BatchState.Completed && batch.NextIndex % AwardBatch.ChunkSize != 0
            && await GetChunkAsync(batch.Id, batch.NextIndex / AwardBatch.ChunkSize, cancellationToken) is { } current
            && current.WithoutProcessed(batch.NextIndex) is { } blanked)
            await db.WriteAsync("UPDATE batch_chunks SET doc = $doc WHERE batch_id = $batch AND number = $number",
                Parameters.Of(("$batch", blanked.BatchId), ("$number", blanked.Number), ("$doc", SqliteJson.Serialize(BatchChunkDocument.From(blanked)))), cancellationToken);
        return outcome;
    }

    /// <inheritdoc />
    public async Task<BatchChunk?> GetChunkAsync(string batchId, int number, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<BatchChunkDocument>("SELECT doc FROM batch_chunks WHERE batch_id = $batch AND number = $number",
            Parameters.Of(("$batch", batchId), ("$number", number)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task PutResultAsync(BatchEntryResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        await db.WriteAsync("INSERT INTO batch_results (batch_id, idx, outcome, doc) VALUES ($batch, $idx, $outcome, $doc) " +
            "ON CONFLICT (batch_id, idx) DO UPDATE SET outcome = excluded.outcome, doc = excluded.doc",
            Parameters.Of(("$batch", result.BatchId), ("$idx", result.Index), ("$outcome", result.Outcome), ("$doc", SqliteJson.Serialize(BatchResultDocument.From(result)))),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchEntryResult>> ListResultsAsync(string batchId, int afterIndex, int limit, CancellationToken cancellationToken) =>
        [.. (await db.QueryAsync<BatchResultDocument>("SELECT doc FROM batch_results WHERE batch_id = $batch AND idx > $after ORDER BY idx LIMIT $limit",
            Parameters.Of(("$batch", batchId), ("$after", afterIndex), ("$limit", limit)), cancellationToken)).Select(d => d.ToDomain())];

    /// <inheritdoc />
    public async Task<BatchCounts> CountResultsAsync(string batchId, CancellationToken cancellationToken)
    {
        Dictionary<string, int> counts = (await db.RowsAsync("SELECT outcome, COUNT(*) FROM batch_results WHERE batch_id = $batch GROUP BY outcome",
            Parameters.Of(("$batch", batchId)), reader => (Outcome: reader.GetString(0), Count: reader.GetInt32(1)), cancellationToken))
            .ToDictionary(r => r.Outcome, r => r.Count, StringComparer.Ordinal);
        return new BatchCounts(counts.GetValueOrDefault(BatchOutcomes.Issued), counts.GetValueOrDefault(BatchOutcomes.CriteriaNotMet), counts.GetValueOrDefault(BatchOutcomes.Invalid),
            counts.GetValueOrDefault(BatchOutcomes.Failed));
    }

    private static Dictionary<string, object?> Row(AwardBatch b) => Parameters.Of(("$id", b.Id), ("$issuer", b.IssuerId), ("$key", b.IdempotencyKey),
        ("$state", b.State.ToString()), ("$until", b.LeaseUntil is { } until ? SqliteAwardStore.Timestamp(until) : null),
        ("$created", SqliteAwardStore.Timestamp(b.CreatedAt)), ("$version", b.Version), ("$doc", SqliteJson.Serialize(BatchDocument.From(b))));
}
