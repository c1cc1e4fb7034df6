using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Webhook subscriptions and deliveries, one document each. Deliveries are claimed, released and their failures counted
/// through the leased-job primitive (<see cref="ILeasedJobs{TJob}"/> of <see cref="WebhookDelivery"/>), due soonest first.
/// </summary>
public interface IWebhookStore
{
    /// <summary>Stores a subscription; <see cref="WriteOutcome.Conflict"/> when the id exists.</summary>
    Task<WriteOutcome> InsertSubscriptionAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    /// <summary>The issuer's subscriptions, oldest first.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListSubscriptionsAsync(string issuerId, CancellationToken cancellationToken);

    /// <summary>The subscription, or <c>null</c>.</summary>
    Task<WebhookSubscription?> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Every subscription of every issuer, ordered by id, after <paramref name="cursor"/> when given.</summary>
    Task<Page<WebhookSubscription>> ListAllSubscriptionsAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the subscription's sealed secret with <paramref name="replacement"/> in one conditional write, only while
    /// the stored one is still <paramref name="expected"/> (its nonce, fresh for every sealing);
    /// <see cref="WriteOutcome.Conflict"/> when it is another, <see cref="WriteOutcome.NotFound"/> when the subscription is gone.
    /// </summary>
    Task<WriteOutcome> ReplaceSecretAsync(string subscriptionId, EncryptedSecret expected, EncryptedSecret replacement, CancellationToken cancellationToken);

    /// <summary>Deletes the issuer's subscription; <see cref="WriteOutcome.NotFound"/> when it has none with that id.</summary>
    Task<WriteOutcome> DeleteSubscriptionAsync(string issuerId, string subscriptionId, CancellationToken cancellationToken);

    /// <summary>Stores a new delivery.</summary>
    Task<WriteOutcome> InsertDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    /// <summary>The issuer's deliveries in <paramref name="states"/> over all its webhooks, newest first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListIssuerDeliveriesAsync(string issuerId, IReadOnlyList<DeliveryState> states, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the delivery if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateDeliveryAsync(WebhookDelivery delivery, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>A subscription's deliveries, newest first, optionally in one state.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken);
}
