// The transactional outbox: an event is stored in the same atomic write as the state change it reports (an award
// inserted, revoked, suspended or reinstated), so a change is never committed without its event nor the other way
// round; OutboxDispatcher turns each event into its side effects afterwards, under a lease (ILeasedJobs).
using System.Text.Json;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Core.Outbox;

/// <summary>Where an outbox event is.</summary>
public enum OutboxState
{
    /// <summary>Its side effects are still to be made.</summary>
    Pending,
    /// <summary>Its webhook deliveries are queued and its stacking has run; it is never claimed again.</summary>
    Done,
    /// <summary>Its side effects failed as often as the caller of the leased-job primitive allows; never claimed again.</summary>
    Parked,
}

/// <summary>
/// One state change of an award, waiting for its side effects: <see cref="Type"/> is the webhook event
/// (<see cref="WebhookEvents"/>), <see cref="DataJson"/> the <c>data</c> of its deliveries. <see cref="Recipient"/> is
/// kept only on an <see cref="WebhookEvents.AwardIssued"/> event whose achievement some pathway requires, because a
/// stacked award is issued to the same recipient; it is removed once the event is done.
/// </summary>
public sealed record OutboxEvent(
    string Id,
    string IssuerId,
    string AwardId,
    string Type,
    string DataJson,
    Recipient? Recipient,
    OutboxState State,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DoneAt,
    long Version);

/// <summary>The outbox events of award changes, with the webhook data each one carries.</summary>
public static class AwardEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A new award; <paramref name="stackingRecipient"/> when a pathway requires its achievement.</summary>
    public static OutboxEvent Issued(Award award, Recipient? stackingRecipient)
    {
        ArgumentNullException.ThrowIfNull(award);
        return New(award, WebhookEvents.AwardIssued,
            new { awardId = award.Id, achievementId = award.AchievementId, credentialId = award.CredentialId, issuedAt = award.IssuedAt, supersedes = award.Supersedes },
            stackingRecipient, award.IssuedAt);
    }

    /// <summary>An award just revoked (its <see cref="Award.Revoked"/> set).</summary>
    public static OutboxEvent Revoked(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        AwardRevocation revocation = award.Revoked ?? throw new ArgumentException("The award is not revoked.", nameof(award));
        return New(award, WebhookEvents.AwardRevoked,
            new { awardId = award.Id, credentialId = award.CredentialId, reason = revocation.Reason, revokedAt = revocation.At, supersededBy = revocation.SupersededBy },
            null, revocation.At);
    }

    /// <summary>An award just suspended, or reinstated when its <see cref="Award.Suspended"/> is null, at <paramref name="at"/>.</summary>
    public static OutboxEvent SuspensionChanged(Award award, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(award);
        return New(award, award.Suspended is null ? WebhookEvents.AwardUnsuspended : WebhookEvents.AwardSuspended,
            new { awardId = award.Id, credentialId = award.CredentialId, reason = award.Suspended?.Reason, at }, null, at);
    }

    /// <summary>An award just claimed (its <see cref="Award.Holder"/> set).</summary>
    public static OutboxEvent Claimed(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        AwardHolder holder = award.Holder ?? throw new ArgumentException("The award is not claimed.", nameof(award));
        return New(award, WebhookEvents.AwardClaimed,
            new { awardId = award.Id, credentialId = award.CredentialId, holder = holder.Did, via = holder.Via, claimedAt = holder.ClaimedAt },
            null, holder.ClaimedAt);
    }

    private static OutboxEvent New(Award award, string type, object data, Recipient? recipient, DateTimeOffset at) =>
        new(Ids.New(), award.IssuerId, award.Id, type, JsonSerializer.Serialize(data, Json), recipient, OutboxState.Pending, null, null, at, null, 1);
}
