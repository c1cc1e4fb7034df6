// Per-issuer webhook subscriptions and the deliveries their events create. Secrets are random 32 bytes, shown once at
// registration and sealed at rest (AES-256-GCM under the key-encryption key), as private signing keys are.
using System.Security.Cryptography;
using System.Text.Json;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Core.Webhooks;

/// <summary>What webhooks may do.</summary>
public sealed record WebhookOptions
{
    /// <summary>Allow http and loopback/private addresses (development only).</summary>
    public bool AllowPrivateNetworks { get; init; }

    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles with every further failure, up to an hour.</summary>
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries this process sends at once, to all receivers together.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Deliveries this process sends at once to one webhook; a slow receiver holds up only its own deliveries.</summary>
    public int PerEndpointLimit { get; init; } = 2;

    /// <summary>Lease failures (a sender that died or hung, or failed unexpectedly) after which a delivery is parked.</summary>
    public int MaxLeaseFailures { get; init; } = 5;

    /// <summary>How long a worker holds a delivery it attempts; a dead worker's delivery is attempted again once it runs out.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A new subscription and its secret, which is shown this once.</summary>
public sealed record NewWebhook(WebhookSubscription Subscription, string Secret);

/// <summary>Registers webhooks and queues their deliveries.</summary>
public sealed class WebhookService(IWebhookStore store, KeyEncryption encryption, WebhookOptions options, AuditTrail audit, TimeProvider time)
{
    private const int MaxSubscriptions = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers <paramref name="url"/> for <paramref name="events"/> after checking where it points.</summary>
    public async Task<Outcome<NewWebhook>> SubscribeAsync(string issuerId, string url, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        List<FieldError> errors = [];
        if (await WebhookAddresses.ProblemAsync(url, options.AllowPrivateNetworks, cancellationToken) is { } problem) errors.Add(new FieldError("/url", problem));
        if (events.Count == 0 || events.Any(e => !WebhookEvents.All.Contains(e)))
            errors.Add(new FieldError("/events", $"must list one or more of {string.Join(", ", WebhookEvents.All)}."));
        if (errors.Count > 0) return new Invalid<NewWebhook>(errors);
        if ((await store.ListSubscriptionsAsync(issuerId, cancellationToken)).Count >= MaxSubscriptions)
            return new Conflict<NewWebhook>($"An issuer may have at most {MaxSubscriptions} webhooks; delete one first.");

        string id = Ids.New();
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        try
        {
            WebhookSubscription subscription = new(id, issuerId, url, [.. events.Distinct(StringComparer.Ordinal)], encryption.Seal(secret, id), time.GetUtcNow());
            return await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.WebhookCreated, 1, ("webhookId", id)),
                    () => store.InsertSubscriptionAsync(subscription, cancellationToken), cancellationToken) == WriteOutcome.Written
                ? new Done<NewWebhook>(new NewWebhook(subscription, "whsec_" + Base64Url.Encode(secret)), Created: true)
                : new Conflict<NewWebhook>("A webhook with this id already exists; try again.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>The issuer's webhooks.</summary>
    public Task<IReadOnlyList<WebhookSubscription>> ListAsync(string issuerId, CancellationToken cancellationToken) => store.ListSubscriptionsAsync(issuerId, cancellationToken);

    /// <summary>Deletes a webhook; its pending deliveries are dead-lettered when they come up.</summary>
    public async Task<Outcome<string>> DeleteAsync(string issuerId, string subscriptionId, CancellationToken cancellationToken) =>
        await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.WebhookDeleted, 1, ("webhookId", subscriptionId)),
            () => store.DeleteSubscriptionAsync(issuerId, subscriptionId, cancellationToken), cancellationToken) == WriteOutcome.Written
            ? new Done<string>(subscriptionId)
            : new NotFound<string>($"Issuer '{Check.Shorten(issuerId)}' has no webhook '{Check.Shorten(subscriptionId)}'.");

    /// <summary>The deliveries that need the issuer's attention, over all its webhooks, newest first: dead letters and parked ones.</summary>
    public static readonly IReadOnlyList<DeliveryState> Unsent = [DeliveryState.Dead, DeliveryState.Parked];

    /// <summary>The issuer's deliveries in <paramref name="states"/> (one of <see cref="Unsent"/>, or all of them) over all its webhooks, newest first.</summary>
    public Task<IReadOnlyList<WebhookDelivery>> UnsentAsync(string issuerId, IReadOnlyList<DeliveryState> states, int limit, CancellationToken cancellationToken) =>
        store.ListIssuerDeliveriesAsync(issuerId, states, Math.Clamp(limit, 1, 200), cancellationToken);

    /// <summary>A webhook's deliveries, newest first, optionally only those in <paramref name="state"/> (e.g. the dead letters).</summary>
    public async Task<Outcome<IReadOnlyList<WebhookDelivery>>> DeliveriesAsync(string issuerId, string subscriptionId, DeliveryState? state, int limit, CancellationToken cancellationToken)
    {
        if (await store.GetSubscriptionAsync(subscriptionId, cancellationToken) is not { } subscription || !string.Equals(subscription.IssuerId, issuerId, StringComparison.Ordinal))
            return new NotFound<IReadOnlyList<WebhookDelivery>>($"Issuer '{Check.Shorten(issuerId)}' has no webhook '{Check.Shorten(subscriptionId)}'.");
        return new Done<IReadOnlyList<WebhookDelivery>>(await store.ListDeliveriesAsync(subscriptionId, state, Math.Clamp(limit, 1, 200), cancellationToken));
    }

    /// <summary>Queues one delivery of <paramref name="eventType"/> per subscription of the issuer that asked for it.</summary>
    public Task PublishAsync(string issuerId, string eventType, object data, CancellationToken cancellationToken) =>
        PublishAsync(issuerId, eventType, null, data, cancellationToken);

    /// <summary>
    /// Queues one delivery of <paramref name="eventType"/> per subscription of the issuer that asked for it. With an
    /// <paramref name="eventId"/>, each delivery's id is derived from it and the subscription: publishing the same event
    /// again (a step repeated after a crash) finds the deliveries already there and adds none.
    /// </summary>
    public async Task PublishAsync(string issuerId, string eventType, string? eventId, object data, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach (WebhookSubscription subscription in await WantingAsync(issuerId, eventType, cancellationToken))
            await store.InsertDeliveryAsync(
                Delivery(eventId is null ? Ids.New() : Ids.Derived(eventType, eventId, subscription.Id), subscription, eventType, data, now), cancellationToken);
    }

    /// <summary>
    /// Queues one delivery of an outbox event per subscription of its issuer that asks for its type, each under an id
    /// derived from the event and the subscription: queuing the same event again (after a crash before the event was
    /// marked done) finds the deliveries already there and adds none.
    /// </summary>
    public async Task QueueAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        using JsonDocument data = JsonDocument.Parse(outboxEvent.DataJson);
        foreach (WebhookSubscription subscription in await WantingAsync(outboxEvent.IssuerId, outboxEvent.Type, cancellationToken))
            await store.InsertDeliveryAsync(Delivery(Ids.Derived(outboxEvent.Id, subscription.Id), subscription, outboxEvent.Type, data.RootElement, outboxEvent.CreatedAt), cancellationToken);
    }

    private async Task<IEnumerable<WebhookSubscription>> WantingAsync(string issuerId, string eventType, CancellationToken cancellationToken) =>
        (await store.ListSubscriptionsAsync(issuerId, cancellationToken)).Where(s => s.Events.Contains(eventType, StringComparer.Ordinal));

    /// <summary>A pending delivery of <paramref name="data"/> to <paramref name="subscription"/>; its payload's <c>id</c> is the delivery's.</summary>
    private static WebhookDelivery Delivery(string id, WebhookSubscription subscription, string eventType, object data, DateTimeOffset createdAt)
    {
        string payload = JsonSerializer.Serialize(new { id, type = eventType, createdAt, issuerId = subscription.IssuerId, data }, Json);
        return new WebhookDelivery(id, subscription.IssuerId, subscription.Id, eventType, payload, DeliveryState.Pending, 0, createdAt, null, null, null, createdAt, null, 1);
    }
}
