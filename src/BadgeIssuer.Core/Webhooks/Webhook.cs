using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Core.Webhooks;

/// <summary>The events a subscription may ask for.</summary>
public static class WebhookEvents
{
    /// <summary>An award was issued (also a stacked one, or an entry of a batch).</summary>
    public const string AwardIssued = "award.issued";

    /// <summary>An award was revoked (also when superseded by a reissue).</summary>
    public const string AwardRevoked = "award.revoked";

    /// <summary>An award was suspended.</summary>
    public const string AwardSuspended = "award.suspended";

    /// <summary>A suspension was lifted.</summary>
    public const string AwardUnsuspended = "award.unsuspended";

    /// <summary>An award was claimed into a learner's wallet: its credential now names the learner's DID.</summary>
    public const string AwardClaimed = "award.claimed";

    /// <summary>Every entry of an award batch has a result.</summary>
    public const string BatchCompleted = "batch.completed";

    /// <summary>A teacher's evidence was submitted (or resubmitted) for review and its assessors assigned.</summary>
    public const string SubmissionSubmitted = "submission.submitted";

    /// <summary>An assessor's review of a submission came in.</summary>
    public const string SubmissionReviewed = "submission.reviewed";

    /// <summary>A submission's round was decided: met (the award is issued) or not yet met (the teacher has the feedback).</summary>
    public const string SubmissionDecided = "submission.decided";

    /// <summary>All of them.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        AwardIssued, AwardRevoked, AwardSuspended, AwardUnsuspended, AwardClaimed, BatchCompleted, SubmissionSubmitted, SubmissionReviewed, SubmissionDecided,
    };
}

/// <summary>An issuer's webhook: where to POST which events, and the HMAC secret (sealed at rest like private keys).</summary>
public sealed record WebhookSubscription(string Id, string IssuerId, string Url, IReadOnlyList<string> Events, EncryptedSecret Secret, DateTimeOffset CreatedAt);

/// <summary>Where a delivery is.</summary>
public enum DeliveryState
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,
    /// <summary>Every attempt failed; kept for the issuer to see (dead letter).</summary>
    Dead,
    /// <summary>
    /// Its lease ran out <see cref="WebhookOptions.MaxLeaseFailures"/> times (the sender died or hung mid-attempt); it is
    /// never claimed again, and <see cref="WebhookDelivery.LastError"/> says what went wrong last.
    /// </summary>
    Parked,
}

/// <summary>One event for one subscription, attempted with exponential backoff under a lease, then delivered or dead-lettered.</summary>
public sealed record WebhookDelivery(
    string Id,
    string IssuerId,
    string SubscriptionId,
    string Event,
    string PayloadJson,
    DeliveryState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt,
    long Version)
{
    /// <summary>Times the delivery's lease failed (ran out, or its sender failed) rather than an attempt being recorded.</summary>
    public int LeaseFailures { get; init; }
}
