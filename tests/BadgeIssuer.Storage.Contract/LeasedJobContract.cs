using BadgeIssuer.Core;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Storage.Contract;

/// <summary>The leased-job primitive, on the two kinds the service has: one with a due time (webhook deliveries) and one without (batches).</summary>
public abstract class LeasedJobContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Past = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WebhookDelivery Delivery(DateTimeOffset due) =>
        new(Ids.New(), Ids.New(), Ids.New(), WebhookEvents.AwardIssued, """{"type":"award.issued"}""", DeliveryState.Pending, 0, due, null, null, null, due, null, 1);

    private async Task<WebhookDelivery> StoredAsync(WebhookDelivery delivery) =>
        Assert.Single(await store.Webhooks.ListDeliveriesAsync(delivery.SubscriptionId, null, 10, default));

    [StoreFact]
    public async Task A_due_job_goes_to_one_worker_and_once_completed_to_none()
    {
        WebhookDelivery due = Delivery(Past);
        WebhookDelivery later = Delivery(new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await store.Webhooks.InsertDeliveryAsync(due, default);
        await store.Webhooks.InsertDeliveryAsync(later, default);

        WebhookDelivery?[] claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.DeliveryJobs.ClaimNextAsync($"w{i}", Now, Now.AddMinutes(1), default))));

        WebhookDelivery claimed = Assert.Single(claims, c => c is not null)!;
        Assert.Equal((due.Id, DeliveryState.Pending, Now.AddMinutes(1), due.Version + 1), (claimed.Id, claimed.State, claimed.LeaseUntil, claimed.Version));
        string owner = claimed.LeaseOwner!;
        Assert.Equal(WriteOutcome.Conflict, await store.DeliveryJobs.CompleteAsync(due.Id, owner + "-other", Now, default));
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.CompleteAsync(due.Id, owner, Now.AddSeconds(3), default));
        Assert.Equal(WriteOutcome.Conflict, await store.DeliveryJobs.CompleteAsync(due.Id, owner, Now.AddSeconds(3), default));

        WebhookDelivery delivered = await StoredAsync(due);
        Assert.Equal((DeliveryState.Delivered, Now.AddSeconds(3), (string?)null, (DateTimeOffset?)null, claimed.Version + 1),
            (delivered.State, delivered.DeliveredAt, delivered.LeaseOwner, delivered.LeaseUntil, delivered.Version));
        Assert.Null(await store.DeliveryJobs.ClaimNextAsync("w", Now.AddHours(1), Now.AddHours(2), default));
    }

    [StoreFact]
    public async Task A_lease_is_renewed_only_by_its_holder_and_a_released_job_waits_for_its_retry_time()
    {
        WebhookDelivery delivery = Delivery(Past);
        await store.Webhooks.InsertDeliveryAsync(delivery, default);
        Assert.Equal(delivery.Id, (await store.DeliveryJobs.ClaimNextAsync("w1", Now, Now.AddMinutes(1), default))?.Id);

        Assert.Equal(WriteOutcome.Conflict, await store.DeliveryJobs.RenewAsync(delivery.Id, "w2", Now.AddMinutes(5), default));
        Assert.Equal(WriteOutcome.NotFound, await store.DeliveryJobs.RenewAsync(Ids.New(), "w1", Now.AddMinutes(5), default));
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.RenewAsync(delivery.Id, "w1", Now.AddMinutes(5), default));
        Assert.Equal((Now.AddMinutes(5), delivery.Version + 2), ((await StoredAsync(delivery)).LeaseUntil, (await StoredAsync(delivery)).Version));
        Assert.Null(await store.DeliveryJobs.ClaimNextAsync("w2", Now.AddMinutes(2), Now.AddMinutes(3), default));

        Assert.Equal(WriteOutcome.Conflict, await store.DeliveryJobs.ReleaseAsync(delivery.Id, "w2", Now.AddMinutes(10), default));
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.ReleaseAsync(delivery.Id, "w1", Now.AddMinutes(10), default));
        WebhookDelivery released = await StoredAsync(delivery);
        Assert.Equal((DeliveryState.Pending, Now.AddMinutes(10), (string?)null, (DateTimeOffset?)null), (released.State, released.NextAttemptAt, released.LeaseOwner, released.LeaseUntil));
        Assert.Null(await store.DeliveryJobs.ClaimNextAsync("w2", Now.AddMinutes(6), Now.AddMinutes(7), default));

        WebhookDelivery? retried = await store.DeliveryJobs.ClaimNextAsync("w3", Now.AddMinutes(11), Now.AddMinutes(12), default);
        Assert.Equal((delivery.Id, "w3"), (retried?.Id, retried?.LeaseOwner));
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.CompleteAsync(delivery.Id, "w3", Now.AddMinutes(11), default));
    }

    [StoreFact]
    public async Task A_job_without_a_due_time_runs_under_its_lease_and_is_taken_over_once_the_lease_runs_out()
    {
        AwardBatch batch = new(Ids.New(), Ids.New(), null, "fingerprint", 1, BatchState.Queued, 0, null, null, Past, null, 1);
        await store.Batches.InsertAsync(batch, [new BatchChunk(batch.Id, 0, [new BatchEntry(null, [new Core.Validation.FieldError("/recipient", "is required.")])])], default);

        AwardBatch? first = await store.BatchJobs.ClaimNextAsync("w1", Now, Now.AddMinutes(1), default);
        Assert.Equal((batch.Id, BatchState.Running, "w1"), (first?.Id, first?.State, first?.LeaseOwner));
        Assert.Null(await store.BatchJobs.ClaimNextAsync("w2", Now.AddSeconds(30), Now.AddMinutes(2), default));
        AwardBatch? second = await store.BatchJobs.ClaimNextAsync("w2", Now.AddMinutes(2), Now.AddMinutes(3), default);
        Assert.Equal((batch.Id, "w2", batch.Version + 2), (second?.Id, second?.LeaseOwner, second?.Version));

        Assert.Equal(WriteOutcome.Conflict, await store.BatchJobs.CompleteAsync(batch.Id, "w1", Now.AddMinutes(2), default));
        Assert.Equal(WriteOutcome.Written, await store.BatchJobs.CompleteAsync(batch.Id, "w2", Now.AddMinutes(2), default));
        AwardBatch completed = (await store.Reopen().Batches.GetAsync(batch.Id, default))!;
        Assert.Equal((BatchState.Completed, Now.AddMinutes(2), (string?)null, batch.Version + 3), (completed.State, completed.CompletedAt, completed.LeaseOwner, completed.Version));
        Assert.Null(await store.Batches.GetChunkAsync(batch.Id, 0, default));
        Assert.Null(await store.BatchJobs.ClaimNextAsync("w3", Now.AddHours(1), Now.AddHours(2), default));
    }

    [StoreFact]
    public async Task A_job_counts_each_lease_that_runs_out_or_fails_and_is_parked_at_the_limit_with_its_last_error()
    {
        WebhookDelivery delivery = Delivery(Past);
        await store.Webhooks.InsertDeliveryAsync(delivery, default);
        DateTimeOffset t = Now.AddDays(1);

        Assert.Equal(delivery.Id, (await store.DeliveryJobs.ClaimNextAsync("w1", t, t.AddMinutes(1), 3, default))?.Id);
        WebhookDelivery? afterLapse = await store.DeliveryJobs.ClaimNextAsync("w2", t.AddMinutes(2), t.AddMinutes(3), 3, default);
        Assert.Equal((delivery.Id, 1, LeasedJobs.LeaseRanOut), (afterLapse?.Id, afterLapse?.LeaseFailures, afterLapse?.LastError));
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.FailAsync(delivery.Id, "w2", "Sending failed: boom.", t.AddMinutes(4), 3, default));
        WebhookDelivery failed = await StoredAsync(delivery);
        Assert.Equal((DeliveryState.Pending, 2, "Sending failed: boom.", t.AddMinutes(4), (string?)null),
            (failed.State, failed.LeaseFailures, failed.LastError, failed.NextAttemptAt, failed.LeaseOwner));
        Assert.Null(await store.DeliveryJobs.ClaimNextAsync("w3", t.AddMinutes(3), t.AddMinutes(5), 3, default));

        Assert.Equal(delivery.Id, (await store.DeliveryJobs.ClaimNextAsync("w3", t.AddMinutes(5), t.AddMinutes(6), 3, default))?.Id);
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.FailAsync(delivery.Id, "w3", "Sending failed: boom again.", t.AddMinutes(7), 3, default));
        WebhookDelivery parked = await StoredAsync(delivery);
        Assert.Equal((DeliveryState.Parked, 3, "Sending failed: boom again."), (parked.State, parked.LeaseFailures, parked.LastError));
        Assert.Null(await store.DeliveryJobs.ClaimNextAsync("w4", t.AddYears(1), t.AddYears(2), default));
    }

    [StoreFact]
    public async Task A_claim_passes_over_the_groups_it_is_told_to_skip()
    {
        WebhookDelivery busy = Delivery(Past.AddDays(-2));
        WebhookDelivery free = Delivery(Past.AddDays(-1));
        await store.Webhooks.InsertDeliveryAsync(busy, default);
        await store.Webhooks.InsertDeliveryAsync(free, default);
        DateTimeOffset t = Now.AddDays(2);

        WebhookDelivery? claimed = await store.DeliveryJobs.ClaimNextAsync("w", t, t.AddMinutes(1), 5, [busy.SubscriptionId], default);
        Assert.Equal(free.Id, claimed?.Id);
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.CompleteAsync(free.Id, "w", t, default));
        Assert.Equal(busy.Id, (await store.DeliveryJobs.ClaimNextAsync("w", t, t.AddMinutes(1), 5, [], default))?.Id);
        Assert.Equal(WriteOutcome.Written, await store.DeliveryJobs.CompleteAsync(busy.Id, "w", t, default));
    }
}
