using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>OB 3.0 §9.1 step 5 (recipient, §9.3) and step 6 (endorsements, §9.2).</summary>
public sealed class RecipientAndEndorsementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly CredentialVerifier _verifier;
    private readonly GeneratedKey _key;
    private readonly string _method;

    public RecipientAndEndorsementTests()
    {
        _verifier = new(_trusted, new FakeTimeProvider(Now));
        (_key, _method) = TestCredentials.TrustEd25519(_trusted);
    }

    private JsonObject Sign(JsonObject document, string? method = null) =>
        new EddsaDataIntegrity().AddProof(document, DataIntegritySuites.EddsaRdfc2022, method ?? _method, Now.AddDays(-1), _key.PrivateKey, asArray: true);

    private static JsonObject HashedEmailCredential(string email, string salt)
    {
        JsonObject credential = TestCredentials.Credential();
        JsonObject subject = credential["credentialSubject"]!.AsObject();
        subject.Remove("id");
        subject["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = "IdentityObject",
            ["identityHash"] = IdentityHash.Sha256(email, salt),
            ["identityType"] = "emailAddress",
            ["hashed"] = true,
            ["salt"] = salt,
        });
        return credential;
    }

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.Single(c => c.Check == name);

    [Fact]
    public async Task A_hashed_email_matches_the_address_the_employer_expects()
    {
        JsonObject credential = Sign(HashedEmailCredential("ada@school.example", "pepper"));

        VerificationReport report = await _verifier.VerifyJsonAsync(credential, new VerifyOptions(new ExpectedRecipient("Ada@School.example", "emailAddress")), default);

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationCodes.RecipientMatched, Check(report, "recipient").Code);
    }

    [Fact]
    public async Task Another_address_makes_the_verdict_invalid_with_a_recipient_mismatch()
    {
        JsonObject credential = Sign(HashedEmailCredential("ada@school.example", "pepper"));

        VerificationReport report = await _verifier.VerifyJsonAsync(credential, new VerifyOptions(new ExpectedRecipient("grace@school.example")), default);

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(VerificationCodes.RecipientMismatch, Check(report, "recipient").Code);
    }

    [Fact]
    public async Task An_identifier_of_another_type_is_not_compared()
    {
        JsonObject credential = Sign(HashedEmailCredential("ada@school.example", "pepper"));

        VerificationReport report = await _verifier.VerifyJsonAsync(credential, new VerifyOptions(new ExpectedRecipient("ada@school.example", "studentId")), default);

        Assert.Equal(VerificationCodes.RecipientMismatch, Check(report, "recipient").Code);
    }

    [Fact]
    public async Task The_subject_id_matches_when_it_is_the_expected_identity()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(TestCredentials.Credential()), new VerifyOptions(new ExpectedRecipient("did:example:teacher")), default);

        Assert.Equal(VerificationCodes.RecipientMatched, Check(report, "recipient").Code);
    }

    [Fact]
    public async Task Without_an_expected_recipient_there_is_no_recipient_check()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(TestCredentials.Credential()), default);

        Assert.DoesNotContain(report.Checks, c => c.Check == "recipient");
    }

    private JsonObject Endorsement(string comment)
    {
        JsonObject endorsement = JsonNode.Parse("""
            { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
              "id": "https://badges.test/endorsements/e1",
              "type": ["VerifiableCredential", "EndorsementCredential"],
              "name": "Endorsement of Digital Fluency",
              "issuer": {"id": "placeholder", "type": ["Profile"], "name": "Riverside"},
              "validFrom": "2026-11-01T00:00:00Z",
              "credentialSubject": {"id": "https://badges.test/achievements/a1", "type": ["EndorsementSubject"], "endorsementComment": "c"}}
            """)!.AsObject();
        endorsement["issuer"]!["id"] = TestCredentials.IssuerId;
        endorsement["credentialSubject"]!["endorsementComment"] = comment;
        return Sign(endorsement);
    }

    [Fact]
    public async Task Each_embedded_endorsement_is_verified_and_reported()
    {
        JsonObject credential = TestCredentials.Credential();
        credential["credentialSubject"]!["achievement"]!["endorsement"] = new JsonArray(Endorsement("Well designed."));

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(credential), default);

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationCodes.EndorsementsValid, Check(report, "endorsements").Code);
        VerificationReport endorsement = Assert.Single(report.Endorsements!);
        Assert.True(endorsement.Verified, string.Join("\n", endorsement.Checks));
        Assert.Contains("EndorsementCredential", endorsement.Credential!.Types);
    }

    [Fact]
    public async Task A_tampered_endorsement_is_a_warning_and_its_report_says_why()
    {
        JsonObject endorsement = Endorsement("Well designed.");
        endorsement["credentialSubject"]!["endorsementComment"] = "Changed after signing.";
        JsonObject credential = TestCredentials.Credential();
        credential["endorsement"] = new JsonArray(endorsement);

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(credential), default);

        Assert.Equal(CheckStatus.Warning, Check(report, "endorsements").Status);
        Assert.Equal(VerificationCodes.EndorsementInvalid, Check(report, "endorsements").Code);
        Assert.Equal(VerificationCodes.SignatureMismatch, Check(Assert.Single(report.Endorsements!), "proof").Code);
        Assert.True(report.Verified);
    }

    [Fact]
    public async Task Endorsements_beyond_the_budget_are_not_verified_and_the_report_says_so()
    {
        JsonObject credential = TestCredentials.Credential();
        JsonObject one = Endorsement("Again.");
        credential["endorsement"] = new JsonArray([.. Enumerable.Range(0, CredentialVerifier.MaxEndorsements + 1).Select(_ => (JsonNode)one.DeepClone())]);
        // Canonicalizing 33 embedded endorsements takes seconds on a busy machine; this test is about the count, not the deadline.
        CredentialVerifier patient = new(_trusted, new FakeTimeProvider(Now), limits: new VerificationLimits { Timeout = TimeSpan.FromMinutes(5) });

        VerificationReport report = await patient.VerifyJsonAsync(Sign(credential), default);

        Assert.Equal(VerificationCodes.EndorsementsTooDeep, Check(report, "endorsements").Code);
        Assert.Null(report.Endorsements);
    }
}
