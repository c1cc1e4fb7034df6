using System.Text.Json;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Webhook subscriptions and deliveries in SQLite; deliveries are leased jobs (<see cref="SqliteJobKind.WebhookDeliveries"/>).</summary>
public sealed class SqliteWebhookStore(SqliteDatabase db) : IWebhookStore
{
    private static readonly VersionedTable Versioned = new(
        "UPDATE webhook_deliveries SET state = $state, next_attempt_at = $next, lease_until = $until, version = $version, doc = $doc WHERE id = $id AND version = $expected",
        "SELECT COUNT(*) FROM webhook_deliveries WHERE id = $id");

    /// <inheritdoc />
    public Task<WriteOutcome> InsertSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return db.InsertAsync("INSERT INTO webhooks (id, issuer_id, created_at, doc) VALUES ($id, $issuer, $created, $doc)",
            Parameters.Of(("$id", subscription.Id), ("$issuer", subscription.IssuerId), ("$created", SqliteAwardStore.Timestamp(subscription.CreatedAt)),
                ("$doc", SqliteJson.Serialize(WebhookSubscriptionDocument.From(subscription)))), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string issuerId, CancellationToken cancellationToken) =>
        [.. (await db.QueryAsync<WebhookSubscriptionDocument>("SELECT doc FROM webhooks WHERE issuer_id = $issuer ORDER BY created_at, id",
            Parameters.Of(("$issuer", issuerId)), cancellationToken)).Select(d => d.ToDomain())];

    /// <inheritdoc />
    public async Task<WebhookSubscription?> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<WebhookSubscriptionDocument>("SELECT doc FROM webhooks WHERE id = $id", Parameters.Of(("$id", subscriptionId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<Page<WebhookSubscription>> ListAllSubscriptionsAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        Parameters.Page(await db.QueryAsync<WebhookSubscriptionDocument>("SELECT doc FROM webhooks WHERE id > $cursor ORDER BY id LIMIT $limit",
            Parameters.Of(("$cursor", cursor ?? ""), ("$limit", limit + 1)), cancellationToken), limit, d => d.Id, d => d.ToDomain());

    /// <inheritdoc />
    public Task<WriteOutcome> ReplaceSecretAsync(string subscriptionId, EncryptedSecret expected, EncryptedSecret replacement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        return db.UpdateAsync(
            "UPDATE webhooks SET doc = json_set(doc, '$.kekId', $kek, '$.nonce', $nonce, '$.ciphertext', $ciphertext, '$.tag', $tag) " +
            "WHERE id = $id AND json_extract(doc, '$.nonce') = $expected",
            "SELECT COUNT(*) FROM webhooks WHERE id = $id",
            Parameters.Of(("$id", subscriptionId), ("$expected", Convert.ToBase64String(expected.Nonce)), ("$kek", replacement.KeyEncryptionKeyId),
                ("$nonce", Convert.ToBase64String(replacement.Nonce)), ("$ciphertext", Convert.ToBase64String(replacement.Ciphertext)), ("$tag", Convert.ToBase64String(replacement.Tag))),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<WriteOutcome> DeleteSubscriptionAsync(string issuerId, string subscriptionId, CancellationToken cancellationToken) =>
        await db.WriteAsync("DELETE FROM webhooks WHERE id = $id AND issuer_id = $issuer", Parameters.Of(("$id", subscriptionId), ("$issuer", issuerId)), cancellationToken) == 1
            ? WriteOutcome.Written : WriteOutcome.NotFound;

    /// <inheritdoc />
    public Task<WriteOutcome> InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return db.InsertAsync("INSERT INTO webhook_deliveries (id, subscription_id, state, next_attempt_at, lease_until, created_at, version, doc) " +
            "VALUES ($id, $subscription, $state, $next, $until, $created, $version, $doc)", Row(delivery), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookDelivery>> ListIssuerDeliveriesAsync(string issuerId, IReadOnlyList<DeliveryState> states, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        return [.. (await db.QueryAsync<WebhookDeliveryDocument>(
            "SELECT doc FROM webhook_deliveries WHERE state IN (SELECT value FROM json_each($states)) AND json_extract(doc, '$.issuerId') = $issuer " +
            "ORDER BY created_at DESC, id DESC LIMIT $limit",
            Parameters.Of(("$issuer", issuerId), ("$states", JsonSerializer.Serialize(states.Select(s => s.ToString()))), ("$limit", limit)), cancellationToken))
            .Select(d => d.ToDomain())];
    }

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateDeliveryAsync(WebhookDelivery delivery, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return db.UpdateAsync(Versioned, delivery.Id, expectedVersion, Row(delivery), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken) =>
        [.. (await db.QueryAsync<WebhookDeliveryDocument>(
            "SELECT doc FROM webhook_deliveries WHERE subscription_id = $subscription AND ($state IS NULL OR state = $state) ORDER BY created_at DESC, id DESC LIMIT $limit",
            Parameters.Of(("$subscription", subscriptionId), ("$state", state?.ToString()), ("$limit", limit)), cancellationToken)).Select(d => d.ToDomain())];

    private static Dictionary<string, object?> Row(WebhookDelivery d) => Parameters.Of(("$id", d.Id), ("$subscription", d.SubscriptionId), ("$state", d.State.ToString()),
        ("$next", SqliteAwardStore.Timestamp(d.NextAttemptAt)), ("$until", d.LeaseUntil is { } until ? SqliteAwardStore.Timestamp(until) : null),
        ("$created", SqliteAwardStore.Timestamp(d.CreatedAt)), ("$version", d.Version), ("$doc", SqliteJson.Serialize(WebhookDeliveryDocument.From(d))));
}
