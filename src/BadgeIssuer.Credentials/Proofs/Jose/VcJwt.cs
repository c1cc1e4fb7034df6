// OB 3.0 §8.2 (JSON Web Token Proof Format) over RFC 7515 compact serialization and RFC 7519 claims.
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Credentials.Proofs.Jose;

/// <summary>
/// A private signing key for VC-JWT, imported once; one instance may sign from several threads. Its material never
/// appears in <see cref="ToString"/>.
/// </summary>
public sealed class JwtSigningKey : IDisposable
{
    private readonly JwsPrivateKey _key;

    /// <summary>Creates a signing key.</summary>
    /// <param name="keyId">The <c>kid</c>: a URL that dereferences to the public JWK.</param>
    /// <param name="algorithm"><c>RS256</c>, <c>ES256</c> or <c>EdDSA</c>.</param>
    /// <param name="privateKey">PKCS#8 DER for RSA/EC, the 32-byte seed for Ed25519; the caller may wipe it afterwards.</param>
    public JwtSigningKey(string keyId, string algorithm, byte[] privateKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        KeyId = keyId;
        Algorithm = algorithm;
        _key = JwsPrivateKey.Import(algorithm, privateKey);
    }

    /// <summary>The <c>kid</c> header value.</summary>
    public string KeyId { get; }

    /// <summary>The <c>alg</c> header value.</summary>
    public string Algorithm { get; }

    internal byte[] Sign(ReadOnlySpan<byte> input) => _key.Sign(input);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"JwtSigningKey({Algorithm}, {KeyId})";
}

/// <summary>A compact JWS split into its parts, not yet verified.</summary>
public sealed record DecodedJwt(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature);

/// <summary>Signs OB 3.0 credentials as VC-JWT and splits compact JWS for verification.</summary>
public static class VcJwt
{
    /// <summary>The largest compact JWS accepted for decoding.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>The longest header part accepted, in characters (room for a <c>jwk</c> with an RSA-4096 key).</summary>
    public const int MaxHeaderLength = 8 * 1024;

    /// <summary>The longest signature part accepted, in characters: an RSA-4096 signature (512 bytes) with room to spare.</summary>
    public const int MaxSignatureLength = 1024;

    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>
    /// The compact VC-JWT of <paramref name="credential"/>: header <c>alg</c>, <c>typ</c> JWT and <c>kid</c>; payload the
    /// credential plus <c>iss</c> (issuer id), <c>sub</c> (subject id), <c>nbf</c> (validFrom), <c>jti</c> (id) and
    /// <c>exp</c> (validUntil, when present), as OB 3.0 §8.2.4 requires.
    /// </summary>
    public static string Sign(JsonObject credential, JwtSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(key);
        JsonObject header = new() { ["alg"] = key.Algorithm, ["typ"] = "JWT", ["kid"] = key.KeyId };
        JsonObject payload = [];
        AddClaim(payload, "iss", IssuerId(credential));
        AddClaim(payload, "sub", credential["credentialSubject"] is JsonObject subject ? JsonText.Of(subject["id"]) : null);
        if (Date(credential["validFrom"]) is { } nbf) payload["nbf"] = nbf;
        AddClaim(payload, "jti", JsonText.Of(credential["id"]));
        if (Date(credential["validUntil"]) is { } exp) payload["exp"] = exp;
        foreach ((string name, JsonNode? value) in credential) payload[name] = value?.DeepClone();

        string signingInput = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString(Compact))) + "."
            + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString(Compact)));
        return signingInput + "." + Base64Url.Encode(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>Splits and parses a compact JWS (RFC 7515 §7.1) without verifying it; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryDecode(string compactJws, out DecodedJwt? jwt, out string? error)
    {
        jwt = null;
        error = null;
        if (string.IsNullOrEmpty(compactJws)) return Fail("The input is empty.", out error);
        if (compactJws.Length > MaxLength) return Fail($"The JWT is longer than {MaxLength} characters.", out error);
        string[] parts = compactJws.Split('.');
        if (parts.Length != 3) return Fail($"A compact JWS has three parts separated by '.'; found {parts.Length}.", out error);
        if (parts[1].Length == 0) return Fail("The JWT payload is empty (detached payloads are not accepted).", out error);
        // Bounds checked before decoding: an RSA-4096 signature, the largest accepted, is 683 base64url characters.
        if (parts[0].Length > MaxHeaderLength) return Fail($"The JWT header has {parts[0].Length} characters; at most {MaxHeaderLength} are accepted.", out error);
        if (parts[2].Length > MaxSignatureLength) return Fail($"The JWT signature has {parts[2].Length} characters; no accepted algorithm makes one longer than {MaxSignatureLength}.", out error);
        byte[]? headerBytes = Base64Url.TryDecode(parts[0]);
        byte[]? payloadBytes = Base64Url.TryDecode(parts[1]);
        byte[]? signature = Base64Url.TryDecode(parts[2]);
        if (headerBytes is null || payloadBytes is null || signature is null)
            return Fail("A part of the JWT is not base64url.", out error);
        JsonObject? header = ParseObject(headerBytes);
        if (header is null) return Fail("The JWT header is not a JSON object.", out error);
        JsonObject? payload = ParseObject(payloadBytes);
        if (payload is null) return Fail("The JWT payload is not a JSON object.", out error);
        jwt = new DecodedJwt(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
        return true;
    }

    /// <summary><c>issuer.id</c>, whether the issuer is a string or a Profile object.</summary>
    public static string? IssuerId(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return credential["issuer"] switch
        {
            JsonObject profile => JsonText.Of(profile["id"]),
            JsonValue value => JsonText.Of(value),
            _ => null,
        };
    }


    /// <summary>An RFC 3339 date-time with a time zone as seconds since the epoch, or <c>null</c>.</summary>
    public static long? Date(JsonNode? node) =>
        JsonText.Of(node) is { } text && TryParseDateTimeZ(text, out DateTimeOffset value) ? value.ToUnixTimeSeconds() : null;

    /// <summary>Parses an OB 3.0 DateTimeZ: an ISO 8601 date-time that must carry <c>Z</c> or an offset.</summary>
    public static bool TryParseDateTimeZ(string text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 20 || text.Length > 40) return false;
        bool zoned = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        return zoned && text[10] is 'T' or 't'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value);
    }

    private static JsonObject? ParseObject(byte[] utf8)
    {
        try
        {
            return JsonNode.Parse(utf8, documentOptions: Strict) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AddClaim(JsonObject payload, string name, string? value)
    {
        if (value is not null) payload[name] = value;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
