namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// A file a teacher uploaded as evidence, stored by the service: its issuer, the SHA-256 (hex) of its bytes, the
/// content type the bytes were recognised as (not only declared), its length and the file name given (display only).
/// Served at <see cref="Configuration.PublicUrls.EvidenceFile"/> under its unguessable id, which the credential's
/// evidence names once the badge is issued.
/// </summary>
public sealed record EvidenceFile(string Id, string IssuerId, string Sha256, string ContentType, long Length, string? FileName, DateTimeOffset CreatedAt);
