using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// Regressions from credentials of other issuers: a single IdentityObject is an identifier, and a missing required
/// field is reported as missing, not as malformed.
/// </summary>
public sealed class RealCredentialTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly CredentialVerifier _verifier;
    private readonly GeneratedKey _key;
    private readonly string _method;

    public RealCredentialTests()
    {
        _verifier = new(_trusted, new FakeTimeProvider(Now));
        (_key, _method) = TestCredentials.TrustEd25519(_trusted);
    }

    private JsonObject Sign(JsonObject credential) =>
        new EddsaDataIntegrity().AddProof(credential, DataIntegritySuites.EddsaRdfc2022, _method, Now.AddDays(-1), _key.PrivateKey, asArray: true);

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.Single(c => c.Check == name);

    /// <summary>A credential whose subject has no id and one hashed e-mail IdentityObject, not wrapped in an array (as DCC writes it).</summary>
    private static JsonObject SingleIdentifierCredential()
    {
        JsonObject credential = TestCredentials.Credential();
        JsonObject subject = credential["credentialSubject"]!.AsObject();
        subject.Remove("id");
        subject["identifier"] = new JsonObject
        {
            ["type"] = "IdentityObject",
            ["identityHash"] = IdentityHash.Sha256("ada@school.example", "pepper"),
            ["identityType"] = "emailAddress",
            ["hashed"] = true,
            ["salt"] = "pepper",
        };
        return credential;
    }

    [Fact]
    public async Task Verify_accepts_a_single_identity_object_as_the_subjects_identifier()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(SingleIdentifierCredential()), default);

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationCodes.SchemaValid, Check(report, "schema").Code);
    }

    [Fact]
    public void The_schema_check_reads_a_single_identity_object_as_a_one_element_set()
    {
        JsonObject credential = SingleIdentifierCredential();

        Assert.Equal(VerificationCodes.SchemaValid, CredentialChecks.Schema(credential).Code);
        Assert.IsType<JsonArray>(CredentialChecks.ExpandCompactedValues(credential)["credentialSubject"]!["identifier"]);
        Assert.IsType<JsonObject>(credential["credentialSubject"]!["identifier"]);
    }

    [Fact]
    public async Task The_recipient_check_matches_a_single_identity_object()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(SingleIdentifierCredential()),
            new VerifyOptions(new ExpectedRecipient("ada@school.example", "emailAddress")), default);

        Assert.Equal(VerificationCodes.RecipientMatched, Check(report, "recipient").Code);
    }

    [Fact]
    public void A_subject_with_neither_id_nor_identifier_is_still_unidentified()
    {
        JsonObject credential = SingleIdentifierCredential();
        credential["credentialSubject"]!.AsObject().Remove("identifier");

        Assert.Equal(VerificationCodes.SubjectUnidentified, CredentialChecks.Schema(credential).Code);
    }

    [Fact]
    public async Task Verify_reports_a_missing_valid_from_as_missing_not_as_malformed()
    {
        JsonObject credential = TestCredentials.Credential();
        credential.Remove("validFrom");

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(credential), default);

        VerificationCheck dates = Check(report, "dates");
        Assert.Equal(CheckStatus.Failed, dates.Status);
        Assert.Equal(VerificationCodes.MissingField, dates.Code);
        Assert.StartsWith("The credential has no validFrom", dates.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("must be a date-time", dates.Message, StringComparison.Ordinal);
        Assert.Contains("validFrom is missing", Check(report, "schema").Message, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public void A_malformed_valid_from_is_still_reported_as_malformed()
    {
        JsonObject credential = TestCredentials.Credential();
        credential["validFrom"] = "2026-11-01";

        VerificationCheck dates = CredentialChecks.Dates(credential, Now);

        Assert.Equal(VerificationCodes.InvalidDate, dates.Code);
        Assert.Contains("must be a date-time with a time zone", dates.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vc_1_1_credential_without_an_issuance_date_is_told_so()
    {
        JsonObject credential = TestCredentials.Credential();
        credential["@context"]![0] = CredentialChecks.CredentialsV1;
        credential.Remove("validFrom");

        VerificationCheck dates = CredentialChecks.Dates(credential, Now);

        Assert.Equal(VerificationCodes.MissingField, dates.Code);
        Assert.StartsWith("The credential has no issuanceDate", dates.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_without_an_issuer_is_told_it_has_none()
    {
        JsonObject credential = TestCredentials.Credential();
        credential.Remove("issuer");

        VerificationCheck schema = CredentialChecks.Schema(credential);

        Assert.Equal(VerificationCodes.MissingField, schema.Code);
        Assert.StartsWith("The credential has no issuer", schema.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reports_an_issuer_without_an_id_as_missing_in_the_schema_and_key_provenance_checks()
    {
        JsonObject credential = TestCredentials.Credential();
        credential["issuer"]!.AsObject().Remove("id");

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(credential), default);

        Assert.Equal(VerificationCodes.MissingField, Check(report, "schema").Code);
        Assert.Equal("The credential's issuer has no id (OB 3.0 requires the issuer Profile's id).", Check(report, "schema").Message);
        Assert.Equal(VerificationCodes.MissingField, Check(report, "key-provenance").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task Verify_reports_a_missing_credential_subject_by_name()
    {
        JsonObject credential = TestCredentials.Credential();
        credential.Remove("credentialSubject");

        VerificationReport report = await _verifier.VerifyJsonAsync(credential, default);

        Assert.Equal(VerificationCodes.MissingField, Check(report, "format").Code);
        Assert.StartsWith("The credential has no credentialSubject", Check(report, "format").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_that_has_nothing_of_a_credential_is_not_a_credential()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(new JsonObject { ["hello"] = "world" }, default);

        Assert.Equal(VerificationCodes.NotACredential, Check(report, "format").Code);
    }

    [Theory]
    [InlineData("proofPurpose")]
    [InlineData("verificationMethod")]
    [InlineData("proofValue")]
    [InlineData("cryptosuite")]
    [InlineData("type")]
    public async Task Verify_reports_a_proof_member_that_is_missing_as_missing(string member)
    {
        JsonObject signed = Sign(TestCredentials.Credential());
        signed["proof"]![0]!.AsObject().Remove(member);

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        VerificationCheck proof = report.Checks.First(c => c.Check == "proof");
        Assert.Equal(CheckStatus.Failed, proof.Status);
        Assert.Equal(VerificationCodes.MissingField, proof.Code);
        Assert.Contains($"has no {member}", proof.Message, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task A_verification_method_that_is_not_a_string_is_reported_as_malformed()
    {
        JsonObject signed = Sign(TestCredentials.Credential());
        signed["proof"]![0]!["verificationMethod"] = new JsonObject { ["id"] = _method };

        VerificationReport report = await _verifier.VerifyJsonAsync(signed, default);

        VerificationCheck proof = report.Checks.First(c => c.Check == "proof");
        Assert.Equal(VerificationCodes.NoKey, proof.Code);
        Assert.Contains("must be the URL of a key", proof.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reports_a_jwt_without_alg_as_missing_it()
    {
        JsonObject header = new() { ["typ"] = "JWT", ["kid"] = "https://badges.test/keys/1" };
        string jwt = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "."
            + Base64Url.Encode(Encoding.UTF8.GetBytes(TestCredentials.Credential().ToJsonString())) + ".c2ln";

        VerificationReport report = await _verifier.VerifyJwtAsync(jwt, default);

        Assert.Equal(VerificationCodes.MissingField, Check(report, "signature").Code);
        Assert.StartsWith("The JWT header has no 'alg'", Check(report, "signature").Message, StringComparison.Ordinal);
    }
}
