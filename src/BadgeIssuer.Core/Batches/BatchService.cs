// DESIGN §5: bulk issuing is background work kept in the store as a job with a lease, never in memory. Submitting
// stores the entries and answers at once; BatchProcessor issues them; reading shows progress and per-entry results.
using System.Security.Cryptography;
using System.Text.Json;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Batches;

/// <summary>A batch with its progress so far.</summary>
public sealed record BatchProgress(AwardBatch Batch, BatchCounts Counts);

/// <summary>Accepts award batches and reports on them.</summary>
public sealed class BatchService(IBatchStore batches, IIssuerStore issuers, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Stores a batch for the workers, to be issued as the caller (<see cref="AuditContext.Actor"/>); a retry with the
    /// same idempotency key and entries returns the first batch. Its audit entry is appended once its entries and then
    /// the batch are stored (two writes), and again on a replay, under the same id.
    /// </summary>
    public async Task<Outcome<AwardBatch>> SubmitAsync(string issuerId, string? idempotencyKey, IReadOnlyList<BatchEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count is 0 or > AwardBatch.MaxEntries)
            return new Invalid<AwardBatch>([new FieldError("/entries", $"must hold 1 to {AwardBatch.MaxEntries} award requests; found {entries.Count}.")]);
        if (await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<AwardBatch>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        string fingerprint = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(entries)));
        if (idempotencyKey is not null && await batches.FindByIdempotencyKeyAsync(issuerId, idempotencyKey, cancellationToken) is { } earlier)
            return await RecordedAsync(Replay(earlier, fingerprint), cancellationToken);

        AwardBatch batch = new(Ids.New(), issuerId, idempotencyKey, fingerprint, entries.Count, BatchState.Queued, 0, null, null, time.GetUtcNow(), null, 1) { SubmittedBy = AuditContext.Actor };
        List<BatchChunk> chunks = [.. entries.Chunk(AwardBatch.ChunkSize).Select((chunk, number) => new BatchChunk(batch.Id, number, chunk))];
        if (await batches.InsertAsync(batch, chunks, cancellationToken) == WriteOutcome.Written) return await RecordedAsync(new Done<AwardBatch>(batch, Created: true), cancellationToken);
        return idempotencyKey is not null && await batches.FindByIdempotencyKeyAsync(issuerId, idempotencyKey, cancellationToken) is { } raced
            ? await RecordedAsync(Replay(raced, fingerprint), cancellationToken)
            : new Conflict<AwardBatch>("A batch with this id already exists; try again.");
    }

    /// <summary>The outcome, once the audit entry of the batch it names (if any) is recorded.</summary>
    private async Task<Outcome<AwardBatch>> RecordedAsync(Outcome<AwardBatch> outcome, CancellationToken cancellationToken)
    {
        if (outcome is Done<AwardBatch> { Value: var batch })
            await audit.AppendAsync(AuditChange.Of(batch.IssuerId, AuditActions.BatchCreated, 1, ("batchId", batch.Id)), cancellationToken);
        return outcome;
    }

    /// <summary>The batch of the issuer and how far it has got.</summary>
    public async Task<Outcome<BatchProgress>> GetAsync(string issuerId, string batchId, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(batchId, cancellationToken) is not { } batch || !string.Equals(batch.IssuerId, issuerId, StringComparison.Ordinal))
            return new NotFound<BatchProgress>($"Issuer '{Check.Shorten(issuerId)}' has no award batch '{Check.Shorten(batchId)}'.");
        return new Done<BatchProgress>(new BatchProgress(batch, await batches.CountResultsAsync(batchId, cancellationToken)));
    }

    /// <summary>Per-entry results in entry order, after entry <paramref name="afterIndex"/>.</summary>
    public Task<IReadOnlyList<BatchEntryResult>> ResultsAsync(string batchId, int afterIndex, int limit, CancellationToken cancellationToken) =>
        batches.ListResultsAsync(batchId, afterIndex, Math.Clamp(limit, 1, 1000), cancellationToken);

    private static Outcome<AwardBatch> Replay(AwardBatch earlier, string fingerprint) =>
        string.Equals(earlier.RequestFingerprint, fingerprint, StringComparison.Ordinal)
            ? new Done<AwardBatch>(earlier, Created: false)
            : new Conflict<AwardBatch>($"The idempotency key '{Check.Shorten(earlier.IdempotencyKey ?? "")}' was used for a different batch.");
}
