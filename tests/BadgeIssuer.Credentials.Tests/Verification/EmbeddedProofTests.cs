using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>JSON credentials with embedded eddsa-rdfc-2022 proofs: the OB 3.0 spec examples, and our own.</summary>
public sealed class EmbeddedProofTests
{
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly CredentialVerifier _verifier;

    public EmbeddedProofTests() => _verifier = new(_trusted, new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)));

    public static TheoryData<string> SignedExamples()
    {
        TheoryData<string> data = [];
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples"), "*.signed.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    private static JsonObject Example(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples", file)))!.AsObject();

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.First(c => c.Check == name);

    [Fact]
    public void All_nine_signed_examples_are_vendored()
    {
        Assert.Equal(9, SignedExamples().Count);
    }

    [Theory, MemberData(nameof(SignedExamples))]
    public async Task A_signed_spec_example_passes_the_proof_check_but_its_key_cannot_be_tied_to_its_issuer(string file)
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Example(file), default);

        Assert.Equal(CheckStatus.Passed, Check(report, "proof").Status);
        Assert.Equal(VerificationCodes.KeyProvenanceUnverified, Check(report, "key-provenance").Code);
        Assert.True(VerificationStatus.Indeterminate == report.Status, string.Join("\n", report.Checks));
    }

    [Theory, MemberData(nameof(SignedExamples))]
    public async Task A_signed_spec_example_with_one_changed_value_fails_the_proof_check(string file)
    {
        JsonObject credential = Example(file);
        credential["issuer"]!["name"] = "Someone Else University";

        VerificationReport report = await _verifier.VerifyJsonAsync(credential, default);

        Assert.Equal(VerificationCodes.SignatureMismatch, Check(report, "proof").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task A_proof_by_the_issuers_own_published_key_is_valid()
    {
        (GeneratedKey key, string multibase) = TestCredentials.Ed25519();
        string method = $"{TestCredentials.IssuerId}#{multibase}";
        _trusted.Add(new TrustedKey(method, TestCredentials.IssuerId, key.PublicJwk, null));
        JsonObject signed = new EddsaDataIntegrity().AddProof(TestCredentials.Credential(), DataIntegritySuites.EddsaRdfc2022, method,
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), key.PrivateKey, asArray: true);

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationCodes.KeyProvenanceVerified, Check(report, "key-provenance").Code);
    }

    [Fact]
    public async Task The_same_key_in_a_fragment_without_our_records_leaves_the_verdict_indeterminate()
    {
        (GeneratedKey key, string multibase) = TestCredentials.Ed25519();
        JsonObject signed = new EddsaDataIntegrity().AddProof(TestCredentials.Credential(), DataIntegritySuites.EddsaRdfc2022,
            $"{TestCredentials.IssuerId}#{multibase}", DateTimeOffset.UnixEpoch, key.PrivateKey, asArray: true);

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Equal(VerificationCodes.KeyProvenanceUnverified, Check(report, "key-provenance").Code);
    }

    [Fact]
    public async Task A_compromised_key_keeps_only_the_credentials_its_issuer_stored_before_the_compromise()
    {
        (GeneratedKey key, string multibase) = TestCredentials.Ed25519();
        string method = $"{TestCredentials.IssuerId}/keys/{multibase}";
        _trusted.Add(new TrustedKey(method, TestCredentials.IssuerId, key.PublicJwk, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        EddsaDataIntegrity suite = new();
        JsonObject genuine = suite.AddProof(TestCredentials.Credential(), DataIntegritySuites.EddsaRdfc2022, method, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), key.PrivateKey, asArray: true);
        _trusted.Issued(genuine);
        JsonObject forged = TestCredentials.Credential();
        forged["validFrom"] = "2025-01-01T00:00:00Z";
        forged["credentialSubject"]!["id"] = "did:example:forger";
        forged = suite.AddProof(forged, DataIntegritySuites.EddsaRdfc2022, method, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), key.PrivateKey, asArray: true);

        Assert.True((await _verifier.VerifyJsonAsync(genuine, default)).Verified);
        VerificationReport report = await _verifier.VerifyJsonAsync(forged, default);
        Assert.Equal(VerificationCodes.KeyRevoked, Check(report, "key-provenance").Code);
        Assert.Equal(CheckStatus.Passed, Check(report, "proof").Status);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task Unknown_proof_types_are_reported_not_ignored()
    {
        JsonObject credential = TestCredentials.Credential();
        credential["proof"] = new JsonArray(new JsonObject { ["type"] = "BbsBlsSignature2020", ["proofPurpose"] = "assertionMethod", ["proofValue"] = "abc" });

        VerificationReport report = await _verifier.VerifyJsonAsync(credential, default);

        Assert.Contains(report.Checks, c => c.Code == VerificationCodes.UnsupportedProof && c.Status == CheckStatus.Skipped);
        Assert.Contains(report.Checks, c => c.Code == VerificationCodes.NoVerifiableProof);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Fact]
    public async Task A_credential_using_an_unpinned_context_fails_with_unknown_context()
    {
        (GeneratedKey key, string multibase) = TestCredentials.Ed25519();
        string did = "did:key:" + multibase;
        DidKey.TryParse(did, out DidKey? parsed);
        JsonObject signed = new EddsaDataIntegrity().AddProof(TestCredentials.Credential(issuerId: did), DataIntegritySuites.EddsaRdfc2022, parsed!.VerificationMethodId, DateTimeOffset.UnixEpoch, key.PrivateKey);
        signed["@context"]!.AsArray().Add("https://evil.example/context.jsonld");

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        Assert.Equal("unknown-context", Check(report, "proof").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task A_credential_without_a_proof_is_invalid()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(TestCredentials.Credential(), default);
        Assert.Equal(VerificationCodes.NoProof, Check(report, "proof").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }
}
