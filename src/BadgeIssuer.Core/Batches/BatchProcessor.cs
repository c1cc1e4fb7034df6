// DESIGN §5 (jobs with leases): claim a batch with one atomic update, issue its entries in order, record each result,
// and move the batch forward with version-checked writes that also renew the lease. Every entry is issued under an
// idempotency key derived from the batch and its index, so an entry replayed after a crash finds its award: nothing
// is issued twice and nothing is lost. An entry is issued as a single award is, with its outbox event in the same write.
using System.Diagnostics;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Batches;

/// <summary>How long a worker holds a batch before it must renew, and how often it saves progress.</summary>
public sealed record BatchOptions
{
    /// <summary>The lease a worker takes on a batch; a dead worker's batch is picked up once it runs out.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Entries issued between two progress saves (each save also renews the lease).</summary>
    public int SaveEvery { get; init; } = 64;

    /// <summary>
    /// How many entries of a group are issued at once. The SQLite store commits all waiting writes together, so more
    /// entries in flight share each synced commit: at 8, each commit rewrote the same 32 KB pages for a handful of
    /// awards, and writing the WAL cost more CPU per entry than in single awards at concurrency 64.
    /// </summary>
    public int Parallelism { get; init; } = 32;

    /// <summary>Lease failures in a row (a lease run out, a worker failed) after which a batch is parked.</summary>
    public int MaxLeaseFailures { get; init; } = 5;

    /// <summary>
    /// Entries issued from one batch per claim; then the worker hands the batch back and the next claim goes to the
    /// issuer served least recently, so one issuer's large batch does not hold up another's small one.
    /// </summary>
    public int SliceEntries { get; init; } = AwardBatch.ChunkSize;
}

/// <summary>Works through award batches under leases.</summary>
public sealed class BatchProcessor(
    IBatchStore batches, ILeasedJobs<AwardBatch> batchJobs, IssuingService issuing, WebhookService webhooks, BatchOptions options,
    BadgeIssuerTelemetry telemetry, AuditTrail audit, ILogger<BatchProcessor> logger, TimeProvider time)
{
    /// <summary>This process's worker name, as lease owner.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Ids.New()}";

    /// <summary>
    /// Claims one batch (from the issuer served least recently) and issues up to <see cref="BatchOptions.SliceEntries"/>
    /// of its remaining entries, <see cref="BatchOptions.SaveEvery"/> at a time in parallel; after each group the progress
    /// is saved and the lease renewed, and after the slice the batch is handed back. An entry that fails unexpectedly is
    /// recorded as <see cref="BatchOutcomes.Failed"/>; a failure of the work itself counts a lease failure, and the batch
    /// is parked once they reach <see cref="BatchOptions.MaxLeaseFailures"/>. <c>false</c> when there was nothing to do.
    /// The work is recorded in the audit trail as done by the client that submitted the batch, in its request.
    /// </summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (await batchJobs.ClaimNextAsync(Owner, now, now + options.Lease, options.MaxLeaseFailures, cancellationToken) is not { } batch) return false;
        using IDisposable actor = AuditContext.ActAs(batch.SubmittedBy ?? AuditActor.System);
        try
        {
            await RunSliceAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.BatchWorkFailed(batch.Id, batch.IssuerId, ex);
            await batchJobs.FailAsync(batch.Id, Owner, $"The batch's worker failed: {JobLog.Reason(ex)}", time.GetUtcNow(), options.MaxLeaseFailures, cancellationToken);
        }
        return true;
    }

    private async Task RunSliceAsync(AwardBatch batch, CancellationToken cancellationToken)
    {
        Dictionary<int, BatchChunk> chunks = [];
        int sliceEnd = Math.Min(batch.NextIndex + options.SliceEntries, batch.EntryCount);
        while (batch.NextIndex < sliceEnd)
        {
            int end = Math.Min(batch.NextIndex + options.SaveEvery, sliceEnd);
            for (int number = batch.NextIndex / AwardBatch.ChunkSize; number <= (end - 1) / AwardBatch.ChunkSize; number++)
                if (!chunks.ContainsKey(number))
                    chunks[number] = await batches.GetChunkAsync(batch.Id, number, cancellationToken)
                        ?? throw new InvalidOperationException($"Chunk {number} of batch {batch.Id} is missing.");
            AwardBatch current = batch;
            using Activity? activity = BadgeIssuerTelemetry.Source.StartActivity(BadgeIssuerTelemetry.BatchGroupSpan);
            activity?.SetTag("badgeissuer.batch.id", batch.Id);
            activity?.SetTag("badgeissuer.issuer.id", batch.IssuerId);
            activity?.SetTag("badgeissuer.batch.first_index", batch.NextIndex);
            activity?.SetTag("badgeissuer.batch.entries", end - batch.NextIndex);
            // The issuer, its achievements, its current key and its webhooks are read once per group: an edit or a
            // key rotation made while the batch runs takes effect from the next group on.
            IssuerReads reads = issuing.Reads(batch.IssuerId, cancellationToken);
            await Parallel.ForEachAsync(Enumerable.Range(batch.NextIndex, end - batch.NextIndex),
                new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                async (index, token) =>
                {
                    BatchEntry entry = chunks[index / AwardBatch.ChunkSize].Entries[index % AwardBatch.ChunkSize];
                    BatchEntryResult result = await IssueOrFailAsync(current, index, entry, reads, token);
                    await batches.PutResultAsync(result, token);
                    telemetry.BatchEntry(result.Outcome);
                });
            // The last group keeps the lease: the batch is completed below, and a worker that dies first leaves it
            // running with every entry done, for the next claim to complete.
            bool handBack = end < batch.EntryCount && end == sliceEnd;
            AwardBatch next = batch with
            {
                NextIndex = end,
                State = BatchState.Running,
                LeaseOwner = handBack ? null : Owner,
                LeaseUntil = handBack ? null : time.GetUtcNow() + options.Lease,
                Version = batch.Version + 1,
                LeaseFailures = 0,
            };
            if (await batches.UpdateAsync(next, batch.Version, cancellationToken) != WriteOutcome.Written) return;
            batch = next;
            chunks.Remove(batch.NextIndex / AwardBatch.ChunkSize - 1);
        }
        if (batch.NextIndex == batch.EntryCount) await CompleteAsync(batch, cancellationToken);
    }

    /// <summary>
    /// Completes a batch whose every entry has a result: queues its <c>batch.completed</c> deliveries (under ids derived
    /// from the batch, so a completion repeated after a crash queues none twice), then marks it completed with its audit
    /// entry in one write. A worker that dies between the two leaves the batch running, to be completed by the next claim.
    /// </summary>
    private async Task CompleteAsync(AwardBatch batch, CancellationToken cancellationToken)
    {
        BatchCounts counts = await batches.CountResultsAsync(batch.Id, cancellationToken);
        await webhooks.PublishAsync(batch.IssuerId, WebhookEvents.BatchCompleted, batch.Id,
            new { batchId = batch.Id, total = batch.EntryCount, issued = counts.Issued, criteriaNotMet = counts.CriteriaNotMet, invalid = counts.Invalid, failed = counts.Failed },
            cancellationToken);
        DateTimeOffset at = time.GetUtcNow();
        AwardBatch completed = batch with
        {
            State = BatchState.Completed, LeaseOwner = null, LeaseUntil = null, CompletedAt = at, Version = batch.Version + 1, LeaseFailures = 0,
        };
        if (await audit.RecordAsync(AuditChange.Of(batch.IssuerId, AuditActions.BatchCompleted, 1, ("batchId", batch.Id)),
                () => batches.UpdateAsync(completed, batch.Version, cancellationToken), cancellationToken) == WriteOutcome.Written)
            logger.BatchCompleted(batch.Id, batch.IssuerId, batch.EntryCount, counts.Issued, counts.CriteriaNotMet, counts.Invalid, counts.Failed);
    }

    /// <summary>The entry's result; an unexpected failure (at signing, say) is the entry's <see cref="BatchOutcomes.Failed"/> result, not the batch's.</summary>
    private async Task<BatchEntryResult> IssueOrFailAsync(AwardBatch batch, int index, BatchEntry entry, IssuerReads reads, CancellationToken cancellationToken)
    {
        try
        {
            return await IssueAsync(batch, index, entry, reads, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.BatchEntryFailed(batch.Id, batch.IssuerId, index, ex);
            return new(batch.Id, index, BatchOutcomes.Failed, null, [new FieldError($"/entries/{index}", $"Issuing failed: {JobLog.Reason(ex)}")], RecipientKeyOf(entry));
        }
    }

    private async Task<BatchEntryResult> IssueAsync(AwardBatch batch, int index, BatchEntry entry, IssuerReads reads, CancellationToken cancellationToken)
    {
        string prefix = $"/entries/{index}";
        if (entry.Command is not { } command)
            return new(batch.Id, index, BatchOutcomes.Invalid, null, [.. (entry.Invalid ?? []).Select(e => e with { Pointer = prefix + e.Pointer })]);
        string? recipient = RecipientKeyOf(entry);
        Outcome<Award> outcome = await issuing.IssueAsync(command with { IssuerId = batch.IssuerId, IdempotencyKey = batch.EntryIdempotencyKey(index), Notify = !entry.Quiet }, reads, cancellationToken);
        return outcome switch
        {
            Done<Award> done => new(batch.Id, index, BatchOutcomes.Issued, done.Value.Id, [], done.Value.RecipientKey),
            CriteriaNotMet notMet => new(batch.Id, index, BatchOutcomes.CriteriaNotMet, null, [.. notMet.Unmet.Select(u => new FieldError(prefix, $"{u.Rule}: {u.Detail}"))], recipient),
            Invalid<Award> invalid => new(batch.Id, index, BatchOutcomes.Invalid, null, [.. invalid.Errors.Select(e => e with { Pointer = prefix + e.Pointer })], recipient),
            CredentialSchemaViolation schema => new(batch.Id, index, BatchOutcomes.Invalid, null, [.. schema.Violations.Select(v => new FieldError(prefix, $"the credential would break the OB 3.0 schema at {v.Pointer}: {v.Message}"))], recipient),
            NotFound<Award> notFound => new(batch.Id, index, BatchOutcomes.Invalid, null, [new FieldError(prefix, notFound.Detail)], recipient),
            Conflict<Award> conflict => new(batch.Id, index, BatchOutcomes.Invalid, null, [new FieldError(prefix, conflict.Detail)], recipient),
            _ => new(batch.Id, index, BatchOutcomes.Invalid, null, [new FieldError(prefix, "The entry could not be issued.")], recipient),
        };
    }

    /// <summary>The entry's recipient as a hashed identity (as awards keep it), or <c>null</c> when it names none.</summary>
    private static string? RecipientKeyOf(BatchEntry entry) =>
        entry.Command?.Recipient is { } r && (r.Id is not null || r.Email is not null) ? IssuingService.RecipientKey(r) : null;
}
