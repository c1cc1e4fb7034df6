using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Outbox;

namespace BadgeIssuer.Core.Ports;

/// <summary>Which awards of an issuer to list: optionally one achievement, one recipient, and a time window [from, until).</summary>
public sealed record AwardQuery(string IssuerId, string? AchievementId = null, string? RecipientKey = null, DateTimeOffset? IssuedFrom = null, DateTimeOffset? IssuedUntil = null);

/// <summary>How an award insert ended.</summary>
public enum AwardInsertKind
{
    /// <summary>The award was stored.</summary>
    Inserted,
    /// <summary>The issuer already has an award with this idempotency key: <see cref="AwardInsertOutcome.Existing"/> is it.</summary>
    DuplicateIdempotencyKey,
    /// <summary>An award with this award id or credential id exists.</summary>
    DuplicateId,
}

/// <summary>The result of <see cref="IAwardStore.InsertAsync(Award, OutboxEvent?, CancellationToken)"/>.</summary>
public sealed record AwardInsertOutcome(AwardInsertKind Kind, Award? Existing)
{
    /// <summary>The award was stored.</summary>
    public static readonly AwardInsertOutcome Inserted = new(AwardInsertKind.Inserted, null);
}

/// <summary>
/// Awards, one document each. Unique: award id, credential id, and (issuer, idempotency key) when a key is
/// given. The insert is a single atomic operation: a crash leaves the whole award or none of it. An insert or update
/// may carry an <see cref="OutboxEvent"/>, stored in the same atomic write: both are stored, or neither.
/// </summary>
public interface IAwardStore
{
    /// <summary>Inserts an award, enforcing the unique keys above.</summary>
    Task<AwardInsertOutcome> InsertAsync(Award award, CancellationToken cancellationToken) => InsertAsync(award, null, cancellationToken);

    /// <summary>Inserts an award with <paramref name="outboxEvent"/> (when given) in one atomic write, enforcing the unique keys above.</summary>
    Task<AwardInsertOutcome> InsertAsync(Award award, OutboxEvent? outboxEvent, CancellationToken cancellationToken);

    /// <summary>The award, or <c>null</c>.</summary>
    Task<Award?> GetAsync(string awardId, CancellationToken cancellationToken);

    /// <summary>The award's id, issuer and version without reading its credential, or <c>null</c>.</summary>
    Task<AwardHead?> GetHeadAsync(string awardId, CancellationToken cancellationToken);

    /// <summary>
    /// The standing (validUntil, revocation, suspension) of each of <paramref name="awardIds"/> that exists, in no
    /// particular order, read in one query without the credentials. For a bounded list (a learner record's 100 at most).
    /// </summary>
    Task<IReadOnlyList<AwardStanding>> GetStandingsAsync(IReadOnlyCollection<string> awardIds, CancellationToken cancellationToken);

    /// <summary>The award whose claim token has this SHA-256 (hex, <see cref="Claims.ClaimTokens.Hash"/>), or <c>null</c>.</summary>
    Task<Award?> FindByClaimTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>The award the issuer stored under this idempotency key, or <c>null</c>.</summary>
    Task<Award?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Replaces the award if its stored version equals <paramref name="expectedVersion"/> (its credential never changes).</summary>
    Task<WriteOutcome> UpdateAsync(Award award, long expectedVersion, CancellationToken cancellationToken) => UpdateAsync(award, expectedVersion, null, cancellationToken);

    /// <summary>
    /// Replaces the award if its stored version equals <paramref name="expectedVersion"/>, storing <paramref name="outboxEvent"/>
    /// (when given) in the same atomic write; a stale version stores neither.
    /// </summary>
    Task<WriteOutcome> UpdateAsync(Award award, long expectedVersion, OutboxEvent? outboxEvent, CancellationToken cancellationToken);

    /// <summary>
    /// One issuer's awards that match <paramref name="query"/>, oldest first (by issue time, then id), after
    /// <paramref name="cursor"/> when given (a <see cref="TimeCursor"/> of issue time and id). Served by an index on every
    /// combination the query allows.
    /// </summary>
    Task<Page<Award>> FindAsync(AwardQuery query, string? cursor, int limit, CancellationToken cancellationToken);
}
