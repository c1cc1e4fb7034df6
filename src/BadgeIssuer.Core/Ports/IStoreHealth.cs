namespace BadgeIssuer.Core.Ports;

/// <summary>Reachability of the store, for <c>GET /health</c>.</summary>
public interface IStoreHealth
{
    /// <summary>The store's name (<c>sqlite</c>, <c>mongodb</c>).</summary>
    string Name { get; }

    /// <summary>Round-trips to the store; <c>false</c> (never an exception) when it cannot be reached.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
