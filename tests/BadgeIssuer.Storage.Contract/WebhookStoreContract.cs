using BadgeIssuer.Core;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Storage.Contract;

public abstract class WebhookStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static WebhookSubscription Subscription(string issuerId, DateTimeOffset? createdAt = null) =>
        new(Ids.New(), issuerId, "https://hooks.example.org/badges", [WebhookEvents.AwardIssued, WebhookEvents.AwardRevoked],
            new EncryptedSecret("kek", [1, 2, 3], [4, 5, 6], [7, 8]), createdAt ?? Now);

    private static WebhookDelivery Delivery(WebhookSubscription s, DateTimeOffset due) =>
        new(Ids.New(), s.IssuerId, s.Id, WebhookEvents.AwardIssued, """{"type":"award.issued"}""", DeliveryState.Pending, 0, due, null, null, null, due, null, 1);

    [StoreFact]
    public async Task Subscriptions_round_trip_list_by_issuer_and_delete_only_for_their_issuer()
    {
        string issuerId = Ids.New();
        WebhookSubscription first = Subscription(issuerId, Now);
        WebhookSubscription second = Subscription(issuerId, Now.AddMinutes(1));
        await store.Webhooks.InsertSubscriptionAsync(second, default);
        await store.Webhooks.InsertSubscriptionAsync(first, default);
        await store.Webhooks.InsertSubscriptionAsync(Subscription(Ids.New()), default);

        Assert.Equal([first.Id, second.Id], (await store.Reopen().Webhooks.ListSubscriptionsAsync(issuerId, default)).Select(s => s.Id));
        Same.Equal(first, await store.Webhooks.GetSubscriptionAsync(first.Id, default));
        Assert.Equal(WriteOutcome.NotFound, await store.Webhooks.DeleteSubscriptionAsync(Ids.New(), first.Id, default));
        Assert.Equal(WriteOutcome.Written, await store.Webhooks.DeleteSubscriptionAsync(issuerId, first.Id, default));
        Assert.Null(await store.Webhooks.GetSubscriptionAsync(first.Id, default));
    }

    [StoreFact]
    public async Task Listing_all_subscriptions_pages_through_every_one()
    {
        HashSet<string> inserted = [];
        for (int i = 0; i < 3; i++)
        {
            WebhookSubscription subscription = Subscription(Ids.New());
            inserted.Add(subscription.Id);
            await store.Webhooks.InsertSubscriptionAsync(subscription, default);
        }

        List<string> seen = [.. (await Same.AllPagesAsync<WebhookSubscription>((cursor, limit) => store.Webhooks.ListAllSubscriptionsAsync(cursor, limit, default))).Select(s => s.Id)];

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), inserted);
    }

    [StoreFact]
    public async Task A_secret_is_replaced_only_while_the_stored_one_is_the_one_expected()
    {
        WebhookSubscription subscription = Subscription(Ids.New());
        await store.Webhooks.InsertSubscriptionAsync(subscription, default);
        EncryptedSecret resealed = new("kek-2", [9, 9, 9], [8, 8, 8], [7, 7]);
        EncryptedSecret other = new("kek-3", [6, 6, 6], [5, 5, 5], [4, 4]);

        Assert.Equal(WriteOutcome.Written, await store.Webhooks.ReplaceSecretAsync(subscription.Id, subscription.Secret, resealed, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Webhooks.ReplaceSecretAsync(subscription.Id, subscription.Secret, other, default));
        Assert.Equal(WriteOutcome.NotFound, await store.Webhooks.ReplaceSecretAsync(Ids.New(), subscription.Secret, other, default));

        Same.Equal(subscription with { Secret = resealed }, await store.Reopen().Webhooks.GetSubscriptionAsync(subscription.Id, default));
    }

    [StoreFact]
    public async Task A_due_delivery_goes_to_one_worker_and_a_future_one_to_none()
    {
        WebhookSubscription subscription = Subscription(Ids.New());
        WebhookDelivery due = Delivery(subscription, new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));
        WebhookDelivery later = Delivery(subscription, new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await store.Webhooks.InsertDeliveryAsync(due, default);
        await store.Webhooks.InsertDeliveryAsync(later, default);

        WebhookDelivery?[] claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.DeliveryJobs.ClaimNextAsync($"w{i}", Now, Now.AddMinutes(1), default))));

        WebhookDelivery claimed = Assert.Single(claims, c => c?.Id == due.Id)!;
        Assert.Equal((Now.AddMinutes(1), due.Version + 1), (claimed.LeaseUntil, claimed.Version));
        Assert.DoesNotContain(claims, c => c?.Id == later.Id);
        WebhookDelivery failed = claimed with { Attempts = 1, NextAttemptAt = Now.AddSeconds(10), LeaseOwner = null, LeaseUntil = null, LastError = "503", Version = claimed.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.Webhooks.UpdateDeliveryAsync(failed, claimed.Version, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Webhooks.UpdateDeliveryAsync(failed, claimed.Version, default));
        Assert.NotEqual(due.Id, (await store.DeliveryJobs.ClaimNextAsync("w", Now.AddSeconds(5), Now.AddMinutes(1), default))?.Id);
        Assert.Equal(due.Id, (await store.DeliveryJobs.ClaimNextAsync("w", Now.AddSeconds(11), Now.AddMinutes(1), default))?.Id);
    }

    [StoreFact]
    public async Task Deliveries_list_newest_first_and_by_state()
    {
        WebhookSubscription subscription = Subscription(Ids.New());
        WebhookDelivery old = Delivery(subscription, Now) with { State = DeliveryState.Dead, Attempts = 8, LastError = "timeout" };
        WebhookDelivery recent = Delivery(subscription, Now.AddMinutes(5)) with { State = DeliveryState.Delivered, DeliveredAt = Now.AddMinutes(5) };
        await store.Webhooks.InsertDeliveryAsync(old, default);
        await store.Webhooks.InsertDeliveryAsync(recent, default);

        Assert.Equal([recent.Id, old.Id], (await store.Webhooks.ListDeliveriesAsync(subscription.Id, null, 10, default)).Select(d => d.Id));
        Same.Equal(old, Assert.Single(await store.Webhooks.ListDeliveriesAsync(subscription.Id, DeliveryState.Dead, 10, default)));
    }
}
