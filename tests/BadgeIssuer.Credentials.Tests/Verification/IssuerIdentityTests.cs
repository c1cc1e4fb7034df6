using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>The issuer-identity check: who vouches for the issuer's name, and when nobody does.</summary>
public sealed class IssuerIdentityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly CredentialVerifier _verifier;

    public IssuerIdentityTests() => _verifier = new(_trusted, new FakeTimeProvider(Now));

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.Single(c => c.Check == name);

    /// <summary>A fresh did:key and its signing key.</summary>
    private static (GeneratedKey Key, DidKey Did) NewDidKey()
    {
        (GeneratedKey key, string multibase) = TestCredentials.Ed25519();
        Assert.True(DidKey.TryParse("did:key:" + multibase, out DidKey? did));
        return (key, did!);
    }

    /// <summary>A credential whose issuer is <paramref name="issuerId"/> and calls itself Harvard University.</summary>
    private static JsonObject Harvard(string issuerId)
    {
        JsonObject credential = TestCredentials.Credential(issuerId: issuerId);
        credential["issuer"]!["name"] = "Harvard University";
        return credential;
    }

    private static JsonObject SignEmbedded(JsonObject credential, string method, GeneratedKey key) =>
        new EddsaDataIntegrity().AddProof(credential, DataIntegritySuites.EddsaRdfc2022, method, Now.AddDays(-1), key.PrivateKey, asArray: true);

    [Fact]
    public async Task Verify_reports_a_self_issued_did_key_credentials_name_as_only_claimed()
    {
        (GeneratedKey key, DidKey did) = NewDidKey();
        JsonObject signed = SignEmbedded(Harvard(did.Did), did.VerificationMethodId, key);

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        Assert.Equal(VerificationStatus.Valid, report.Status);
        VerificationCheck identity = Check(report, "issuer-identity");
        Assert.Equal(CheckStatus.Passed, identity.Status);
        Assert.Equal(VerificationCodes.IssuerIdentityUnproven, identity.Code);
        Assert.Contains("“Harvard University” is only claimed", identity.Message, StringComparison.Ordinal);
        Assert.Contains("anyone can make", identity.Message, StringComparison.Ordinal);
        Assert.Equal(IssuerIdentityStatus.Claimed, report.Credential!.IssuerIdentity);
        Assert.Equal("key-provenance", report.Checks[report.Checks.ToList().IndexOf(identity) - 1].Check);
    }

    [Fact]
    public async Task Verify_names_this_service_as_the_voucher_for_one_of_its_own_issuers()
    {
        (GeneratedKey key, string method) = TestCredentials.TrustEd25519(_trusted);

        VerificationReport report = await _verifier.VerifyJsonAsync(SignEmbedded(TestCredentials.Credential(), method, key), default);

        VerificationCheck identity = Check(report, "issuer-identity");
        Assert.Equal(VerificationCodes.IssuerIdentityProven, identity.Code);
        Assert.StartsWith("This service vouches for the issuer “Riverside”", identity.Message, StringComparison.Ordinal);
        Assert.Equal(IssuerIdentityStatus.Proven, report.Credential!.IssuerIdentity);
    }

    [Fact]
    public async Task Verify_leaves_the_issuer_unproven_when_its_key_is_not_shown_to_be_the_issuers()
    {
        (GeneratedKey key, DidKey did) = NewDidKey();
        JsonObject signed = SignEmbedded(Harvard("https://harvard.example/issuer"), did.VerificationMethodId, key);

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        Assert.Equal(VerificationCodes.KeyProvenanceUnverified, Check(report, "key-provenance").Code);
        VerificationCheck identity = Check(report, "issuer-identity");
        Assert.Equal(CheckStatus.Skipped, identity.Status);
        Assert.Equal(VerificationCodes.IssuerIdentityUnproven, identity.Code);
        Assert.Equal(IssuerIdentityStatus.Claimed, report.Credential!.IssuerIdentity);
    }

    [Fact]
    public async Task Verify_leaves_the_issuer_unproven_when_its_key_is_compromised()
    {
        (GeneratedKey key, string method) = TestCredentials.TrustEd25519(_trusted, compromisedAt: Now.AddDays(-30));

        VerificationReport report = await _verifier.VerifyJsonAsync(SignEmbedded(TestCredentials.Credential(), method, key), default);

        Assert.Equal(VerificationCodes.KeyRevoked, Check(report, "key-provenance").Code);
        Assert.Equal(VerificationCodes.IssuerIdentityUnproven, Check(report, "issuer-identity").Code);
        Assert.Equal(IssuerIdentityStatus.Claimed, report.Credential!.IssuerIdentity);
    }

    [Fact]
    public async Task Verify_reports_a_self_issued_did_key_vc_jwt_as_only_claimed()
    {
        (GeneratedKey key, DidKey did) = NewDidKey();
        string jwt = VcJwt.Sign(Harvard(did.Did), new JwtSigningKey(did.VerificationMethodId, JoseAlgorithms.EdDSA, key.PrivateKey));

        VerificationReport report = await _verifier.VerifyJwtAsync(jwt, default);

        Assert.Equal(VerificationStatus.Valid, report.Status);
        Assert.Equal(VerificationCodes.IssuerIdentityUnproven, Check(report, "issuer-identity").Code);
        Assert.Contains("“Harvard University” is only claimed", Check(report, "issuer-identity").Message, StringComparison.Ordinal);
        Assert.Equal(IssuerIdentityStatus.Claimed, report.Credential!.IssuerIdentity);
    }

    [Fact]
    public async Task Verify_names_this_service_as_the_voucher_of_a_vc_jwt_signed_with_an_issuers_own_key()
    {
        string jwt = VcJwt.Sign(TestCredentials.Credential(), TestCredentials.Trust(_trusted, KeyGenerator.GenerateRsa2048()));

        VerificationReport report = await _verifier.VerifyJwtAsync(jwt, default);

        Assert.Equal(VerificationCodes.IssuerIdentityProven, Check(report, "issuer-identity").Code);
        Assert.Equal(IssuerIdentityStatus.Proven, report.Credential!.IssuerIdentity);
    }

    [Fact]
    public async Task An_unreadable_input_has_no_issuer_identity_in_its_summary()
    {
        VerificationReport report = await _verifier.VerifyContentAsync("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(), VerifyOptions.Default, null, default);

        Assert.DoesNotContain(report.Checks, c => c.Check == "issuer-identity");
        Assert.Null(report.Credential?.IssuerIdentity);
    }
}
