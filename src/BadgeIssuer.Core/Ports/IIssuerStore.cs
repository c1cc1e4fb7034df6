using BadgeIssuer.Core.Issuers;

namespace BadgeIssuer.Core.Ports;

/// <summary>Issuers, one document each, keyed by <see cref="Issuer.Id"/>.</summary>
public interface IIssuerStore
{
    /// <summary>Inserts a new issuer; <see cref="WriteOutcome.Conflict"/> when the id exists.</summary>
    Task<WriteOutcome> InsertAsync(Issuer issuer, CancellationToken cancellationToken);

    /// <summary>The issuer, or <c>null</c> when there is none with that id.</summary>
    Task<Issuer?> GetAsync(string issuerId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the issuer if its stored version equals <paramref name="expectedVersion"/>; the stored document
    /// then carries <c>issuer.Version</c> (which callers set to <c>expectedVersion + 1</c>).
    /// </summary>
    Task<WriteOutcome> UpdateAsync(Issuer issuer, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Issuers ordered by id, after <paramref name="cursor"/> (exclusive) when given.</summary>
    Task<Page<Issuer>> ListAsync(string? cursor, int limit, CancellationToken cancellationToken);
}
