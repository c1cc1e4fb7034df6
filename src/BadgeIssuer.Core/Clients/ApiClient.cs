namespace BadgeIssuer.Core.Clients;

/// <summary>
/// A caller of the API, holding one API key. Only the SHA-256 of the key is stored. A client is bound to one
/// issuer (<see cref="IssuerId"/>) or, when that is <c>null</c>, is an administrator.
/// </summary>
public sealed record ApiClient(
    string Id,
    string Name,
    string? IssuerId,
    IReadOnlyList<string> Scopes,
    string KeyHash,
    DateTimeOffset CreatedAt);
