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
            Task.Run(() => store.Batches.ClaimAsync($"worker-{i}", Now, Now.AddSeconds(30), default))));

        AwardBatch claimed = Assert.Single(claims, c => c?.Id == batch.Id)!;
        Assert.Equal((BatchState.Running, Now.AddSeconds(30), batch.Version + 1), (claimed.State, claimed.LeaseUntil, claimed.Version));
        Same.Equal(claimed, await store.Batches.GetAsync(batch.Id, default));
        AwardBatch? stillHeld = await store.Batches.ClaimAsync("late", Now.AddSeconds(10), Now.AddSeconds(40), default);
        Assert.NotEqual(batch.Id, stillHeld?.Id);
        AwardBatch? taken = await store.Batches.ClaimAsync("successor", Now.AddSeconds(31), Now.AddSeconds(61), default);
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
        for (AwardBatch? other; (other = await store.Batches.ClaimAsync("w", Now.AddYears(5), Now.AddYears(6), default)) is not null;)
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
}
