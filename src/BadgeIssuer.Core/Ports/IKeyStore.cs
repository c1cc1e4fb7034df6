using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Core.Ports;

/// <summary>Signing keys, one document each, keyed by <see cref="SigningKey.Id"/>, indexed by (issuer, status).</summary>
public interface IKeyStore
{
    /// <summary>Inserts a new key; <see cref="WriteOutcome.Conflict"/> when the id exists.</summary>
    Task<WriteOutcome> InsertAsync(SigningKey key, CancellationToken cancellationToken);

    /// <summary>The key, or <c>null</c>.</summary>
    Task<SigningKey?> GetAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Every key of one issuer, oldest first.</summary>
    Task<IReadOnlyList<SigningKey>> ListByIssuerAsync(string issuerId, CancellationToken cancellationToken);

    /// <summary>Every key of every issuer, ordered by id (for the JWKS), after <paramref name="cursor"/> when given.</summary>
    Task<Page<SigningKey>> ListAllAsync(string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the key if its stored version equals <paramref name="expectedVersion"/>.</summary>
    Task<WriteOutcome> UpdateAsync(SigningKey key, long expectedVersion, CancellationToken cancellationToken);
}
