using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

public sealed class JwtVerificationTests
{
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private CredentialVerifier Verifier() => new(_trusted, _time);

    private static VerificationCheck Check(VerificationReport report, string check) => report.Checks.Single(c => c.Check == check);

    public static TheoryData<string> Algorithms => [JoseAlgorithms.RS256, JoseAlgorithms.ES256, JoseAlgorithms.EdDSA];

    private static GeneratedKey Generate(string algorithm) => algorithm switch
    {
        JoseAlgorithms.RS256 => KeyGenerator.GenerateRsa2048(),
        JoseAlgorithms.ES256 => KeyGenerator.GenerateP256(),
        _ => KeyGenerator.GenerateEd25519(),
    };

    [Theory, MemberData(nameof(Algorithms))]
    public async Task A_credential_signed_with_the_issuers_own_key_is_valid(string algorithm)
    {
        string jwt = VcJwt.Sign(TestCredentials.Credential(), TestCredentials.Trust(_trusted, Generate(algorithm)));

        VerificationReport report = await Verifier().VerifyJwtAsync(jwt, default);

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationStatus.Valid, report.Status);
        Assert.Equal([VerificationCodes.Checks.Format, VerificationCodes.Checks.Schema, VerificationCodes.Checks.Signature, VerificationCodes.Checks.KeyProvenance,
            VerificationCodes.Checks.IssuerIdentity, VerificationCodes.Checks.Claims, VerificationCodes.Checks.Dates, VerificationCodes.Checks.Status], report.Checks.Select(c => c.Check));
        Assert.Equal("Digital Fluency", report.Credential!.AchievementName);
        Assert.Equal(VerificationCodes.IssuerIdentityProven, Check(report, "issuer-identity").Code);
        Assert.Equal(IssuerIdentityStatus.Proven, report.Credential.IssuerIdentity);
    }

    [Fact]
    public void The_jwt_carries_the_ob_claims_derived_from_the_credential()
    {
        string jwt = VcJwt.Sign(TestCredentials.Credential(validUntil: "2027-01-01T00:00:00Z"), TestCredentials.Trust(_trusted, KeyGenerator.GenerateEd25519()));

        Assert.True(VcJwt.TryDecode(jwt, out DecodedJwt? decoded, out _));
        JsonObject payload = decoded!.Payload;
        Assert.Equal(TestCredentials.IssuerId, payload["iss"]!.GetValue<string>());
        Assert.Equal("did:example:teacher", payload["sub"]!.GetValue<string>());
        Assert.Equal("https://badges.test/credentials/c1", payload["jti"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), payload["nbf"]!.GetValue<long>());
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), payload["exp"]!.GetValue<long>());
        Assert.Equal(["alg", "typ", "kid"], decoded.Header.Select(p => p.Key));
        Assert.Equal("JWT", decoded.Header["typ"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_changed_payload_fails_the_signature()
    {
        string[] parts = VcJwt.Sign(TestCredentials.Credential(), TestCredentials.Trust(_trusted, KeyGenerator.GenerateRsa2048())).Split('.');
        JsonObject payload = JsonNode.Parse(Base64Url.Decode(parts[1]))!.AsObject();
        payload["name"] = "Something else";
        string tampered = $"{parts[0]}.{Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        VerificationReport report = await Verifier().VerifyJwtAsync(tampered, default);

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(VerificationCodes.SignatureMismatch, Check(report, "signature").Code);
        Assert.Equal(CheckStatus.Skipped, Check(report, "key-provenance").Status);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS512")]
    public async Task Unaccepted_algorithms_fail(string alg)
    {
        string[] parts = VcJwt.Sign(TestCredentials.Credential(), TestCredentials.Trust(_trusted, KeyGenerator.GenerateRsa2048())).Split('.');
        JsonObject header = JsonNode.Parse(Base64Url.Decode(parts[0]))!.AsObject();
        header["alg"] = alg;
        string forged = $"{Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{parts[1]}.{(alg == "none" ? "" : parts[2])}";

        VerificationReport report = await Verifier().VerifyJwtAsync(forged, default);

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(VerificationCodes.UnsupportedAlgorithm, Check(report, "signature").Code);
    }

    [Fact]
    public async Task A_key_only_from_the_jwk_header_leaves_the_verdict_indeterminate()
    {
        GeneratedKey key = KeyGenerator.GenerateP256();
        string jwt = SignWithHeader(TestCredentials.Credential(), key, new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["jwk"] = key.PublicJwk.DeepClone() });

        VerificationReport report = await Verifier().VerifyJwtAsync(jwt, default);

        Assert.Equal(CheckStatus.Passed, Check(report, "signature").Status);
        Assert.Equal(VerificationCodes.KeyProvenanceUnverified, Check(report, "key-provenance").Code);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.False(report.Verified);
    }

    [Fact]
    public async Task A_did_key_that_is_the_issuers_id_proves_itself()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string did = "did:key:" + Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));
        DidKey.TryParse(did, out DidKey? parsed);
        string jwt = VcJwt.Sign(TestCredentials.Credential(issuerId: did), new JwtSigningKey(parsed!.VerificationMethodId, "EdDSA", key.PrivateKey));

        VerificationReport report = await Verifier().VerifyJwtAsync(jwt, default);

        Assert.Equal(VerificationStatus.Valid, report.Status);
        Assert.Equal(VerificationCodes.KeyProvenanceVerified, Check(report, "key-provenance").Code);
    }

    [Fact]
    public async Task A_key_of_another_issuer_is_invalid()
    {
        JwtSigningKey key = TestCredentials.Trust(_trusted, KeyGenerator.GenerateRsa2048(), controller: "https://badges.test/issuers/someone-else");
        VerificationReport report = await Verifier().VerifyJwtAsync(VcJwt.Sign(TestCredentials.Credential(), key), default);
        Assert.Equal(VerificationCodes.KeyOfAnotherIssuer, Check(report, "key-provenance").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task A_compromised_key_is_invalid()
    {
        JwtSigningKey key = TestCredentials.Trust(_trusted, KeyGenerator.GenerateRsa2048(), revoked: true);
        VerificationReport report = await Verifier().VerifyJwtAsync(VcJwt.Sign(TestCredentials.Credential(), key), default);
        Assert.Equal(VerificationCodes.KeyRevoked, Check(report, "key-provenance").Code);
    }

    [Fact]
    public async Task A_back_dated_jwt_from_a_compromised_key_is_invalid_and_a_stored_one_stays_valid()
    {
        JwtSigningKey key = TestCredentials.Trust(_trusted, KeyGenerator.GenerateRsa2048(), revoked: true);
        JsonObject genuine = TestCredentials.Credential();
        _trusted.Issued(genuine);
        JsonObject forged = TestCredentials.Credential();
        forged["validFrom"] = "2020-01-01T00:00:00Z";
        forged["credentialSubject"]!["id"] = "did:example:forger";

        VerificationReport forgedReport = await Verifier().VerifyJwtAsync(VcJwt.Sign(forged, key), default);
        VerificationReport genuineReport = await Verifier().VerifyJwtAsync(VcJwt.Sign(genuine, key), default);

        Assert.Equal(VerificationCodes.KeyRevoked, Check(forgedReport, "key-provenance").Code);
        Assert.Equal(VerificationStatus.Invalid, forgedReport.Status);
        Assert.Equal(VerificationCodes.KeyProvenanceVerified, Check(genuineReport, "key-provenance").Code);
    }

    [Fact]
    public async Task An_unknown_kid_is_not_fetched_and_is_indeterminate()
    {
        GeneratedKey key = KeyGenerator.GenerateRsa2048();
        string jwt = VcJwt.Sign(TestCredentials.Credential(), new JwtSigningKey("https://elsewhere.example/keys/1", "RS256", key.PrivateKey));
        VerificationReport report = await Verifier().VerifyJwtAsync(jwt, default);
        Assert.Equal(VerificationCodes.KeyUnresolved, Check(report, "signature").Code);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Fact]
    public async Task Claims_that_contradict_the_credential_are_invalid()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        JwtSigningKey signer = TestCredentials.Trust(_trusted, key);
        string jwt = VcJwt.Sign(TestCredentials.Credential(), signer);
        Assert.True(VcJwt.TryDecode(jwt, out DecodedJwt? decoded, out _));
        decoded!.Payload["jti"] = "https://badges.test/credentials/another";
        string resigned = SignWithHeader(decoded.Payload, key, decoded.Header);

        VerificationReport report = await Verifier().VerifyJwtAsync(resigned, default);

        Assert.Equal(CheckStatus.Passed, Check(report, "signature").Status);
        Assert.Equal(VerificationCodes.ClaimMismatch, Check(report, "claims").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task A_date_claim_that_is_not_a_number_is_reported_as_malformed_not_as_a_different_date()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string jwt = VcJwt.Sign(TestCredentials.Credential(), TestCredentials.Trust(_trusted, key));
        Assert.True(VcJwt.TryDecode(jwt, out DecodedJwt? decoded, out _));
        decoded!.Payload["nbf"] = "2026-11-01T00:00:00Z";

        VerificationReport report = await Verifier().VerifyJwtAsync(SignWithHeader(decoded.Payload, key, decoded.Header), default);

        Assert.Equal(VerificationCodes.ClaimMismatch, Check(report, "claims").Code);
        Assert.Contains("'nbf' is \"2026-11-01T00:00:00Z\", which is not a NumericDate", Check(report, "claims").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_credential_is_invalid_and_a_future_one_not_yet_valid()
    {
        JwtSigningKey key = TestCredentials.Trust(_trusted, KeyGenerator.GenerateEd25519());
        VerificationReport expired = await Verifier().VerifyJwtAsync(VcJwt.Sign(TestCredentials.Credential(validUntil: "2026-11-20T00:00:00Z"), key), default);
        JsonObject future = TestCredentials.Credential();
        future["validFrom"] = "2027-01-01T00:00:00Z";
        VerificationReport notYet = await Verifier().VerifyJwtAsync(VcJwt.Sign(future, key), default);

        Assert.Equal(VerificationCodes.Expired, Check(expired, "dates").Code);
        Assert.Equal(VerificationCodes.NotYetValid, Check(notYet, "dates").Code);
        Assert.Equal(VerificationStatus.Invalid, expired.Status);
    }

    [Fact]
    public async Task A_private_key_in_the_header_fails_the_format_check()
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        JsonObject jwk = key.PublicJwk.DeepClone().AsObject();
        jwk["d"] = Base64Url.Encode(key.PrivateKey);
        string jwt = SignWithHeader(TestCredentials.Credential(), key, new JsonObject { ["alg"] = "EdDSA", ["jwk"] = jwk });
        VerificationReport report = await Verifier().VerifyJwtAsync(jwt, default);
        Assert.Equal(VerificationCodes.PrivateKeyInHeader, Check(report, "format").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!!.???.***")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9..c2ln")]
    [InlineData("bm90IGpzb24.bm90IGpzb24.c2ln")]
    public async Task Unreadable_input_is_a_failed_format_check_not_an_exception(string input)
    {
        VerificationReport report = await Verifier().VerifyJwtAsync(input, default);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(CheckStatus.Failed, Check(report, "format").Status);
    }

    [Fact]
    public async Task A_header_with_duplicate_members_is_unreadable()
    {
        string header = Base64Url.Encode("""{"alg":"EdDSA","alg":"none"}"""u8);
        VerificationReport report = await Verifier().VerifyJwtAsync($"{header}.e30.c2ln", default);
        Assert.Equal(CheckStatus.Failed, Check(report, "format").Status);
    }

    private static string SignWithHeader(JsonObject payload, GeneratedKey key, JsonObject header)
    {
        string input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return input + "." + Base64Url.Encode(JwsSignatures.Sign(key.Algorithm, key.PrivateKey, Encoding.ASCII.GetBytes(input)));
    }
}
