using BadgeIssuer.Core.Awards;

namespace BadgeIssuer.Core.Ports;

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

/// <summary>The result of <see cref="IAwardStore.InsertAsync"/>.</summary>
public sealed record AwardInsertOutcome(AwardInsertKind Kind, Award? Existing)
{
    /// <summary>The award was stored.</summary>
    public static readonly AwardInsertOutcome Inserted = new(AwardInsertKind.Inserted, null);
}

/// <summary>
/// Awards, one document each. Unique: award id, credential id, and (issuer, idempotency key) when a key is
/// given. The insert is a single atomic operation: a crash leaves the whole award or none of it.
/// </summary>
public interface IAwardStore
{
    /// <summary>Inserts an award, enforcing the unique keys above.</summary>
    Task<AwardInsertOutcome> InsertAsync(Award award, CancellationToken cancellationToken);

    /// <summary>The award, or <c>null</c>.</summary>
    Task<Award?> GetAsync(string awardId, CancellationToken cancellationToken);

    /// <summary>The award the issuer stored under this idempotency key, or <c>null</c>.</summary>
    Task<Award?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Replaces the award if its stored version equals <paramref name="expectedVersion"/> (its credential never changes).</summary>
    Task<WriteOutcome> UpdateAsync(Award award, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>One issuer's awards ordered by id, after <paramref name="cursor"/> when given.</summary>
    Task<Page<Award>> ListByIssuerAsync(string issuerId, string? cursor, int limit, CancellationToken cancellationToken);
}
