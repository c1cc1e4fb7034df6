using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Webhook subscriptions and deliveries in MongoDB; a delivery is claimed with one findOneAndUpdate.</summary>
public sealed class MongoWebhookStore(MongoDatabase db) : IWebhookStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.Webhooks, WebhookSubscriptionDocument.From(subscription), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string issuerId, CancellationToken cancellationToken) =>
        [.. (await db.Webhooks.Find(d => d.IssuerId == issuerId).SortBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken)).Select(d => d.ToDomain())];

    /// <inheritdoc />
    public async Task<WebhookSubscription?> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        (await db.Webhooks.Find(d => d.Id == subscriptionId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<WriteOutcome> DeleteSubscriptionAsync(string issuerId, string subscriptionId, CancellationToken cancellationToken) =>
        (await db.Webhooks.DeleteOneAsync(d => d.Id == subscriptionId && d.IssuerId == issuerId, cancellationToken)).DeletedCount == 1 ? WriteOutcome.Written : WriteOutcome.NotFound;

    /// <inheritdoc />
    public Task<WriteOutcome> InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.WebhookDeliveries, WebhookDeliveryDocument.From(delivery), cancellationToken);

    /// <inheritdoc />
    public async Task<WebhookDelivery?> ClaimDueAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        FilterDefinitionBuilder<WebhookDeliveryDocument> f = Builders<WebhookDeliveryDocument>.Filter;
        WebhookDeliveryDocument? claimed = await db.WebhookDeliveries.FindOneAndUpdateAsync(
            f.Eq(d => d.State, nameof(DeliveryState.Pending)) & f.Lte(d => d.NextAttemptAt, now) & (f.Eq(d => d.LeaseUntil, null) | f.Lt(d => d.LeaseUntil, now)),
            Builders<WebhookDeliveryDocument>.Update.Set(d => d.LeaseOwner, owner).Set(d => d.LeaseUntil, leaseUntil).Inc(d => d.Version, 1),
            new FindOneAndUpdateOptions<WebhookDeliveryDocument>
            {
                Sort = Builders<WebhookDeliveryDocument>.Sort.Ascending(d => d.NextAttemptAt).Ascending(d => d.Id),
                ReturnDocument = ReturnDocument.After,
            },
            cancellationToken);
        return claimed?.ToDomain();
    }

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateDeliveryAsync(WebhookDelivery delivery, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return MongoDatabase.ReplaceAsync(db.WebhookDeliveries, delivery.Id, expectedVersion, WebhookDeliveryDocument.From(delivery), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        FilterDefinitionBuilder<WebhookDeliveryDocument> f = Builders<WebhookDeliveryDocument>.Filter;
        FilterDefinition<WebhookDeliveryDocument> filter = f.Eq(d => d.SubscriptionId, subscriptionId);
        if (state is { } s) filter &= f.Eq(d => d.State, s.ToString());
        return [.. (await db.WebhookDeliveries.Find(filter).SortByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Limit(limit).ToListAsync(cancellationToken)).Select(d => d.ToDomain())];
    }
}
