using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Storage.Documents;

/// <summary>
/// A learner record as both adapters store it: the record's fields, with its signed ClrCredential as JSON text in
/// <see cref="CredentialJson"/> and its revocation slot and revocation written out flat.
/// </summary>
#pragma warning disable CS1591 // the document mirrors LearnerRecord, named in its From/ToDomain methods
public sealed record LearnerRecordDocument(string Id, string IssuerId, string RecipientKey, string? IdempotencyKey, string RequestFingerprint,
    string CredentialJson, string[] AwardIds, bool Partial, DateTimeOffset IssuedAt, string StatusListId, long StatusListIndex, long Version,
    DateTimeOffset? RevokedAt, string? RevocationReason)
{
    public static LearnerRecordDocument From(LearnerRecord r) => new(r.Id, r.IssuerId, r.RecipientKey, r.IdempotencyKey, r.RequestFingerprint,
        r.CredentialJson, [.. r.AwardIds], r.Partial, r.IssuedAt, r.RevocationSlot.ListId, r.RevocationSlot.Index, r.Version, r.Revoked?.At, r.Revoked?.Reason);

    public LearnerRecord ToDomain() => new(Id, IssuerId, RecipientKey, IdempotencyKey, RequestFingerprint, CredentialJson, AwardIds, Partial, IssuedAt,
        new StatusSlot(StatusListId, StatusListIndex), Version, RevokedAt is null ? null : new LearnerRecordRevocation(RevokedAt.Value, RevocationReason ?? ""));
}
