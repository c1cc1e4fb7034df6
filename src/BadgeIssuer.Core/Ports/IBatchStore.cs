using BadgeIssuer.Core.Batches;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Award batches (one document each), their entry chunks and their per-entry results (one document per entry,
/// unique on batch and index). Every write is one atomic document operation; claiming a batch is one conditional update.
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
    /// Atomically takes the oldest unfinished batch whose lease is free or has run out: it becomes
    /// <see cref="BatchState.Running"/> under <paramref name="owner"/> until <paramref name="leaseUntil"/>. <c>null</c> when none.
    /// </summary>
    Task<AwardBatch?> ClaimAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes the next unfinished batch whose lease is free or has run out, from the issuer served least
    /// recently (oldest batch first): it becomes <see cref="BatchState.Running"/> under <paramref name="owner"/> until
    /// <paramref name="leaseUntil"/>. A lease that ran out counts a failure, and a batch whose failures in a row reach
    /// <paramref name="maxFailures"/> that way is <see cref="BatchState.Parked"/> instead. <c>null</c> when none.
    /// </summary>
    Task<AwardBatch?> ClaimAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxFailures, CancellationToken cancellationToken);

    /// <summary>
    /// Frees the lease <paramref name="owner"/> holds after its work failed with <paramref name="error"/> (no secrets,
    /// no stack trace); the batch is <see cref="BatchState.Parked"/> once its failures in a row reach <paramref name="maxFailures"/>.
    /// </summary>
    Task<WriteOutcome> FailAsync(string batchId, string owner, string error, DateTimeOffset now, int maxFailures, CancellationToken cancellationToken);

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
