namespace BadgeIssuer.Core.Mail;

/// <summary>Where a claim mail is.</summary>
public enum MailState
{
    /// <summary>Waiting for its next attempt (its first, or a retry after a failed one: then <see cref="ClaimMailJob.LastError"/> says why).</summary>
    Queued,
    /// <summary>The SMTP server accepted the message.</summary>
    Sent,
    /// <summary>Every attempt failed, or the mail no longer applied when it came up (the award was claimed or revoked); never tried again.</summary>
    Failed,
    /// <summary>
    /// Its lease ran out <see cref="MailOptions.MaxLeaseFailures"/> times (the sender died or hung mid-attempt); never
    /// claimed again, and <see cref="ClaimMailJob.LastError"/> says what went wrong last.
    /// </summary>
    Parked,
}

/// <summary>
/// One claim e-mail for one award, a leased job (<see cref="Ports.ILeasedJobs{TJob}"/>) attempted with exponential
/// backoff, then sent or failed. It holds ids only: the address is the award's <c>RecipientEmail</c> and the claim link
/// is made when the mail is sent, so a renewed claim token or a corrected address is what goes out.
/// </summary>
public sealed record ClaimMailJob(
    string Id,
    string IssuerId,
    string AwardId,
    MailState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    long Version)
{
    /// <summary>Times the job's lease failed (ran out, or its sender failed unexpectedly) rather than an attempt being recorded.</summary>
    public int LeaseFailures { get; init; }

    /// <summary>A new job for <paramref name="awardId"/>, due at once.</summary>
    public static ClaimMailJob Queue(string id, string issuerId, string awardId, DateTimeOffset now) =>
        new(id, issuerId, awardId, MailState.Queued, 0, now, null, null, null, now, null, 1);
}
