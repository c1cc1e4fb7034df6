// RFC 7517 (JWK), RFC 7518 §6 (key parameters), RFC 8037 §2 (OKP), RFC 7638 (thumbprint).
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Credentials.Keys;

/// <summary>Reading public JWKs safely.</summary>
public static class Jwk
{
    /// <summary>Members that only private (or symmetric) keys have; a public JWK must carry none.</summary>
    public static readonly IReadOnlyList<string> PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

    /// <summary>True when the JWK carries private key material.</summary>
    public static bool HasPrivateMembers(JsonObject jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return PrivateMembers.Any(jwk.ContainsKey);
    }

    /// <summary>The RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order.</summary>
    public static string Thumbprint(JsonObject publicJwk)
    {
        ArgumentNullException.ThrowIfNull(publicJwk);
        string kty = Member(publicJwk, "kty");
        string[] required = kty switch
        {
            "RSA" => ["e", "kty", "n"],
            "EC" => ["crv", "kty", "x", "y"],
            "OKP" => ["crv", "kty", "x"],
            _ => throw new FormatException($"Unsupported JWK key type '{kty}'."),
        };
        JsonObject canonical = [];
        foreach (string name in required) canonical[name] = Member(publicJwk, name);
        return Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical.ToJsonString())));
    }

    /// <summary>A required string member; <see cref="FormatException"/> when it is missing or not a string.</summary>
    public static string Member(JsonObject jwk, string name)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return jwk[name] is JsonValue value && value.TryGetValue(out string? text) ? text : throw new FormatException($"The JWK has no string member '{name}'.");
    }
}
