using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Storage.Documents;

// The stored shapes shared by both adapters, separate from the domain records so that renaming a domain property
// never breaks stored data. Every field is written, so a round trip is exact.
#pragma warning disable CS1591 // each document mirrors the domain record named in its From/ToDomain methods

public sealed record IssuerDocument(string Id, string Name, string? Url, string? Email, string? Description, string? Image, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version,
    bool? Ob2Compatibility = null, EndorsementDocument[]? Endorsements = null)
{
    public static IssuerDocument From(Issuer i) => new(i.Id, i.Name, i.Url, i.Email, i.Description, i.Image, i.CreatedAt, i.UpdatedAt, i.Version, i.Ob2Compatibility,
        EndorsementDocument.From(i.Endorsements));
    public Issuer ToDomain() => new(Id, new IssuerDraft(Name, Url, Email, Description, Image, Ob2Compatibility), CreatedAt, UpdatedAt, Version)
    {
        Endorsements = EndorsementDocument.ToDomain(Endorsements),
    };
}

/// <summary>An endorsement as stored with what it endorses; <c>null</c> lists are stored for none.</summary>
public sealed record EndorsementDocument(string Id, string EndorserId, DateTimeOffset At, string CredentialJson)
{
    public static EndorsementDocument[]? From(IReadOnlyList<Core.Endorsements.Endorsement> endorsements) =>
        endorsements.Count == 0 ? null : [.. endorsements.Select(e => new EndorsementDocument(e.Id, e.EndorserId, e.At, e.CredentialJson))];
    public static IReadOnlyList<Core.Endorsements.Endorsement> ToDomain(EndorsementDocument[]? documents) =>
        documents is null ? [] : [.. documents.Select(d => new Core.Endorsements.Endorsement(d.Id, d.EndorserId, d.At, d.CredentialJson))];
}

public sealed record KeyDocument(string Id, string IssuerId, string Algorithm, string Status, string PublicJwk, string? PublicKeyMultibase,
    string KekId, byte[] Nonce, byte[] Ciphertext, byte[] Tag, DateTimeOffset CreatedAt, DateTimeOffset? CompromisedAt, long Version)
{
    public static KeyDocument From(SigningKey k) => new(k.Id, k.IssuerId, k.Algorithm, k.Status.ToString(), k.PublicJwk, k.PublicKeyMultibase,
        k.PrivateKey.KeyEncryptionKeyId, k.PrivateKey.Nonce, k.PrivateKey.Ciphertext, k.PrivateKey.Tag, k.CreatedAt, k.CompromisedAt, k.Version);
    public SigningKey ToDomain() => new(Id, IssuerId, Algorithm, Enum.Parse<KeyStatus>(Status), PublicJwk, PublicKeyMultibase,
        new EncryptedSecret(KekId, Nonce, Ciphertext, Tag), CreatedAt, CompromisedAt, Version);
}

public sealed record LevelDocument(string Key, string Name, string? Description, string? Level, string? Points);

public sealed record ResultDescriptionDocument(string Key, string Name, string ResultType, string[] AllowedValues, LevelDocument[] Levels, string? ValueMin, string? ValueMax);

public sealed record AlignmentDocument(string TargetName, string TargetUrl, string? TargetCode, string? TargetDescription, string? TargetFramework, string? TargetType);

public sealed record RequiredResultDocument(string ResultDescription, string? MinimumLevel, string? MinimumValue, string? RequiredStatus);

public sealed record AchievementReviewDocument(int ReviewsRequired, bool ExcludeSameOrganization, bool RequireResponses, bool PublishFeedback);

public sealed record AchievementDocument(string Id, string IssuerId, string Name, string Description, string? AchievementType, string? CriteriaNarrative,
    string? CriteriaUrl, string? ImageId, string? ImageCaption, AlignmentDocument[] Alignments, string[] Tags, double? CreditsAvailable,
    string? FieldOfStudy, string? HumanCode, ResultDescriptionDocument[] ResultDescriptions, RequiredResultDocument[] RequiredResults,
    int? MinimumResultsMet, int MinimumEvidence, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version, int? ValidForDays = null,
    string[]? PathwayRequires = null, int? PathwayMinimumRequired = null, double? PathwayMinimumCredits = null, AchievementReviewDocument? Review = null,
    EndorsementDocument[]? Endorsements = null)
{
    public static AchievementDocument From(Achievement a) => new(a.Id, a.IssuerId, a.Name, a.Description, a.AchievementType, a.Criteria.Narrative,
        a.Criteria.Id, a.Image?.Id, a.Image?.Caption,
        [.. a.Alignments.Select(x => new AlignmentDocument(x.TargetName, x.TargetUrl, x.TargetCode, x.TargetDescription, x.TargetFramework, x.TargetType))],
        [.. a.Tags], a.CreditsAvailable, a.FieldOfStudy, a.HumanCode,
        [.. a.ResultDescriptions.Select(d => new ResultDescriptionDocument(d.Key, d.Name, d.ResultType, [.. d.AllowedValues],
            [.. d.RubricCriterionLevels.Select(l => new LevelDocument(l.Key, l.Name, l.Description, l.Level, l.Points))], d.ValueMin, d.ValueMax))],
        [.. a.Rules.RequiredResults.Select(r => new RequiredResultDocument(r.ResultDescription, r.MinimumLevel, r.MinimumValue, r.RequiredStatus))],
        a.Rules.MinimumResultsMet, a.Rules.MinimumEvidence, a.CreatedAt, a.UpdatedAt, a.Version, a.ValidForDays,
        a.Pathway is null ? null : [.. a.Pathway.Requires], a.Pathway?.MinimumRequired, a.Pathway?.MinimumCredits,
        a.Review is null ? null : new AchievementReviewDocument(a.Review.ReviewsRequired, a.Review.ExcludeSameOrganization, a.Review.RequireResponses, a.Review.PublishFeedback),
        EndorsementDocument.From(a.Endorsements));

    public Achievement ToDomain() => new(Id, IssuerId, new AchievementDraft(Name, Description, new Criteria(CriteriaNarrative, CriteriaUrl), AchievementType,
        ImageId is null ? null : new AchievementImage(ImageId, ImageCaption),
        [.. Alignments.Select(x => new Alignment(x.TargetName, x.TargetUrl, x.TargetCode, x.TargetDescription, x.TargetFramework, x.TargetType))],
        Tags, CreditsAvailable, FieldOfStudy, HumanCode,
        [.. ResultDescriptions.Select(d => new ResultDescription(d.Key, d.Name, d.ResultType, d.AllowedValues,
            [.. d.Levels.Select(l => new RubricCriterionLevel(l.Key, l.Name, l.Description, l.Level, l.Points))], d.ValueMin, d.ValueMax))],
        new CriteriaRules([.. RequiredResults.Select(r => new RequiredResult(r.ResultDescription, r.MinimumLevel, r.MinimumValue, r.RequiredStatus))], MinimumResultsMet, MinimumEvidence),
        ValidForDays, PathwayRequires is null ? null : new Pathway(PathwayRequires, PathwayMinimumRequired, PathwayMinimumCredits),
        Review is null ? null : new AchievementReview(Review.ReviewsRequired, Review.ExcludeSameOrganization, Review.RequireResponses, Review.PublishFeedback)),
        CreatedAt, UpdatedAt, Version)
    {
        Endorsements = EndorsementDocument.ToDomain(Endorsements),
    };
}

/// <summary>
/// An award as stored. <see cref="Content"/> holds the credential and its VC-JWT packed by <see cref="StoredCredential"/>;
/// <see cref="CredentialJson"/> and <see cref="Jwt"/> are read only from awards stored before the credential was compressed.
/// <see cref="Outbox"/> holds the award's pending outbox events in MongoDB (SQLite keeps them in a table of their own).
/// The claim fields are absent from awards stored before claim links; <see cref="Notify"/> absent reads as true.
/// </summary>
public sealed record AwardDocument(string Id, string IssuerId, string AchievementId, string CredentialId, string RecipientKey, string? IdempotencyKey,
    string RequestFingerprint,
    string? CredentialJson,
    string? Jwt,
    DateTimeOffset IssuedAt, DateTimeOffset? ValidUntil, long Version,
    string? StatusListId = null, long? StatusListIndex = null, DateTimeOffset? RevokedAt = null, string? RevocationReason = null, string? SupersededBy = null, string? Supersedes = null,
    string? SuspensionListId = null, long? SuspensionListIndex = null, DateTimeOffset? SuspendedAt = null, string? SuspensionReason = null,
    byte[]? Content = null, OutboxEventDocument[]? Outbox = null,
    string? ClaimTokenHash = null, DateTimeOffset? ClaimExpiresAt = null, int? ClaimGeneration = null, string? ClaimKeyId = null,
    string? HolderDid = null, DateTimeOffset? ClaimedAt = null, string? ClaimedVia = null, string? RecipientEmail = null, bool? Notify = null)
{
    public static AwardDocument From(Award a) => new(a.Id, a.IssuerId, a.AchievementId, a.CredentialId, a.RecipientKey, a.IdempotencyKey,
        a.RequestFingerprint, null, null, a.IssuedAt, a.ValidUntil, a.Version,
        a.RevocationSlot?.ListId, a.RevocationSlot?.Index, a.Revoked?.At, a.Revoked?.Reason, a.Revoked?.SupersededBy, a.Supersedes,
        a.SuspensionSlot?.ListId, a.SuspensionSlot?.Index, a.Suspended?.At, a.Suspended?.Reason, StoredCredential.Pack(a.CredentialJson, a.Jwt), null,
        a.Claim?.TokenHash, a.Claim?.ExpiresAt, a.Claim?.Generation, a.Claim?.KeyId, a.Holder?.Did, a.Holder?.ClaimedAt, a.Holder?.Via, a.RecipientEmail, a.Notify);

    public Award ToDomain()
    {
        (string credentialJson, string? jwt) = Content is { } content ? StoredCredential.Unpack(content)
            : (CredentialJson ?? throw new InvalidDataException($"Award {Id} is stored without its credential."), Jwt);
        return new(Id, IssuerId, AchievementId, CredentialId, RecipientKey, IdempotencyKey, RequestFingerprint, credentialJson, jwt, IssuedAt, ValidUntil, Version,
            StatusListId is null || StatusListIndex is null ? null : new Core.Status.StatusSlot(StatusListId, StatusListIndex.Value),
            Revocation(RevokedAt, RevocationReason, SupersededBy), Supersedes,
            SuspensionListId is null || SuspensionListIndex is null ? null : new Core.Status.StatusSlot(SuspensionListId, SuspensionListIndex.Value),
            Suspension(SuspendedAt, SuspensionReason),
            ClaimTokenHash is null || ClaimExpiresAt is null || ClaimKeyId is null ? null : new AwardClaim(ClaimTokenHash, ClaimExpiresAt.Value, ClaimGeneration ?? 1, ClaimKeyId),
            HolderDid is null || ClaimedAt is null ? null : new AwardHolder(HolderDid, ClaimedAt.Value, ClaimedVia ?? ""),
            RecipientEmail, Notify ?? true);
    }

    /// <summary>The award's standing from these fields of its document, however few of the others were read.</summary>
    public static AwardStanding Standing(string id, string issuerId, DateTimeOffset? validUntil, DateTimeOffset? revokedAt, string? revocationReason,
        string? supersededBy, DateTimeOffset? suspendedAt, string? suspensionReason) =>
        new(id, issuerId, validUntil, Revocation(revokedAt, revocationReason, supersededBy), Suspension(suspendedAt, suspensionReason));

    private static AwardRevocation? Revocation(DateTimeOffset? at, string? reason, string? supersededBy) =>
        at is null ? null : new AwardRevocation(at.Value, reason ?? "", supersededBy);

    private static AwardSuspension? Suspension(DateTimeOffset? at, string? reason) => at is null ? null : new AwardSuspension(at.Value, reason ?? "");
}

public sealed record ClientDocument(string Id, string Name, string? IssuerId, string[] Scopes, string KeyHash, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null, DateTimeOffset? RevokedAt = null, string? PreviousKeyHash = null, DateTimeOffset? PreviousKeyValidUntil = null,
    DateTimeOffset? LastUsedAt = null, string? AssessorId = null)
{
    public static ClientDocument From(ApiClient c) => new(c.Id, c.Name, c.IssuerId, [.. c.Scopes], c.KeyHash, c.CreatedAt,
        c.ExpiresAt, c.RevokedAt, c.PreviousKeyHash, c.PreviousKeyValidUntil, c.LastUsedAt, c.AssessorId);
    public ApiClient ToDomain() => new(Id, Name, IssuerId, Scopes, KeyHash, CreatedAt, ExpiresAt, RevokedAt, PreviousKeyHash, PreviousKeyValidUntil, LastUsedAt, AssessorId);
}

public sealed record StatusListDocument(string Id, string IssuerId, string Purpose, int Number, long Allocated, byte[] Bits, DateTimeOffset UpdatedAt, long Version)
{
    public static StatusListDocument From(Core.Status.StatusList l, long allocated) => new(l.Id, l.IssuerId, l.Purpose, l.Number, allocated, l.Bits, l.UpdatedAt, l.Version);
    public Core.Status.StatusList ToDomain() => new(Id, IssuerId, Purpose, Number, Bits, UpdatedAt, Version);
}

public sealed record BatchDocument(string Id, string IssuerId, string? IdempotencyKey, string RequestFingerprint, int EntryCount, string State, int NextIndex,
    string? LeaseOwner, DateTimeOffset? LeaseUntil, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, long Version,
    int LeaseFailures = 0, string? LastError = null, DateTimeOffset? ClaimedAt = null, string? SubmittedBy = null, string? SubmittedInRequest = null)
{
    public static BatchDocument From(Core.Batches.AwardBatch b) => new(b.Id, b.IssuerId, b.IdempotencyKey, b.RequestFingerprint, b.EntryCount, b.State.ToString(), b.NextIndex,
        b.LeaseOwner, b.LeaseUntil, b.CreatedAt, b.CompletedAt, b.Version, b.LeaseFailures, b.LastError, b.ClaimedAt, b.SubmittedBy?.ClientId, b.SubmittedBy?.RequestId);
    public Core.Batches.AwardBatch ToDomain() => new(Id, IssuerId, IdempotencyKey, RequestFingerprint, EntryCount, Enum.Parse<Core.Batches.BatchState>(State), NextIndex,
        LeaseOwner, LeaseUntil, CreatedAt, CompletedAt, Version)
    {
        LeaseFailures = LeaseFailures,
        LastError = LastError,
        ClaimedAt = ClaimedAt,
        SubmittedBy = SubmittedBy is null ? null : new Core.Audit.AuditActor(SubmittedBy, SubmittedInRequest),
    };
}

/// <summary>A chunk's entries are kept as one JSON string: the stored form of a request is the request itself.</summary>
public sealed record BatchChunkDocument(string Id, string BatchId, int Number, string EntriesJson)
{
    public static BatchChunkDocument From(Core.Batches.BatchChunk c) =>
        new($"{c.BatchId}.{c.Number}", c.BatchId, c.Number, System.Text.Json.JsonSerializer.Serialize(c.Entries));
    public Core.Batches.BatchChunk ToDomain() =>
        new(BatchId, Number, System.Text.Json.JsonSerializer.Deserialize<List<Core.Batches.BatchEntry>>(EntriesJson) ?? []);
}

public sealed record BatchProblemDocument(string Pointer, string Detail);

public sealed record BatchResultDocument(string Id, string BatchId, int Index, string Outcome, string? AwardId, BatchProblemDocument[] Problems, string? RecipientKey = null)
{
    public static BatchResultDocument From(Core.Batches.BatchEntryResult r) =>
        new($"{r.BatchId}.{r.Index}", r.BatchId, r.Index, r.Outcome, r.AwardId, [.. r.Problems.Select(p => new BatchProblemDocument(p.Pointer, p.Detail))], r.RecipientKey);
    public Core.Batches.BatchEntryResult ToDomain() =>
        new(BatchId, Index, Outcome, AwardId, [.. Problems.Select(p => new Core.Validation.FieldError(p.Pointer, p.Detail))], RecipientKey);
}

public sealed record WebhookSubscriptionDocument(string Id, string IssuerId, string Url, string[] Events, string KekId, byte[] Nonce, byte[] Ciphertext, byte[] Tag, DateTimeOffset CreatedAt)
{
    public static WebhookSubscriptionDocument From(Core.Webhooks.WebhookSubscription s) =>
        new(s.Id, s.IssuerId, s.Url, [.. s.Events], s.Secret.KeyEncryptionKeyId, s.Secret.Nonce, s.Secret.Ciphertext, s.Secret.Tag, s.CreatedAt);
    public Core.Webhooks.WebhookSubscription ToDomain() => new(Id, IssuerId, Url, Events, new EncryptedSecret(KekId, Nonce, Ciphertext, Tag), CreatedAt);
}

public sealed record WebhookDeliveryDocument(string Id, string IssuerId, string SubscriptionId, string Event, string PayloadJson, string State, int Attempts,
    DateTimeOffset NextAttemptAt, string? LeaseOwner, DateTimeOffset? LeaseUntil, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, long Version,
    int LeaseFailures = 0)
{
    public static WebhookDeliveryDocument From(Core.Webhooks.WebhookDelivery d) => new(d.Id, d.IssuerId, d.SubscriptionId, d.Event, d.PayloadJson, d.State.ToString(), d.Attempts,
        d.NextAttemptAt, d.LeaseOwner, d.LeaseUntil, d.LastError, d.CreatedAt, d.DeliveredAt, d.Version, d.LeaseFailures);
    public Core.Webhooks.WebhookDelivery ToDomain() => new(Id, IssuerId, SubscriptionId, Event, PayloadJson, Enum.Parse<Core.Webhooks.DeliveryState>(State), Attempts,
        NextAttemptAt, LeaseOwner, LeaseUntil, LastError, CreatedAt, DeliveredAt, Version) { LeaseFailures = LeaseFailures };
}

/// <summary>
/// A mail job as stored (ids only: addresses stay with the award, the submission and the assessor). <see cref="Kind"/>,
/// <see cref="SubmissionId"/>, <see cref="Round"/> and <see cref="AssessorId"/> came with the mails of review (issue 16);
/// a document without them is a claim mail.
/// </summary>
public sealed record MailJobDocument(string Id, string IssuerId, string AwardId, string State, int Attempts, DateTimeOffset NextAttemptAt, string? LeaseOwner,
    DateTimeOffset? LeaseUntil, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, long Version, int LeaseFailures = 0,
    string? Kind = null, string? SubmissionId = null, int? Round = null, string? AssessorId = null)
{
    public static MailJobDocument From(Core.Mail.MailJob j) => new(j.Id, j.IssuerId, j.AwardId, j.State.ToString(), j.Attempts, j.NextAttemptAt, j.LeaseOwner,
        j.LeaseUntil, j.LastError, j.CreatedAt, j.SentAt, j.Version, j.LeaseFailures,
        j.Kind == Core.Mail.MailKind.Claim ? null : j.Kind.ToString(), j.SubmissionId, j.Round, j.AssessorId);
    public Core.Mail.MailJob ToDomain() => new(Id, IssuerId, AwardId, Enum.Parse<Core.Mail.MailState>(State), Attempts, NextAttemptAt, LeaseOwner,
        LeaseUntil, LastError, CreatedAt, SentAt, Version)
    {
        LeaseFailures = LeaseFailures,
        Kind = Kind is null ? Core.Mail.MailKind.Claim : Enum.Parse<Core.Mail.MailKind>(Kind),
        SubmissionId = SubmissionId,
        Round = Round,
        AssessorId = AssessorId,
    };
}

public sealed record RecipientDocument(string? Email, string? Id, string? Name);

/// <summary>An outbox event as stored; <see cref="Recipient"/> is removed once the event is done.</summary>
public sealed record OutboxEventDocument(string Id, string IssuerId, string AwardId, string Type, string DataJson, RecipientDocument? Recipient, string State,
    string? LeaseOwner, DateTimeOffset? LeaseUntil, DateTimeOffset CreatedAt, DateTimeOffset? DoneAt, long Version)
{
    public static OutboxEventDocument From(Core.Outbox.OutboxEvent e) => new(e.Id, e.IssuerId, e.AwardId, e.Type, e.DataJson,
        e.Recipient is { } r ? new RecipientDocument(r.Email, r.Id, r.Name) : null, e.State.ToString(), e.LeaseOwner, e.LeaseUntil, e.CreatedAt, e.DoneAt, e.Version);
    public Core.Outbox.OutboxEvent ToDomain() => new(Id, IssuerId, AwardId, Type, DataJson,
        Recipient is { } r ? new Recipient(r.Email, r.Id, r.Name) : null, Enum.Parse<Core.Outbox.OutboxState>(State), LeaseOwner, LeaseUntil, CreatedAt, DoneAt, Version);
}

/// <summary>A claim session as stored: the record itself (<see cref="Core.Ports.ClaimSession"/>).</summary>
public sealed record ClaimSessionDocument(string Id, string Kind, string AwardId, string State, string DataJson, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, long Version)
{
    public static ClaimSessionDocument From(Core.Ports.ClaimSession s) => new(s.Id, s.Kind, s.AwardId, s.State, s.DataJson, s.Attempts, s.CreatedAt, s.ExpiresAt, s.Version);
    public Core.Ports.ClaimSession ToDomain() => new(Id, Kind, AwardId, State, DataJson, Attempts, CreatedAt, ExpiresAt, Version);
}
