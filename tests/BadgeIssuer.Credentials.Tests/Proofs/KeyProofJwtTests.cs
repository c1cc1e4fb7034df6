using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.Jose;

namespace BadgeIssuer.Credentials.Tests.Proofs;

public sealed class KeyProofJwtTests
{
    private const string Issuer = "https://badges.example.edu";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 4, 0, 0, TimeSpan.Zero);

    private static string Sign(GeneratedKey key, JsonObject header, JsonObject claims)
    {
        string input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return input + "." + Base64Url.Encode(JwsSignatures.Sign(key.Algorithm, key.PrivateKey, Encoding.ASCII.GetBytes(input)));
    }

    private static string DidKeyUrl(GeneratedKey ed25519)
    {
        string multibase = Multikey.EncodeEd25519PublicKey(Base64Url.Decode(ed25519.PublicJwk["x"]!.GetValue<string>()));
        return $"did:key:{multibase}#{multibase}";
    }

    private static JsonObject Claims(long? iat = null, string nonce = "n-1") =>
        new() { ["aud"] = Issuer, ["iat"] = iat ?? Now.ToUnixTimeSeconds(), ["nonce"] = nonce };

    [Fact]
    public void An_eddsa_proof_with_a_did_key_kid_names_that_did_and_its_nonce()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string kid = DidKeyUrl(key);
        string jwt = Sign(key, new JsonObject { ["typ"] = KeyProofJwt.Type, ["alg"] = "EdDSA", ["kid"] = kid }, Claims());
        Assert.True(KeyProofJwt.TryVerify(jwt, Issuer, Now, out KeyProof? proof, out string? error), error);
        Assert.Equal(kid[..kid.IndexOf('#', StringComparison.Ordinal)], proof!.HolderDid);
        Assert.Equal("n-1", proof.Nonce);
    }

    [Fact]
    public void An_es256_proof_with_a_jwk_is_bound_to_its_did_jwk()
    {
        GeneratedKey key = KeyGenerator.GenerateP256();
        string jwt = Sign(key, new JsonObject { ["typ"] = KeyProofJwt.Type, ["alg"] = "ES256", ["jwk"] = key.PublicJwk.DeepClone() }, Claims());
        Assert.True(KeyProofJwt.TryVerify(jwt, Issuer, Now, out KeyProof? proof, out string? error), error);
        Assert.StartsWith("did:jwk:", proof!.HolderDid, StringComparison.Ordinal);
        Assert.True(HolderKey.TryResolve(proof.HolderDid + "#0", out HolderKey? resolved, out _));
        Assert.True(JsonNode.DeepEquals(key.PublicJwk, resolved!.PublicJwk));
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "typ", "no typ" },
        { "typ-jwt", "typ JWT" },
        { "alg-none", "alg none" },
        { "alg-rs256", "alg RS256" },
        { "alg-mismatch", "ES256 claimed for an Ed25519 key" },
        { "both", "kid and jwk" },
        { "neither", "no key" },
        { "x5c", "x5c" },
        { "crit", "crit" },
        { "private-jwk", "a private jwk" },
        { "kid-https", "kid not a DID" },
        { "signature", "a signature by another key" },
        { "aud", "another audience" },
        { "no-aud", "no audience" },
        { "iat-old", "iat 6 minutes ago" },
        { "iat-future", "iat 6 minutes ahead" },
        { "iat-string", "iat a string" },
        { "no-nonce", "no nonce" },
        { "garbage", "not a JWT" },
        { "huge", "9 KiB" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Every_broken_proof_is_refused_with_a_reason(string variant, string because)
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        GeneratedKey other = KeyGenerator.GenerateEd25519();
        string kid = DidKeyUrl(key);
        JsonObject header = new() { ["typ"] = KeyProofJwt.Type, ["alg"] = "EdDSA", ["kid"] = kid };
        JsonObject claims = Claims();
        GeneratedKey signer = key;
        switch (variant)
        {
            case "typ": header.Remove("typ"); break;
            case "typ-jwt": header["typ"] = "JWT"; break;
            case "alg-none": header["alg"] = "none"; break;
            case "alg-rs256": header["alg"] = "RS256"; break;
            case "alg-mismatch": header["alg"] = "ES256"; break;
            case "both": header["jwk"] = key.PublicJwk.DeepClone(); break;
            case "neither": header.Remove("kid"); break;
            case "x5c": header["x5c"] = new JsonArray("MIIB"); break;
            case "crit": header["crit"] = new JsonArray("b64"); break;
            case "private-jwk":
                header.Remove("kid");
                JsonObject jwk = key.PublicJwk.DeepClone().AsObject();
                jwk["d"] = Base64Url.Encode(key.PrivateKey);
                header["jwk"] = jwk;
                break;
            case "kid-https": header["kid"] = "https://wallet.example/keys/1"; break;
            case "signature": signer = other; break;
            case "aud": claims["aud"] = "https://elsewhere.example"; break;
            case "no-aud": claims.Remove("aud"); break;
            case "iat-old": claims["iat"] = Now.AddMinutes(-6).ToUnixTimeSeconds(); break;
            case "iat-future": claims["iat"] = Now.AddMinutes(6).ToUnixTimeSeconds(); break;
            case "iat-string": claims["iat"] = "now"; break;
            case "no-nonce": claims.Remove("nonce"); break;
        }
        string jwt = variant switch
        {
            "garbage" => "not.a.jwt",
            "huge" => Sign(signer, header, new JsonObject { ["aud"] = Issuer, ["iat"] = Now.ToUnixTimeSeconds(), ["nonce"] = "n", ["pad"] = new string('a', 9 * 1024) }),
            _ => Sign(signer, header, claims),
        };
        Assert.False(KeyProofJwt.TryVerify(jwt, Issuer, Now, out KeyProof? proof, out string? error), because);
        Assert.Null(proof);
        Assert.False(string.IsNullOrEmpty(error), because);
    }

    [Fact]
    public void An_audience_array_holding_the_issuer_and_an_iat_within_five_minutes_pass()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        JsonObject claims = Claims(Now.AddMinutes(-4).ToUnixTimeSeconds());
        claims["aud"] = new JsonArray("https://other.example", Issuer);
        string jwt = Sign(key, new JsonObject { ["typ"] = KeyProofJwt.Type, ["alg"] = "EdDSA", ["kid"] = DidKeyUrl(key) }, claims);
        Assert.True(KeyProofJwt.TryVerify(jwt, Issuer, Now, out _, out string? error), error);
    }
}
