namespace BadgeIssuer.Core.Ports;

/// <summary>
/// One step of a wallet protocol that hands out an award: a VC-API exchange, an OpenID4VCI offer, pre-authorized code,
/// access token or nonce. <see cref="Kind"/> says which; <see cref="State"/> where it is (single use: a step is used by
/// moving it from the state it was read in with <see cref="IClaimSessionStore.UpdateAsync"/>); <see cref="DataJson"/>
/// holds the protocol's own fields; <see cref="Attempts"/> counts wrong tries. A secret (code, token, nonce) is never
/// stored: <see cref="Id"/> is its SHA-256 where the secret is what the wallet presents.
/// </summary>
public sealed record ClaimSession(
    string Id,
    string Kind,
    string AwardId,
    string State,
    string DataJson,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    long Version)
{
    /// <summary>The id of the session a wallet finds by presenting <paramref name="secret"/>: its SHA-256, hex.</summary>
    public static string IdOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
    }
}

/// <summary>
/// Claim sessions, one document each, found by id. Every write is one atomic operation; an update is a compare-and-swap
/// on the version, so of two requests that use the same step one gets <see cref="WriteOutcome.Conflict"/>. Callers
/// check <see cref="ClaimSession.ExpiresAt"/>; sessions that expired a day ago are removed by <see cref="RemoveExpiredAsync"/>.
/// </summary>
public interface IClaimSessionStore
{
    /// <summary>Stores a new session; <see cref="WriteOutcome.Conflict"/> when one with its id exists.</summary>
    Task<WriteOutcome> InsertAsync(ClaimSession session, CancellationToken cancellationToken);

    /// <summary>The session, or <c>null</c>.</summary>
    Task<ClaimSession?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Replaces the session if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(ClaimSession session, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Removes sessions that expired before <paramref name="before"/>; returns how many.</summary>
    Task<long> RemoveExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
