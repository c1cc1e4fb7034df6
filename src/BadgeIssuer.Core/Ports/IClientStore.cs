using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Core.Ports;

/// <summary>API clients, keyed by id, with a unique index on the API key hash and an index on the key a rotation replaced.</summary>
public interface IClientStore
{
    /// <summary>Inserts a client; <see cref="WriteOutcome.Conflict"/> when the id or key hash exists.</summary>
    Task<WriteOutcome> InsertAsync(ApiClient client, CancellationToken cancellationToken);

    /// <summary>The client whose current or previous API key hashes to <paramref name="keyHash"/>, or <c>null</c>.</summary>
    Task<ApiClient?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>The client with this id, or <c>null</c>.</summary>
    Task<ApiClient?> GetAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>A page of clients ordered by id, after <paramref name="cursor"/>; only those of <paramref name="issuerId"/> when it is given.</summary>
    Task<Page<ApiClient>> ListAsync(string? issuerId, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the client's name, keys, expiry and revocation in one atomic write, if its current key hash is still
    /// <paramref name="expectedKeyHash"/> (<see cref="WriteOutcome.Conflict"/> otherwise); <see cref="ApiClient.LastUsedAt"/> is left as stored.
    /// </summary>
    Task<WriteOutcome> UpdateAsync(ApiClient client, string expectedKeyHash, CancellationToken cancellationToken);

    /// <summary>
    /// Sets <see cref="ApiClient.LastUsedAt"/> to <paramref name="usedAt"/> if it is still <paramref name="seenLastUsedAt"/>
    /// (compare-and-set, so of many requests that saw the same value only one writes); returns whether it wrote.
    /// </summary>
    Task<bool> RecordUseAsync(string clientId, DateTimeOffset? seenLastUsedAt, DateTimeOffset usedAt, CancellationToken cancellationToken);
}
