// The DIDs a wallet holder may name its key with: did:key v0.7 (Ed25519, and P-256 per vc-di-ecdsa §2.1.1) and did:jwk
// (github.com/quartzjer/did-jwk spec: did:jwk:<base64url of the JWK's UTF-8 JSON>, its one verification method "#0").
// Both resolve without any fetch: the key is in the DID.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Proofs.Jose;

namespace BadgeIssuer.Credentials.Keys;

/// <summary>A holder's public key and the DID it is known by.</summary>
/// <param name="Did">The DID (no fragment): <c>did:key:z...</c> or <c>did:jwk:ey...</c>.</param>
/// <param name="PublicJwk">The public key as a JWK (OKP Ed25519 or EC P-256).</param>
public sealed record HolderKey(string Did, JsonObject PublicJwk)
{
    /// <summary>The longest DID URL read (a did:jwk of a P-256 key is about 170 characters).</summary>
    public const int MaxDidUrlLength = 1024;

    private const string DidJwkPrefix = "did:jwk:";
    private const string DidJwkFragment = "#0";

    /// <summary>
    /// Resolves a DID URL naming a key (a JWT <c>kid</c>): <c>did:key:z6Mk…#z6Mk…</c> (Ed25519), <c>did:key:zDn…#zDn…</c>
    /// (P-256) or <c>did:jwk:…#0</c>. False, with <paramref name="error"/> saying why, for anything else.
    /// </summary>
    public static bool TryResolve(string? didUrl, out HolderKey? key, out string? error)
    {
        key = null;
        error = null;
        if (string.IsNullOrEmpty(didUrl) || didUrl.Length > MaxDidUrlLength)
            return Fail($"A key id must be a DID URL of at most {MaxDidUrlLength} characters.", out error);
        if (didUrl.StartsWith(DidJwkPrefix, StringComparison.Ordinal))
        {
            if (!didUrl.EndsWith(DidJwkFragment, StringComparison.Ordinal))
                return Fail("A did:jwk key id names its one verification method, '#0'.", out error);
            string did = didUrl[..^DidJwkFragment.Length];
            byte[]? json = Base64Url.TryDecode(did[DidJwkPrefix.Length..]);
            if (json is null) return Fail("The did:jwk method-specific id is not base64url.", out error);
            JsonObject? jwk = ParseJwk(json);
            if (jwk is null) return Fail("The did:jwk method-specific id is not a JSON object.", out error);
            return FromJwkOf(jwk, did, out key, out error);
        }
        if (!didUrl.Contains('#', StringComparison.Ordinal) || !DidKey.TrySplit(didUrl, out string keyDid, out string multibase))
            return Fail("The key id must be a did:key DID URL (did:key:z…#z…) or a did:jwk one (did:jwk:…#0).", out error);
        if (DidKey.TryParse(keyDid, out DidKey? ed25519))
        {
            key = new HolderKey(keyDid, JwsSignatures.Ed25519Jwk(ed25519!.Ed25519PublicKey));
            return true;
        }
        try
        {
            key = new HolderKey(keyDid, P256.Decompress(Multikey.DecodeP256PublicKey(multibase)));
            return true;
        }
        catch (FormatException ex)
        {
            return Fail($"The did:key is neither an Ed25519 nor a P-256 key: {ex.Message}", out error);
        }
    }

    /// <summary>
    /// The <c>did:jwk</c> of a public JWK (a JWT header's <c>jwk</c>): only the members RFC 7638 §3.2 requires for its
    /// key type, in lexicographic order, so one key always gets one DID. False when the JWK is private, malformed or
    /// neither Ed25519 nor P-256.
    /// </summary>
    public static bool TryFromJwk(JsonObject? jwk, out HolderKey? key, out string? error)
    {
        key = null;
        if (jwk is null) return Fail("The jwk header is not a JSON object.", out error);
        if (!FromJwkOf(jwk, null, out HolderKey? parsed, out error)) return false;
        key = parsed;
        return true;
    }

    private static bool FromJwkOf(JsonObject jwk, string? did, out HolderKey? key, out string? error)
    {
        key = null;
        error = null;
        if (Jwk.HasPrivateMembers(jwk)) return Fail("The JWK carries private key material; send the public key only.", out error);
        JsonObject canonical;
        try
        {
            string kty = Jwk.Member(jwk, "kty");
            string crv = Jwk.Member(jwk, "crv");
            canonical = (kty, crv) switch
            {
                ("OKP", "Ed25519") => new JsonObject { ["crv"] = crv, ["kty"] = kty, ["x"] = Coordinate(jwk, "x") },
                ("EC", "P-256") => new JsonObject { ["crv"] = crv, ["kty"] = kty, ["x"] = Coordinate(jwk, "x"), ["y"] = Coordinate(jwk, "y") },
                _ => throw new FormatException($"Holder keys are Ed25519 (OKP) or P-256 (EC); found {kty} {crv}."),
            };
        }
        catch (FormatException ex)
        {
            return Fail(ex.Message, out error);
        }
        key = new HolderKey(did ?? DidJwkPrefix + Base64Url.Encode(Encoding.UTF8.GetBytes(canonical.ToJsonString())), canonical);
        return true;
    }

    private static string Coordinate(JsonObject jwk, string name)
    {
        string value = Jwk.Member(jwk, name);
        return Base64Url.TryDecode(value) is { Length: 32 } ? value : throw new FormatException($"The JWK member '{name}' is not 32 bytes of base64url.");
    }

    private static JsonObject? ParseJwk(byte[] json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
