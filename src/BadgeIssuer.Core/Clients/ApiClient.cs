namespace BadgeIssuer.Core.Clients;

/// <summary>
/// A caller of the API, holding one API key. Only the SHA-256 of the key is stored. A client is bound to one
/// issuer (<see cref="IssuerId"/>) or, when that is <c>null</c>, is an administrator. A key stops working when the
/// client is revoked, when <see cref="ExpiresAt"/> passes, or (for the key it replaced in a rotation) when
/// <see cref="PreviousKeyValidUntil"/> passes. An assessor's own key is a client with <see cref="AssessorId"/> set,
/// bound to the assessor's issuer, holding only <see cref="Scopes.ReviewsWrite"/>.
/// </summary>
public sealed record ApiClient(
    string Id,
    string Name,
    string? IssuerId,
    IReadOnlyList<string> Scopes,
    string KeyHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? RevokedAt = null,
    string? PreviousKeyHash = null,
    DateTimeOffset? PreviousKeyValidUntil = null,
    DateTimeOffset? LastUsedAt = null,
    string? AssessorId = null)
{
    /// <summary>
    /// How often <see cref="LastUsedAt"/> is written at most: a use within this long of the recorded one is not
    /// recorded, so authentication does not cost a write per request.
    /// </summary>
    public static readonly TimeSpan UseRecordInterval = TimeSpan.FromMinutes(1);

    /// <summary>Why the key hashing to <paramref name="keyHash"/> is refused at <paramref name="now"/>, or <c>null</c> when it is accepted.</summary>
    public string? RefusalAt(string keyHash, DateTimeOffset now)
    {
        if (RevokedAt is not null) return "This API key has been revoked.";
        if (ExpiresAt <= now) return "This API key has expired.";
        if (keyHash == KeyHash) return null;
        return keyHash == PreviousKeyHash && PreviousKeyValidUntil > now ? null : "This API key has been replaced by a rotation.";
    }

    /// <summary>True when a use at <paramref name="now"/> should be recorded (see <see cref="UseRecordInterval"/>).</summary>
    public bool UseIsDueAt(DateTimeOffset now) => LastUsedAt is not { } last || now - last >= UseRecordInterval;
}
