using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;

namespace BadgeIssuer.Credentials.Tests.Keys;

public sealed class KeyEncodingTests
{
    // OB 3.0 implementation guide test vector (BRIEF §5.3).
    private const string VectorMultibase = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";
    private const string VectorPublicKey = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5";

    [Fact]
    public void The_ob_test_vector_key_encodes_to_its_multibase()
    {
        Assert.Equal(VectorMultibase, Multikey.EncodeEd25519PublicKey(Convert.FromHexString(VectorPublicKey)));
        Assert.Equal(VectorPublicKey, Convert.ToHexStringLower(Multikey.DecodeEd25519PublicKey(VectorMultibase)));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("00", "1")]
    [InlineData("0000ff", "115Q")]
    [InlineData("48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U")]
    public void Base58btc_matches_known_encodings(string hex, string encoded)
    {
        Assert.Equal(encoded, Base58Btc.Encode(Convert.FromHexString(hex)));
        Assert.Equal(hex, Convert.ToHexStringLower(Base58Btc.Decode(encoded)));
    }

    [Theory]
    [InlineData("z0OIl")]
    [InlineData("zabc!")]
    public void Base58btc_rejects_characters_outside_its_alphabet(string text)
    {
        Assert.Throws<FormatException>(() => Base58Btc.Decode(text[1..]));
    }

    [Theory]
    [InlineData("6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi")]
    [InlineData("zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")]
    [InlineData("z6Mk")]
    public void A_multikey_that_is_not_an_ed25519_key_is_refused(string multibase)
    {
        Assert.Throws<FormatException>(() => Multikey.DecodeEd25519PublicKey(multibase));
    }

    [Fact]
    public void A_did_key_and_its_verification_method_parse_to_the_same_key()
    {
        Assert.True(DidKey.TryParse("did:key:" + VectorMultibase, out DidKey? did));
        Assert.True(DidKey.TryParse($"did:key:{VectorMultibase}#{VectorMultibase}", out DidKey? method));
        Assert.Equal(did!.Ed25519PublicKey, method!.Ed25519PublicKey);
        Assert.Equal($"did:key:{VectorMultibase}#{VectorMultibase}", did.VerificationMethodId);
        Assert.False(DidKey.TryParse($"did:key:{VectorMultibase}#other", out _));
        Assert.False(DidKey.TryParse("did:web:example.edu", out _));
    }

    [Fact]
    public void A_generated_ed25519_key_round_trips_through_its_multikey()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        byte[] x = Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>());
        Assert.Equal(x, Multikey.DecodeEd25519PublicKey(Multikey.EncodeEd25519PublicKey(x)));
        Assert.Equal(32, key.PrivateKey.Length);
        Assert.False(Jwk.HasPrivateMembers(key.PublicJwk));
    }

    [Fact]
    public void The_jwk_thumbprint_matches_rfc_7638()
    {
        // RFC 7638 §3.1 example key and thumbprint.
        System.Text.Json.Nodes.JsonObject jwk = new()
        {
            ["kty"] = "RSA",
            ["n"] = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            ["e"] = "AQAB",
            ["alg"] = "RS256",
            ["kid"] = "2011-04-29",
        };
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", Jwk.Thumbprint(jwk));
    }
}
