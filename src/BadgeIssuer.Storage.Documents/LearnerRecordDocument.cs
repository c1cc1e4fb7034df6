using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Storage.Documents;

/// <summary>
/// A learner record as both adapters store it: the record's fields, with its signed ClrCredential packed by
/// <see cref="StoredCredential"/> in <see cref="Content"/> (a record of 100 credentials is about 1 MB of JSON, which as
/// an escaped string inside the document cost most of a read) and its revocation slot and revocation written out flat.
/// <see cref="CredentialJson"/> is read only from records stored before the credential was packed.
/// </summary>
#pragma warning disable CS1591 // the document mirrors LearnerRecord, named in its From/ToDomain methods
public sealed record LearnerRecordDocument(string Id, string IssuerId, string RecipientKey, string? IdempotencyKey, string RequestFingerprint,
    string? CredentialJson, string[] AwardIds, bool Partial, DateTimeOffset IssuedAt, string StatusListId, long StatusListIndex, long Version,
    DateTimeOffset? RevokedAt, string? RevocationReason, byte[]? Content = null)
{
    public static LearnerRecordDocument From(LearnerRecord r) => new(r.Id, r.IssuerId, r.RecipientKey, r.IdempotencyKey, r.RequestFingerprint,
        null, [.. r.AwardIds], r.Partial, r.IssuedAt, r.RevocationSlot.ListId, r.RevocationSlot.Index, r.Version, r.Revoked?.At, r.Revoked?.Reason,
        StoredCredential.Pack(r.CredentialJson, null));

    public LearnerRecord ToDomain() => new(Id, IssuerId, RecipientKey, IdempotencyKey, RequestFingerprint,
        Content is { } content ? StoredCredential.Unpack(content).CredentialJson
            : CredentialJson ?? throw new InvalidDataException($"Learner record {Id} is stored without its credential."),
        AwardIds, Partial, IssuedAt, new StatusSlot(StatusListId, StatusListIndex), Version,
        RevokedAt is null ? null : new LearnerRecordRevocation(RevokedAt.Value, RevocationReason ?? ""));
}
