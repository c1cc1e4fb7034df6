using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;

namespace BadgeIssuer.Credentials.Tests.Keys;

public sealed class HolderKeyTests
{
    // did:key v0.7 test vectors (w3c-ccg/did-key-spec, test-vectors/nist-curves.json).
    private const string P256Did = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";

    [Fact]
    public void A_p256_did_key_resolves_to_the_point_of_the_test_vector()
    {
        Assert.True(HolderKey.TryResolve(P256Did + "#zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", out HolderKey? key, out string? error), error);
        Assert.Equal(P256Did, key!.Did);
        Assert.Equal("EC", key.PublicJwk["kty"]!.GetValue<string>());
        Assert.Equal("fyNYMN0976ci7xqiSdag3buk-ZCwgXU4kz9XNkBlNUI", key.PublicJwk["x"]!.GetValue<string>());
        Assert.Equal("hW2ojTNfH7Jbi8--CJUo3OCbH3y5n91g-IMA9MLMbTU", key.PublicJwk["y"]!.GetValue<string>());
    }

    [Fact]
    public void Compressed_p256_points_decompress_to_the_generated_keys_both_parities()
    {
        HashSet<byte> prefixes = [];
        for (int i = 0; i < 16 || prefixes.Count < 2; i++)
        {
            GeneratedKey generated = KeyGenerator.GenerateP256();
            byte[] x = Base64Url.Decode(generated.PublicJwk["x"]!.GetValue<string>());
            byte[] y = Base64Url.Decode(generated.PublicJwk["y"]!.GetValue<string>());
            byte prefix = (byte)(2 + (y[^1] & 1));
            prefixes.Add(prefix);
            string multibase = "z" + Base58Btc.Encode([0x80, 0x24, prefix, .. x]);
            Assert.True(HolderKey.TryResolve($"did:key:{multibase}#{multibase}", out HolderKey? key, out string? error), error);
            Assert.True(JsonNode.DeepEquals(generated.PublicJwk, key!.PublicJwk));
        }
    }

    [Fact]
    public void An_ed25519_did_key_resolves_to_its_okp_jwk()
    {
        const string multibase = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
        Assert.True(HolderKey.TryResolve($"did:key:{multibase}#{multibase}", out HolderKey? key, out _));
        Assert.Equal($"did:key:{multibase}", key!.Did);
        Assert.Equal("4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5",
            Convert.ToHexStringLower(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>())));
    }

    [Fact]
    public void A_jwk_becomes_the_did_jwk_of_its_required_members_and_that_did_resolves_back()
    {
        GeneratedKey generated = KeyGenerator.GenerateP256();
        JsonObject sent = generated.PublicJwk.DeepClone().AsObject();
        sent["use"] = "sig";
        sent["alg"] = "ES256";
        Assert.True(HolderKey.TryFromJwk(sent, out HolderKey? key, out _));
        string json = Encoding.UTF8.GetString(Base64Url.Decode(key!.Did["did:jwk:".Length..]));
        Assert.Equal($"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{generated.PublicJwk["x"]}\",\"y\":\"{generated.PublicJwk["y"]}\"}}", json);
        Assert.True(HolderKey.TryResolve(key.Did + "#0", out HolderKey? resolved, out _));
        Assert.Equal(key.Did, resolved!.Did);
        Assert.True(JsonNode.DeepEquals(key.PublicJwk, resolved.PublicJwk));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://example.org/keys/1")]
    [InlineData("did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")]
    [InlineData("did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi#other")]
    [InlineData("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    [InlineData("did:key:z0OIl#z0OIl")]
    [InlineData("did:jwk:eyJrdHkiOiJFQyJ9")]
    [InlineData("did:jwk:!!!#0")]
    [InlineData("did:jwk:WzFd#0")]
    [InlineData("did:jwk:eyJrdHkiOiJFQyJ9#0")]
    [InlineData("did:web:example.org#key-1")]
    public void Anything_else_is_refused_with_a_reason(string? didUrl)
    {
        Assert.False(HolderKey.TryResolve(didUrl, out HolderKey? key, out string? error));
        Assert.Null(key);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Private_jwks_and_other_key_types_are_refused()
    {
        GeneratedKey ed = KeyGenerator.GenerateEd25519();
        JsonObject withPrivate = ed.PublicJwk.DeepClone().AsObject();
        withPrivate["d"] = Base64Url.Encode(ed.PrivateKey);
        Assert.False(HolderKey.TryFromJwk(withPrivate, out _, out string? error));
        Assert.Contains("private", error, StringComparison.Ordinal);
        Assert.False(HolderKey.TryFromJwk(KeyGenerator.GenerateRsa2048().PublicJwk, out _, out _));
        Assert.False(HolderKey.TryFromJwk(new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = "AAAA" }, out _, out _));
        Assert.False(HolderKey.TryFromJwk(null, out _, out _));
    }
}
