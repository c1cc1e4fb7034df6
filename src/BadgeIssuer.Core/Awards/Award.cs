namespace BadgeIssuer.Core.Awards;

/// <summary>
/// An issued badge: the signed credential (immutable once signed) with what the service needs to find it again.
/// <see cref="CredentialId"/> is the credential's <c>id</c>; <see cref="RecipientKey"/> is an unsalted SHA-256
/// of the normalised recipient identity, for lookups; <see cref="RequestFingerprint"/> lets a retry with the same
/// <see cref="IdempotencyKey"/> but a different body be told apart from a true retry.
/// </summary>
public sealed record Award(
    string Id,
    string IssuerId,
    string AchievementId,
    string CredentialId,
    string RecipientKey,
    string? IdempotencyKey,
    string RequestFingerprint,
    string CredentialJson,
    string Jwt,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ValidUntil,
    long Version);
