using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// Award batches in MongoDB. Batches are leased jobs (<see cref="MongoJobKinds.Batches"/>): a claim is one
/// findOneAndUpdate on the oldest unfinished batch with a free or expired lease; results are upserts keyed by (batch, index).
/// A chunk larger than a BSON document is stored in parts (<see cref="MongoChunkParts"/>).
/// </summary>
public sealed class MongoBatchStore(MongoDatabase db) : IBatchStore
{
    /// <inheritdoc />
    public async Task<WriteOutcome> InsertAsync(AwardBatch batch, IReadOnlyList<BatchChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(chunks);
        List<BatchChunkDocument> parts = [.. chunks.SelectMany(chunk => MongoChunkParts.Split(BatchChunkDocument.From(chunk)))];
        foreach (BatchChunkDocument part in parts)
            await MongoDatabase.InsertAsync(db.BatchChunks, part, cancellationToken);
        return await MongoDatabase.InsertAsync(db.Batches, BatchDocument.From(batch), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AwardBatch?> GetAsync(string batchId, CancellationToken cancellationToken) =>
        (await db.Batches.Find(d => d.Id == batchId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<AwardBatch?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await MongoDatabase.Fresh(db.Batches).Find(MongoQueries.ByIdempotencyKey<BatchDocument>(issuerId, idempotencyKey)).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <summary>
    /// Replaces the batch if its stored version equals <paramref name="expectedVersion"/>, then deletes the chunks its
    /// progress has passed (all of them once it is completed) and blanks the passed entries of the chunk it is in: their
    /// entries' results were stored before this update. A crash between the writes leaves a passed chunk or entry
    /// behind until the batch's next update.
    /// </summary>
    public async Task<WriteOutcome> UpdateAsync(AwardBatch batch, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        WriteOutcome outcome = await MongoDatabase.ReplaceAsync(db.Batches, batch.Id, expectedVersion, BatchDocument.From(batch), cancellationToken);
        if (outcome != WriteOutcome.Written) return outcome;
        int passed = batch.State == BatchState.Completed ? int.MaxValue : batch.NextIndex / AwardBatch.ChunkSize;
        await db.BatchChunks.DeleteManyAsync(d => d.BatchId == batch.Id && d.Number < passed, cancellationToken);
        if (batch.State != BatchState.Completed && batch.NextIndex % AwardBatch.ChunkSize != 0
            && await GetChunkAsync(batch.Id, batch.NextIndex / AwardBatch.ChunkSize, cancellationToken) is { } current
            && current.WithoutProcessed(batch.NextIndex) is { } blanked)
        {
            BatchChunkDocument document = BatchChunkDocument.From(blanked);
            await db.BatchChunks.ReplaceOneAsync(d => d.Id == document.Id, document, cancellationToken: cancellationToken);
        }
        return outcome;
    }

    /// <inheritdoc />
    public async Task<BatchChunk?> GetChunkAsync(string batchId, int number, CancellationToken cancellationToken) =>
        MongoChunkParts.Join(await db.BatchChunks.Find(MongoQueries.ChunkParts(batchId, number)).SortBy(d => d.Id).ToListAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task PutResultAsync(BatchEntryResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        BatchResultDocument document = BatchResultDocument.From(result);
        await db.BatchResults.ReplaceOneAsync(d => d.Id == document.Id, document, new ReplaceOptions { IsUpsert = true }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BatchEntryResult>> ListResultsAsync(string batchId, int afterIndex, int limit, CancellationToken cancellationToken) =>
        [.. (await db.BatchResults.Find(d => d.BatchId == batchId && d.Index > afterIndex).SortBy(d => d.Index).Limit(limit).ToListAsync(cancellationToken)).Select(d => d.ToDomain())];

    /// <inheritdoc />
    public async Task<BatchCounts> CountResultsAsync(string batchId, CancellationToken cancellationToken)
    {
        Dictionary<string, int> counts = (await db.BatchResults.Aggregate(MongoQueries.CountsByOutcome(batchId), cancellationToken: cancellationToken).ToListAsync(cancellationToken))
            .ToDictionary(g => g["_id"].AsString, g => g["count"].ToInt32(), StringComparer.Ordinal);
        return new BatchCounts(counts.GetValueOrDefault(BatchOutcomes.Issued), counts.GetValueOrDefault(BatchOutcomes.CriteriaNotMet), counts.GetValueOrDefault(BatchOutcomes.Invalid),
            counts.GetValueOrDefault(BatchOutcomes.Failed));
    }
}
