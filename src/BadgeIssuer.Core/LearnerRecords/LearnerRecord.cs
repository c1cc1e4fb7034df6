using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Core.LearnerRecords;

/// <summary>
/// A Comprehensive Learner Record (CLR 2.0) the issuer signed for one learner: the signed <c>ClrCredential</c> in
/// <see cref="CredentialJson"/>, found by <see cref="Id"/> (served at <c>/clrs/{id}</c>), listed per issuer and learner
/// (<see cref="RecipientKey"/>, the awards' lookup key). <see cref="AwardIds"/> are the awards whose credentials it
/// holds, <see cref="Partial"/> whether they are only some of the learner's current ones. <see cref="RevocationSlot"/> is
/// its entry in the issuer's revocation list; <see cref="Revoked"/> is set once it is revoked. A retry with the same
/// <see cref="IdempotencyKey"/> and the same <see cref="RequestFingerprint"/> returns it again.
/// </summary>
public sealed record LearnerRecord(
    string Id,
    string IssuerId,
    string RecipientKey,
    string? IdempotencyKey,
    string RequestFingerprint,
    string CredentialJson,
    IReadOnlyList<string> AwardIds,
    bool Partial,
    DateTimeOffset IssuedAt,
    StatusSlot RevocationSlot,
    long Version,
    LearnerRecordRevocation? Revoked = null);

/// <summary>Why and when a learner record was revoked.</summary>
public sealed record LearnerRecordRevocation(DateTimeOffset At, string Reason);

/// <summary>
/// What a request for a learner record names: the awards to hold (all of the learner's current ones when absent), and
/// optionally the record's name and description.
/// </summary>
public sealed record LearnerRecordRequest(IReadOnlyList<string>? AwardIds = null, string? Name = null, string? Description = null);
