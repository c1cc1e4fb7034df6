namespace BadgeIssuer.Core.Issuers;

/// <summary>
/// An organisation that issues badges (a program, district or university). Its public OB 3.0 <c>Profile</c>
/// is served at <c>{PublicBaseUrl}/issuers/{Id}</c>, which is also the issuer <c>id</c> in every credential.
/// </summary>
public sealed record Issuer(
    string Id,
    string Name,
    string? Url,
    string? Email,
    string? Description,
    string? Image,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version);
