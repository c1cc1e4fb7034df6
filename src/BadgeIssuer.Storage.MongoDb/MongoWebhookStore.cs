using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Webhook subscriptions and deliveries in MongoDB; deliveries are leased jobs (<see cref="MongoJobKinds.WebhookDeliveries"/>).</summary>
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
    public Task<Page<WebhookSubscription>> ListAllSubscriptionsAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        MongoDatabase.PageAsync(db.Webhooks, Builders<WebhookSubscriptionDocument>.Filter.Empty, cursor, limit, d => d.Id, d => d.ToDomain(), cancellationToken);

    /// <inheritdoc />
    public async Task<WriteOutcome> ReplaceSecretAsync(string subscriptionId, EncryptedSecret expected, EncryptedSecret replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        FilterDefinitionBuilder<WebhookSubscriptionDocument> f = Builders<WebhookSubscriptionDocument>.Filter;
        UpdateDefinition<WebhookSubscriptionDocument> update = Builders<WebhookSubscriptionDocument>.Update
            .Set(d => d.KekId, replacement.KeyEncryptionKeyId).Set(d => d.Nonce, replacement.Nonce).Set(d => d.Ciphertext, replacement.Ciphertext).Set(d => d.Tag, replacement.Tag);
        UpdateResult result = await db.Webhooks.UpdateOneAsync(f.Eq(d => d.Id, subscriptionId) & f.Eq(d => d.Nonce, expected.Nonce), update, cancellationToken: cancellationToken);
        if (result.MatchedCount == 1) return WriteOutcome.Written;
        return await db.Webhooks.CountDocumentsAsync(f.Eq(d => d.Id, subscriptionId), cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <inheritdoc />
    public async Task<WriteOutcome> DeleteSubscriptionAsync(string issuerId, string subscriptionId, CancellationToken cancellationToken) =>
        (await db.Webhooks.DeleteOneAsync(d => d.Id == subscriptionId && d.IssuerId == issuerId, cancellationToken)).DeletedCount == 1 ? WriteOutcome.Written : WriteOutcome.NotFound;

    /// <inheritdoc />
    public Task<WriteOutcome> InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.WebhookDeliveries, WebhookDeliveryDocument.From(delivery), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookDelivery>> ListIssuerDeliveriesAsync(string issuerId, IReadOnlyList<DeliveryState> states, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        FilterDefinitionBuilder<WebhookDeliveryDocument> f = Builders<WebhookDeliveryDocument>.Filter;
        return [.. (await db.WebhookDeliveries.Find(f.Eq(d => d.IssuerId, issuerId) & f.In(d => d.State, states.Select(s => s.ToString())))
            .SortByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Limit(limit).ToListAsync(cancellationToken)).Select(d => d.ToDomain())];
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
