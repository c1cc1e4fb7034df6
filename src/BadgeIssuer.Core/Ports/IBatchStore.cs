using BadgeIssuer.Core.Batches;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Award batches (one document each), their entry chunks and their per-entry results (one document per entry,
/// unique on batch and index). Every write is one atomic document operation. Batches are claimed, and their failures
/// counted, through the leased-job primitive (<see cref="ILeasedJobs{TJob}"/> of <see cref="AwardBatch"/>): from the
/// issuer served least recently, and a claimed batch is <see cref="BatchState.Running"/>.
/// </summary>
public interface IBatchStore
{
    /// <summary>Stores the chunks, then the batch; <see cref="WriteOutcome.Conflict"/> when the id or (issuer, idempotency key) exists.</summary>
    Task<WriteOutcome> InsertAsync(AwardBatch batch, IReadOnlyList<BatchChunk> chunks, CancellationToken cancellationToken);

    /// <summary>The batch, or <c>null</c>.</summary>
    Task<AwardBatch?> GetAsync(string batchId, CancellationToken cancellationToken);

    /// <summary>The issuer's batch stored under this idempotency key, or <c>null</c>.</summary>
    Task<AwardBatch?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the batch if its stored version equals <paramref name="expectedVersion"/> (progress, lease renewal,
    /// completion); the recipient data of the entries its progress has passed is deleted with it.
    /// </summary>
    Task<WriteOutcome> UpdateAsync(AwardBatch batch, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>One chunk of entries, or <c>null</c>.</summary>
    Task<BatchChunk?> GetChunkAsync(string batchId, int number, CancellationToken cancellationToken);

    /// <summary>Stores an entry's result, replacing any earlier one for the same entry (a replay writes the same result).</summary>
    Task PutResultAsync(BatchEntryResult result, CancellationToken cancellationToken);

    /// <summary>Results in entry order, after index <paramref name="afterIndex"/>.</summary>
    Task<IReadOnlyList<BatchEntryResult>> ListResultsAsync(string batchId, int afterIndex, int limit, CancellationToken cancellationToken);

    /// <summary>How many entries have a result, by outcome.</summary>
    Task<BatchCounts> CountResultsAsync(string batchId, CancellationToken cancellationToken);
}
