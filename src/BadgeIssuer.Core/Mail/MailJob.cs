namespace BadgeIssuer.Core.Mail;

/// <summary>Where a mail is.</summary>
public enum MailState
{
    /// <summary>Waiting for its next attempt (its first, or a retry after a failed one: then <see cref="MailJob.LastError"/> says why).</summary>
    Queued,
    /// <summary>The SMTP server accepted the message.</summary>
    Sent,
    /// <summary>Every attempt failed, or the mail no longer applied when it came up (the award was claimed or revoked); never tried again.</summary>
    Failed,
    /// <summary>
    /// Its lease ran out <see cref="MailOptions.MaxLeaseFailures"/> times (the sender died or hung mid-attempt); never
    /// claimed again, and <see cref="MailJob.LastError"/> says what went wrong last.
    /// </summary>
    Parked,
}

/// <summary>What a mail is about, and so whom it goes to and which ids of its <see cref="MailJob"/> it needs.</summary>
public enum MailKind
{
    /// <summary>An award's claim mail to its recipient (<see cref="MailJob.AwardId"/>).</summary>
    Claim,
    /// <summary>A program invited a teacher: the teacher link, to the candidate (<see cref="MailJob.SubmissionId"/>).</summary>
    Invitation,
    /// <summary>
    /// An assessor was assigned: that assessor's review link of the round, to the assessor
    /// (<see cref="MailJob.SubmissionId"/>, <see cref="MailJob.Round"/>, <see cref="MailJob.AssessorId"/>).
    /// </summary>
    Review,
    /// <summary>A round was decided: the outcome (feedback and the teacher link when not yet met), to the candidate (<see cref="MailJob.SubmissionId"/>, <see cref="MailJob.Round"/>).</summary>
    Decision,
}

/// <summary>
/// One e-mail, a leased job (<see cref="Ports.ILeasedJobs{TJob}"/>) attempted with exponential backoff, then sent or
/// failed. It holds ids only: addresses and links are found and made when the mail is sent, so a renewed claim token
/// or a corrected address is what goes out. A claim mail (<see cref="MailKind.Claim"/>) names its award; the mails of
/// review (issue 16) name the submission, and the round and the assessor where they need them, with an empty
/// <see cref="AwardId"/> (so no award's delivery is ever one of them).
/// </summary>
public sealed record MailJob(
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

    /// <summary>What the mail is about; <see cref="MailKind.Claim"/> for every job stored before there were other kinds.</summary>
    public MailKind Kind { get; init; }

    /// <summary>The submission a mail of review is about.</summary>
    public string? SubmissionId { get; init; }

    /// <summary>The round a review or decision mail is about (1 for the first submission).</summary>
    public int? Round { get; init; }

    /// <summary>The assessor a review mail goes to.</summary>
    public string? AssessorId { get; init; }

    /// <summary>A new claim mail job for <paramref name="awardId"/>, due at once.</summary>
    public static MailJob Queue(string id, string issuerId, string awardId, DateTimeOffset now) =>
        new(id, issuerId, awardId, MailState.Queued, 0, now, null, null, null, now, null, 1);

    /// <summary>A new mail of review (<paramref name="kind"/> is not <see cref="MailKind.Claim"/>) about <paramref name="submissionId"/>, due at once.</summary>
    public static MailJob QueueAssessment(string id, string issuerId, MailKind kind, string submissionId, int? round, string? assessorId, DateTimeOffset now) =>
        new MailJob(id, issuerId, "", MailState.Queued, 0, now, null, null, null, now, null, 1) { Kind = kind, SubmissionId = submissionId, Round = round, AssessorId = assessorId };
}
