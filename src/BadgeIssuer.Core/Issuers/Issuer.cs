namespace BadgeIssuer.Core.Issuers;

/// <summary>
/// An organisation that issues badges (a program, district or university): its id, its profile (the
/// <see cref="IssuerDraft"/> it was written with) and when and how often it was written. Its public OB 3.0
/// <c>Profile</c> is served at <c>{PublicBaseUrl}/issuers/{Id}</c>, which is also the issuer <c>id</c> in every credential.
/// </summary>
public record Issuer : IssuerDraft
{
    /// <summary>An issuer <paramref name="id"/> with the fields of <paramref name="profile"/>.</summary>
    public Issuer(string id, IssuerDraft profile, DateTimeOffset createdAt, DateTimeOffset updatedAt, long version)
        : base(profile)
    {
        Id = id;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
    }

    /// <summary>The issuer's id, unique in the service.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public string Id { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its profile was last replaced.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>1 when created, one more at each replacement or endorsement (the ETag).</summary>
    public long Version { get; init; }

    /// <summary>Other issuers' endorsements of its profile, oldest first; listed in its Profile and so in every badge it issues after them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<Endorsements.Endorsement> Endorsements { get; init; } = [];
}
