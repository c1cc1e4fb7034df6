using BadgeIssuer.Core.Status;

namespace BadgeIssuer.Core.Awards;

/// <summary>
/// An issued badge: the signed credential (signed again only when claimed) with what the service needs to find it again.
/// <see cref="CredentialId"/> is the credential's <c>id</c>; <see cref="RecipientKey"/> is an unsalted SHA-256
/// of the normalised recipient identity, for lookups; <see cref="RequestFingerprint"/> lets a retry with the same
/// <see cref="IdempotencyKey"/> but a different body be told apart from a true retry. <see cref="Jwt"/> is the VC-JWT
/// form, signed the first time it is asked for (<see cref="Issuing.PublicationService.JwtAsync"/>). <see cref="RevocationSlot"/> is
/// the credential's entry in its issuer's revocation list; <see cref="Revoked"/> is set once it is revoked; a reissued
/// award names the award it corrects in <see cref="Supersedes"/>. <see cref="SuspensionSlot"/> is its entry in the
/// suspension list, and <see cref="Suspended"/> is set while it is suspended. <see cref="Claim"/> is its claim link (the
/// hash of the token, never the token), <see cref="Holder"/> the DID the learner claimed it with; a claim re-signs the
/// credential, the one change a credential gets. <see cref="RecipientEmail"/> is the address it was issued to (kept with
/// the award so a claim mail can be sent again; never in the credential, never logged), <see cref="Notify"/> whether the
/// service e-mails the claim link.
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
    string? Jwt,
    DateTimeOffset IssuedAt,
    DateTimeOffset? ValidUntil,
    long Version,
    StatusSlot? RevocationSlot = null,
    AwardRevocation? Revoked = null,
    string? Supersedes = null,
    StatusSlot? SuspensionSlot = null,
    AwardSuspension? Suspended = null,
    AwardClaim? Claim = null,
    AwardHolder? Holder = null,
    string? RecipientEmail = null,
    bool Notify = true)
{
    /// <summary>What of the award can change after it is issued, as it stands in this value.</summary>
    public AwardStanding Standing => new(Id, IssuerId, ValidUntil, Revoked, Suspended);
}

/// <summary>
/// Whether an award is current, read without its credential: its validUntil, and its revocation and suspension, which
/// can change after it is issued. What a page that lists many awards' status reads (<see cref="Ports.IAwardStore.GetStandingsAsync"/>).
/// </summary>
public sealed record AwardStanding(string Id, string IssuerId, DateTimeOffset? ValidUntil, AwardRevocation? Revoked, AwardSuspension? Suspended);

/// <summary>
/// What identifies an award's current state without its credential: its issuer and its version, which every change of
/// the award (revocation, suspension, lifting one) raises. Enough to find what was made from the award before.
/// </summary>
public sealed record AwardHead(string Id, string IssuerId, long Version);

/// <summary>Since when and why an award is suspended.</summary>
public sealed record AwardSuspension(DateTimeOffset At, string Reason);

/// <summary>Why and when an award was revoked; <paramref name="SupersededBy"/> names the award that replaced it, if any.</summary>
public sealed record AwardRevocation(DateTimeOffset At, string Reason, string? SupersededBy = null);

/// <summary>
/// An award's claim link: the SHA-256 (hex) of its token, when it stops working, and which token it is
/// (<paramref name="Generation"/> counts renewals; <paramref name="KeyId"/> names the key-encryption key the token is
/// derived from, see <see cref="Claims.ClaimTokens"/>).
/// </summary>
public sealed record AwardClaim(string TokenHash, DateTimeOffset ExpiresAt, int Generation, string KeyId);

/// <summary>The DID an award was claimed with, when, and through which channel (<see cref="Claims.ClaimChannels"/>).</summary>
public sealed record AwardHolder(string Did, DateTimeOffset ClaimedAt, string Via);
