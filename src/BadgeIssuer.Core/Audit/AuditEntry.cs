namespace BadgeIssuer.Core.Audit;

/// <summary>
/// One state change as the audit trail keeps it: who (<see cref="Actor"/>: an API client's id, <c>admin</c> for the
/// configured admin key, <c>system</c> for work nobody asked for), what (<see cref="Action"/>, one of
/// <see cref="AuditActions"/>, and the ids of what it changed), when, and the id of the request that made it
/// (<c>HttpContext.TraceIdentifier</c>, the <c>RequestId</c> of the request's log scope). It holds ids only: never a
/// secret, a key, a reason text, or a recipient's e-mail address or name.
/// </summary>
/// <param name="Id">Derived from the change itself (<see cref="AuditChange.EntryId"/>), so recording the same change again keeps one entry.</param>
/// <param name="IssuerId">The issuer whose data changed; <c>null</c> for a change to an administrator client.</param>
/// <param name="At">When the change was made.</param>
/// <param name="Actor">The client id of whoever made it, <c>admin</c> or <c>system</c>.</param>
/// <param name="Action">What was done, one of <see cref="AuditActions"/>.</param>
/// <param name="Targets">What was changed, by kind (<c>awardId</c>, <c>clientId</c>, ...), ordered by kind.</param>
/// <param name="RequestId">The id of the request that made the change (for a batch's entries, the request that submitted it).</param>
public sealed record AuditEntry(string Id, string? IssuerId, DateTimeOffset At, string Actor, string Action, IReadOnlyDictionary<string, string> Targets, string? RequestId);

/// <summary>
/// A state change about to be recorded: <paramref name="Occurrence"/> tells one change of the same targets from the
/// next (a version, a key id), so a change recorded twice (by a retry) gets one entry id and two changes two.
/// </summary>
public sealed record AuditChange(string? IssuerId, string Action, IReadOnlyDictionary<string, string> Targets, string Occurrence)
{
    /// <summary>A change of <paramref name="targets"/> (kind, id), told from other changes of them by <paramref name="occurrence"/>.</summary>
    public static AuditChange Of(string? issuerId, string action, object occurrence, params (string Kind, string Id)[] targets) =>
        new(issuerId, action, targets.ToDictionary(t => t.Kind, t => t.Id, StringComparer.Ordinal),
            Convert.ToString(occurrence, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    /// <summary>The entry id this change is recorded under, the same every time the same change is recorded.</summary>
    public string EntryId => Ids.Derived(string.Join('\n', [Action, .. Targets.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"), Occurrence]));
}

/// <summary>Who made a change: the caller's client id (or <c>admin</c>) and the id of its request.</summary>
public sealed record AuditActor(string ClientId, string? RequestId)
{
    /// <summary>The actor of work no client asked for in this process (start-up, maintenance).</summary>
    public static readonly AuditActor System = new("system", null);
}

/// <summary>The actions the audit trail records, named <c>thing.changed</c>.</summary>
public static class AuditActions
{
    /// <summary>An issuer was created (with its first signing keys).</summary>
    public const string IssuerCreated = "issuer.created";
    /// <summary>An issuer's profile was replaced.</summary>
    public const string IssuerUpdated = "issuer.updated";
    /// <summary>An achievement was created.</summary>
    public const string AchievementCreated = "achievement.created";
    /// <summary>An achievement was replaced.</summary>
    public const string AchievementUpdated = "achievement.updated";
    /// <summary>An award was issued.</summary>
    public const string AwardIssued = "award.issued";
    /// <summary>An award was issued in place of another (<c>supersedes</c> names it; its revocation is recorded too).</summary>
    public const string AwardReissued = "award.reissued";
    /// <summary>An award was revoked.</summary>
    public const string AwardRevoked = "award.revoked";
    /// <summary>An award was suspended.</summary>
    public const string AwardSuspended = "award.suspended";
    /// <summary>An award's suspension was lifted.</summary>
    public const string AwardUnsuspended = "award.unsuspended";
    /// <summary>An award's claim mail was queued again (<c>:notify</c>); the job id tells one resend from the next.</summary>
    public const string AwardNotified = "award.notified";
    /// <summary>An award was claimed into a wallet (bound to the holder's DID and signed again).</summary>
    public const string AwardClaimed = "award.claimed";
    /// <summary>An award batch was accepted.</summary>
    public const string BatchCreated = "batch.created";
    /// <summary>An award batch's last entry was done.</summary>
    public const string BatchCompleted = "batch.completed";
    /// <summary>An issuer's signing keys were rotated; the replaced keys are retired.</summary>
    public const string KeysRotated = "keys.rotated";
    /// <summary>An issuer's signing keys were rotated and the replaced keys marked compromised.</summary>
    public const string KeysCompromised = "keys.compromised";
    /// <summary>An API client was created.</summary>
    public const string ClientCreated = "client.created";
    /// <summary>An API client was revoked.</summary>
    public const string ClientRevoked = "client.revoked";
    /// <summary>An API client was given a new key.</summary>
    public const string ClientRotated = "client.rotated";
    /// <summary>A webhook was registered.</summary>
    public const string WebhookCreated = "webhook.created";
    /// <summary>A webhook was deleted.</summary>
    public const string WebhookDeleted = "webhook.deleted";
    /// <summary>A program invited a teacher to submit (a submission without rounds, reached through the teacher link).</summary>
    public const string SubmissionInvited = "submission.invited";
    /// <summary>The issuer endorsed another issuer's achievement or profile (recorded under the endorser).</summary>
    public const string EndorsementCreated = "endorsement.created";
    /// <summary>The issuer signed a Comprehensive Learner Record (CLR 2.0) for a learner.</summary>
    public const string LearnerRecordIssued = "clr.issued";
    /// <summary>A Comprehensive Learner Record was revoked.</summary>
    public const string LearnerRecordRevoked = "clr.revoked";
    /// <summary>A submission was made (round 1) and its assessors assigned.</summary>
    public const string SubmissionSubmitted = "submission.submitted";
    /// <summary>A submission not yet met was submitted again with new evidence (a new round).</summary>
    public const string SubmissionResubmitted = "submission.resubmitted";
    /// <summary>A submission was withdrawn.</summary>
    public const string SubmissionWithdrawn = "submission.withdrawn";
    /// <summary>An assessor was assigned to a submission's round (also the third one when two reviews disagree).</summary>
    public const string SubmissionAssigned = "submission.assigned";
    /// <summary>An assessor's review of a submission came in.</summary>
    public const string SubmissionReviewed = "submission.reviewed";
    /// <summary>A submission's round was decided, met or not yet met.</summary>
    public const string SubmissionDecided = "submission.decided";
    /// <summary>An assessor was added, with an API key of its own.</summary>
    public const string AssessorCreated = "assessor.created";
    /// <summary>An assessor was removed: its key is revoked.</summary>
    public const string AssessorRemoved = "assessor.removed";
    /// <summary>An evidence file was uploaded.</summary>
    public const string EvidenceUploaded = "evidence.uploaded";
}
