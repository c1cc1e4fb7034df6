using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Core.Ports;

/// <summary>API clients, keyed by id, with a unique index on the API key hash.</summary>
public interface IClientStore
{
    /// <summary>Inserts a client; <see cref="WriteOutcome.Conflict"/> when the id or key hash exists.</summary>
    Task<WriteOutcome> InsertAsync(ApiClient client, CancellationToken cancellationToken);

    /// <summary>The client whose API key hashes to <paramref name="keyHash"/>, or <c>null</c>.</summary>
    Task<ApiClient?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken);
}
