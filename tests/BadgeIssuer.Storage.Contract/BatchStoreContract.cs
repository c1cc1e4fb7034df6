using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Storage.Contract;

public abstract class BatchStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static (AwardBatch Batch, BatchChunk[] Chunks) Sample(string? key = null, int entries = 3, DateTimeOffset? createdAt = null)
    {
        AwardBatch batch = new(Ids.New(), Ids.New(), key, "fingerprint", entries, BatchState.Queued, 0, null, null, createdAt ?? Now, null, 1);
        BatchEntry entry = new(new IssueAwardCommand(batch.IssuerId, Ids.New(), new Recipient("ada@school.example", null, "Ada"),
            [new SubmittedResult("quiz", "90", null, null)], [new EvidenceItem("https://e.example/1", "Work", null, null, null, null)], "Did it.", null, null), null);
        BatchEntry invalid = new(null, [new FieldError("/recipient", "is required.")]);
        return (batch, [new BatchChunk(batch.Id, 0, [.. Enumerable.Range(0, entries).Select(i => i == 1 ? invalid : entry)])]);
    }

    [StoreFact]
    public async Task A_batch_and_its_chunks_round_trip()
    {
        (AwardBatch batch, BatchChunk[] chunks) = Sample("key-1");

        Assert.Equal(WriteOutcome.Written, await store.Batches.InsertAsync(batch, chunks, default));

        Same.Equal(batch, await store.Reopen().Batches.GetAsync(batch.Id, default));
        Same.Equal(batch, await store.Batches.FindByIdempotencyKeyAsync(batch.IssuerId, "key-1", default));
        Same.Equal(chunks[0], await store.Batches.GetChunkAsync(batch.Id, 0, default));
        Assert.Null(await store.Batches.GetChunkAsync(batch.Id, 1, default));
    }

    [StoreFact]
    public async Task An_idempotency_key_is_unique_per_issuer()
    {
        (AwardBatch batch, BatchChunk[] chunks) = Sample("same");
        await store.Batches.InsertAsync(batch, chunks, default);
        AwardBatch again = batch with { Id = Ids.New() };

        Assert.Equal(WriteOutcome.Conflict, await store.Batches.InsertAsync(again, [chunks[0] with { BatchId = again.Id }], default));
    }

    [StoreFact]
    public async Task Concurrent_claims_give_each_batch_to_one_worker_and_a_lease_that_runs_out_frees_it()
    {
        DateTimeOffset old = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);
        (AwardBatch batch, BatchChunk[] chunks) = Sample(createdAt: old);
        await store.Batches.InsertAsync(batch, chunks, default);

        AwardBatch?[] claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.BatchJobs.ClaimNextAsync($"worker-{i}", Now, Now.AddSeconds(30), default))));

        AwardBatch claimed = Assert.Single(claims, c => c?.Id == batch.Id)!;
        Assert.Equal((BatchState.Running, Now.AddSeconds(30), batch.Version + 1), (claimed.State, claimed.LeaseUntil, claimed.Version));
        Same.Equal(claimed, await store.Batches.GetAsync(batch.Id, default));
        AwardBatch? stillHeld = await store.BatchJobs.ClaimNextAsync("late", Now.AddSeconds(10), Now.AddSeconds(40), default);
        Assert.NotEqual(batch.Id, stillHeld?.Id);
        AwardBatch? taken = await store.BatchJobs.ClaimNextAsync("successor", Now.AddSeconds(31), Now.AddSeconds(61), default);
        Assert.Equal((batch.Id, "successor"), (taken?.Id, taken?.LeaseOwner));
    }

    [StoreFact]
    public async Task Progress_is_saved_only_over_the_version_read_and_a_completed_batch_is_never_claimed()
    {
        (AwardBatch batch, BatchChunk[] chunks) = Sample(createdAt: new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await store.Batches.InsertAsync(batch, chunks, default);
        AwardBatch done = batch with { State = BatchState.Completed, NextIndex = 3, CompletedAt = Now, Version = 2 };

        Assert.Equal(WriteOutcome.Written, await store.Batches.UpdateAsync(done, 1, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Batches.UpdateAsync(done with { Version = 3 }, 1, default));
        Same.Equal(done, await store.Batches.GetAsync(batch.Id, default));
        for (AwardBatch? other; (other = await store.BatchJobs.ClaimNextAsync("w", Now.AddYears(5), Now.AddYears(6), default)) is not null;)
            Assert.NotEqual(batch.Id, other.Id);
    }

    [StoreFact]
    public async Task A_chunk_is_dropped_once_the_progress_passes_it_and_the_results_stay()
    {
        (AwardBatch batch, BatchChunk[] one) = Sample(entries: AwardBatch.ChunkSize + 2);
        BatchChunk first = one[0] with { Entries = [.. one[0].Entries.Take(AwardBatch.ChunkSize)] };
        BatchChunk second = new(batch.Id, 1, [.. one[0].Entries.Skip(AwardBatch.ChunkSize)]);
        await store.Batches.InsertAsync(batch, [first, second], default);
        BatchEntryResult result = new(batch.Id, 0, BatchOutcomes.Issued, Ids.New(), []);
        await store.Batches.PutResultAsync(result, default);

        AwardBatch partway = batch with { State = BatchState.Running, NextIndex = AwardBatch.ChunkSize - 1, Version = 2 };
        await store.Batches.UpdateAsync(partway, 1, default);
        Assert.NotNull(await store.Batches.GetChunkAsync(batch.Id, 0, default));

        AwardBatch past = partway with { NextIndex = AwardBatch.ChunkSize, Version = 3 };
        await store.Batches.UpdateAsync(past, 2, default);
        Assert.Null(await store.Batches.GetChunkAsync(batch.Id, 0, default));
        Same.Equal(second, await store.Batches.GetChunkAsync(batch.Id, 1, default));

        await store.Batches.UpdateAsync(past with { State = BatchState.Completed, NextIndex = batch.EntryCount, CompletedAt = Now, Version = 4 }, 3, default);
        Assert.Null(await store.Batches.GetChunkAsync(batch.Id, 1, default));
        Same.Equal(result, Assert.Single(await store.Batches.ListResultsAsync(batch.Id, -1, 10, default)));
    }

    [StoreFact]
    public async Task Results_are_upserted_per_entry_listed_in_order_and_counted_by_outcome()
    {
        string batchId = Ids.New();
        BatchEntryResult[] results =
        [
            new(batchId, 2, BatchOutcomes.Invalid, null, [new FieldError("/entries/2/recipient", "is required.")]),
            new(batchId, 0, BatchOutcomes.Issued, Ids.New(), []),
            new(batchId, 1, BatchOutcomes.CriteriaNotMet, null, [new FieldError("/entries/1", "quiz: 70 is below 80.")]),
        ];
        foreach (BatchEntryResult result in results) await store.Batches.PutResultAsync(result, default);
        await store.Batches.PutResultAsync(results[1], default);

        IReadOnlyList<BatchEntryResult> listed = await store.Batches.ListResultsAsync(batchId, -1, 10, default);
        Assert.Equal([0, 1, 2], listed.Select(r => r.Index));
        Same.Equal(results[0], listed[2]);
        Assert.Equal([2], (await store.Batches.ListResultsAsync(batchId, 1, 10, default)).Select(r => r.Index));
        Assert.Equal(new BatchCounts(1, 1, 1), await store.Batches.CountResultsAsync(batchId, default));
    }

    /// <summary>Leases every batch earlier tests of this class left claimable, so a test sees only its own batches.</summary>
    private async Task DrainAsync(DateTimeOffset at)
    {
        while (await store.BatchJobs.ClaimNextAsync("drain", at, new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero), default) is not null)
        {
        }
    }

    private async Task<AwardBatch> ClaimAndHandBackAsync(DateTimeOffset at)
    {
        AwardBatch claimed = (await store.BatchJobs.ClaimNextAsync("w", at, at.AddSeconds(30), 3, default))!;
        Assert.Equal(at, claimed.ClaimedAt);
        Assert.Equal(WriteOutcome.Written, await store.Batches.UpdateAsync(claimed with { LeaseOwner = null, LeaseUntil = null, Version = claimed.Version + 1 }, claimed.Version, default));
        return claimed;
    }

    [StoreFact]
    public async Task Batches_are_claimed_round_robin_across_issuers_not_oldest_first()
    {
        await DrainAsync(Now);
        (AwardBatch large, BatchChunk[] largeChunks) = Sample(createdAt: new DateTimeOffset(2002, 1, 1, 0, 0, 0, TimeSpan.Zero));
        AwardBatch second = large with { Id = Ids.New(), CreatedAt = large.CreatedAt.AddDays(1) };
        (AwardBatch small, BatchChunk[] smallChunks) = Sample(createdAt: new DateTimeOffset(2004, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await store.Batches.InsertAsync(large, largeChunks, default);
        await store.Batches.InsertAsync(second, [largeChunks[0] with { BatchId = second.Id }], default);
        await store.Batches.InsertAsync(small, smallChunks, default);

        Assert.Equal(large.Id, (await ClaimAndHandBackAsync(Now)).Id);
        Assert.Equal(small.Id, (await ClaimAndHandBackAsync(Now.AddSeconds(1))).Id);
        Assert.Equal(large.Id, (await ClaimAndHandBackAsync(Now.AddSeconds(2))).Id);
        Assert.Equal(small.Id, (await ClaimAndHandBackAsync(Now.AddSeconds(3))).Id);
        await DrainAsync(Now.AddSeconds(4));
    }

    [StoreFact]
    public async Task A_batch_whose_work_fails_or_whose_lease_runs_out_too_often_is_parked_with_its_last_error()
    {
        await DrainAsync(Now);
        (AwardBatch batch, BatchChunk[] chunks) = Sample(createdAt: new DateTimeOffset(2003, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await store.Batches.InsertAsync(batch, chunks, default);

        Assert.Equal(batch.Id, (await store.BatchJobs.ClaimNextAsync("w1", Now, Now.AddSeconds(30), 3, default))?.Id);
        Assert.Equal(WriteOutcome.Conflict, await store.BatchJobs.FailAsync(batch.Id, "w2", "not mine", Now, 3, default));
        Assert.Equal(WriteOutcome.Written, await store.BatchJobs.FailAsync(batch.Id, "w1", "The batch's worker failed: boom.", Now, 3, default));
        AwardBatch? retried = await store.BatchJobs.ClaimNextAsync("w2", Now.AddSeconds(1), Now.AddSeconds(31), 3, default);
        Assert.Equal((batch.Id, 1, BatchState.Running), (retried?.Id, retried?.LeaseFailures, retried?.State));
        AwardBatch? afterLapse = await store.BatchJobs.ClaimNextAsync("w3", Now.AddMinutes(1), Now.AddMinutes(2), 3, default);
        Assert.Equal((batch.Id, 2, LeasedJobs.LeaseRanOut), (afterLapse?.Id, afterLapse?.LeaseFailures, afterLapse?.LastError));

        Assert.Null(await store.BatchJobs.ClaimNextAsync("w4", Now.AddMinutes(3), Now.AddMinutes(4), 3, default));
        AwardBatch parked = (await store.Reopen().Batches.GetAsync(batch.Id, default))!;
        Assert.Equal((BatchState.Parked, 3, LeasedJobs.LeaseRanOut, (string?)null, (DateTimeOffset?)null),
            (parked.State, parked.LeaseFailures, parked.LastError, parked.LeaseOwner, parked.LeaseUntil));
        Assert.Null(await store.BatchJobs.ClaimNextAsync("w5", Now.AddYears(1), Now.AddYears(2), 3, default));
    }

    [StoreFact]
    public async Task Processed_entries_keep_no_recipient_data_and_their_results_keep_the_award_and_the_hashed_identity()
    {
        (AwardBatch batch, BatchChunk[] chunks) = Sample(entries: 5);
        await store.Batches.InsertAsync(batch, chunks, default);
        string recipientKey = IssuingService.RecipientKey(chunks[0].Entries[0].Command!.Recipient);
        BatchEntryResult[] results = [.. Enumerable.Range(0, 3).Select(i => new BatchEntryResult(batch.Id, i, BatchOutcomes.Issued, Ids.New(), [], recipientKey))];
        foreach (BatchEntryResult result in results) await store.Batches.PutResultAsync(result, default);

        AwardBatch partway = batch with { State = BatchState.Running, NextIndex = 3, Version = 2 };
        Assert.Equal(WriteOutcome.Written, await store.Batches.UpdateAsync(partway, 1, default));

        BatchChunk left = (await store.Reopen().Batches.GetChunkAsync(batch.Id, 0, default))!;
        Assert.All(left.Entries.Take(3), e => Assert.True(e.Command is null && e.Invalid is { Count: 0 }));
        Assert.Equal(chunks[0].Entries.Skip(3).Select(e => e.Command?.Recipient.Email), left.Entries.Skip(3).Select(e => e.Command?.Recipient.Email));
        Assert.DoesNotContain("ada@school.example", System.Text.Json.JsonSerializer.Serialize(left.Entries.Take(3)), StringComparison.Ordinal);
        IReadOnlyList<BatchEntryResult> kept = await store.Batches.ListResultsAsync(batch.Id, -1, 10, default);
        Assert.Equal(results.Select(r => (r.AwardId, recipientKey)), kept.Select(r => (r.AwardId, r.RecipientKey!)));
        Assert.DoesNotContain("ada@", System.Text.Json.JsonSerializer.Serialize(kept), StringComparison.Ordinal);

        await store.Batches.UpdateAsync(partway with { State = BatchState.Completed, NextIndex = 5, CompletedAt = Now, Version = 3 }, 2, default);
        Assert.Null(await store.Batches.GetChunkAsync(batch.Id, 0, default));
    }
}
