using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Status;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// CLR 2.0 verification: a teacher's record as one ClrCredential, signed by the issuer, carrying four signed
/// AchievementCredentials and the stacked one they add up to. The CLR's own proof covers every credential in it; each
/// credential is verified on its own, and one that is revoked is named without changing the CLR's verdict.
/// </summary>
public sealed class ClrVerificationTests
{
    private const string ListUrl = "https://badges.test/status-lists/1";
    private const string Learner = "did:example:teacher";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Badges = ["Digital Fluency", "Assessment Design", "Inclusive Classroom", "Feedback Literacy"];
    private const string Stacked = "Digital Teaching Leader";
    private readonly InMemoryTrustedKeys _trusted = new();
    private readonly InMemoryHostedDocuments _hosted = new();
    private readonly CredentialVerifier _verifier;
    private readonly GeneratedKey _key;
    private readonly string _method;

    public ClrVerificationTests()
    {
        // Canonicalizing a CLR of five credentials, and each of them, takes a while on a busy machine; these tests are about
        // what is reported, not about the deadline.
        _verifier = new(_trusted, new FakeTimeProvider(Now), hosted: _hosted, limits: new VerificationLimits { Timeout = TimeSpan.FromMinutes(5) });
        (_key, _method) = TestCredentials.TrustEd25519(_trusted);
        _hosted.Add(ListUrl, Sign(StatusList()));
    }

    private JsonObject Sign(JsonObject document) =>
        new EddsaDataIntegrity().AddProof(document, DataIntegritySuites.EddsaRdfc2022, _method, Now.AddDays(-1), _key.PrivateKey, asArray: true);

    private static JsonObject StatusList(params int[] revoked)
    {
        byte[] bits = new byte[BitstringStatusList.MinimumEntries / 8];
        foreach (int index in revoked) BitstringStatusList.Write(bits, index, set: true);
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = ListUrl,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = TestCredentials.IssuerId,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = ListUrl + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = BitstringStatusList.Encode(bits),
            },
        };
    }

    private static string AchievementId(int index) => $"https://badges.test/achievements/a{index}";

    /// <summary>An unsigned AchievementCredential for the badge at <paramref name="index"/> (4 is the stacked one), with a revocation entry.</summary>
    private static JsonObject Badge(int index, string subject = Learner)
    {
        JsonObject credential = TestCredentials.Credential();
        string name = index < Badges.Length ? Badges[index] : Stacked;
        credential["id"] = $"https://badges.test/credentials/c{index}";
        credential["name"] = name;
        credential["credentialSubject"]!["id"] = subject;
        JsonObject achievement = credential["credentialSubject"]!["achievement"]!.AsObject();
        achievement["id"] = AchievementId(index);
        achievement["name"] = name;
        credential["credentialStatus"] = new JsonObject
        {
            ["id"] = $"{ListUrl}#{index}",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = "revocation",
            ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["statusListCredential"] = ListUrl,
        };
        return credential;
    }

    /// <summary>The CLR of <paramref name="inner"/>, unsigned: the four badges are each part of the stacked one.</summary>
    private static JsonObject Clr(IEnumerable<JsonNode> inner)
    {
        JsonObject clr = JsonNode.Parse($$"""
            { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                           "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"],
              "id": "https://badges.test/clrs/teacher-record",
              "type": ["VerifiableCredential", "ClrCredential"],
              "issuer": {"id": "{{TestCredentials.IssuerId}}", "type": ["Profile"], "name": "Riverside"},
              "validFrom": "2026-11-01T00:00:00Z",
              "name": "Teaching record",
              "credentialSubject": {"id": "{{Learner}}", "type": ["ClrSubject"]} }
            """)!.AsObject();
        JsonObject subject = clr["credentialSubject"]!.AsObject();
        subject["verifiableCredential"] = new JsonArray([.. inner]);
        subject["achievement"] = new JsonArray([.. Enumerable.Range(0, 5).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = AchievementId(i),
            ["type"] = new JsonArray("Achievement"),
            ["name"] = i < Badges.Length ? Badges[i] : Stacked,
            ["description"] = "d",
            ["criteria"] = new JsonObject { ["narrative"] = "Do it." },
        })]);
        subject["association"] = new JsonArray([.. Enumerable.Range(0, 4).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "Association",
            ["associationType"] = "isPartOf",
            ["sourceId"] = AchievementId(i),
            ["targetId"] = AchievementId(4),
        })]);
        return clr;
    }

    private JsonObject[] SignedBadges() => [.. Enumerable.Range(0, 5).Select(i => Sign(Badge(i)))];

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.Single(c => c.Check == name);

    private static string Explain(VerificationReport report) =>
        string.Join("\n", report.Checks) + "\n" + string.Join("\n", (report.Credentials ?? []).SelectMany(r => r.Checks));

    [Fact]
    public async Task A_signed_clr_of_five_signed_credentials_is_valid_with_a_valid_report_for_each()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(Clr(SignedBadges())), default);

        Assert.True(report.Verified, Explain(report));
        Assert.Equal(VerificationCodes.SchemaValid, Check(report, "schema").Code);
        Assert.Equal(VerificationCodes.SignatureValid, Check(report, "proof").Code);
        Assert.Equal(VerificationCodes.CredentialsValid, Check(report, "credentials").Code);
        Assert.Equal("Teaching record", report.Credential!.Name);
        Assert.Equal(5, report.Credentials!.Count);
        Assert.All(report.Credentials, inner => Assert.True(inner.Verified, Explain(inner)));
        Assert.All(report.Credentials, inner => Assert.Equal(VerificationCodes.LearnerMatched, Check(inner, "learner").Code));
        Assert.Equal([.. Badges, Stacked], report.Credentials.Select(r => r.Credential!.AchievementName));
    }

    [Fact]
    public async Task A_revoked_credential_in_the_clr_is_named_in_a_warning_and_the_clr_and_the_others_stay_valid()
    {
        _hosted.Add(ListUrl, Sign(StatusList(revoked: 1)));

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(Clr(SignedBadges())), default);

        Assert.True(report.Verified, Explain(report));
        VerificationCheck credentials = Check(report, "credentials");
        Assert.Equal(CheckStatus.Warning, credentials.Status);
        Assert.Equal(VerificationCodes.CredentialInvalid, credentials.Code);
        Assert.Contains("1 of 5 inner credentials is not valid: Assessment Design is revoked", credentials.Message, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.Invalid, report.Credentials![1].Status);
        Assert.Equal(VerificationCodes.Revoked, Check(report.Credentials[1], "status").Code);
        Assert.All(report.Credentials.Where((_, i) => i != 1), inner => Assert.True(inner.Verified, Explain(inner)));
    }

    [Fact]
    public async Task Changing_a_credential_inside_a_signed_clr_breaks_the_clrs_own_proof_as_well_as_the_credentials()
    {
        JsonObject clr = Sign(Clr(SignedBadges()));
        clr["credentialSubject"]!["verifiableCredential"]![2]!["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";

        VerificationReport report = await _verifier.VerifyJsonAsync(clr, default);

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(VerificationCodes.SignatureMismatch, Check(report, "proof").Code);
        Assert.Equal(VerificationCodes.SignatureMismatch, Check(report.Credentials![2], "proof").Code);
        Assert.Contains("Doctor of Everything failed its proof check", Check(report, "credentials").Message, StringComparison.Ordinal);
        Assert.True(report.Credentials[0].Verified, Explain(report.Credentials[0]));
    }

    [Fact]
    public async Task A_credential_about_someone_else_is_a_warning_that_leaves_the_clr_valid()
    {
        JsonObject[] inner = SignedBadges();
        inner[3] = Sign(Badge(3, subject: "did:example:someone-else"));

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(Clr(inner)), default);

        Assert.True(report.Verified, Explain(report));
        Assert.Equal(VerificationCodes.LearnerUnmatched, Check(report.Credentials![3], "learner").Code);
        Assert.Equal(VerificationCodes.CredentialOtherLearner, Check(report, "credentials").Code);
        Assert.Contains("Feedback Literacy", Check(report, "credentials").Message, StringComparison.Ordinal);
    }

    private static JsonObject Identified(string? id, string email, string salt)
    {
        JsonObject subject = new()
        {
            ["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject", ["identityType"] = "emailAddress", ["hashed"] = true, ["salt"] = salt,
                ["identityHash"] = BadgeIssuer.Credentials.Issuing.IdentityHash.Sha256(email, salt),
            }),
        };
        if (id is not null) subject["id"] = id;
        return new JsonObject { ["credentialSubject"] = subject };
    }

    [Theory]
    [InlineData("did:example:a", "did:example:a", "ada@school.example", "s1", "ada@school.example", "s2", "learner-matched")]
    [InlineData(null, null, "ada@school.example", "s1", "ada@school.example", "s1", "learner-matched")]
    [InlineData("did:example:a", "did:example:b", "ada@school.example", "s1", "ada@school.example", "s2", "learner-unmatched")]
    [InlineData(null, null, "ada@school.example", "s1", "grace@school.example", "s1", "learner-unmatched")]
    [InlineData(null, null, "ada@school.example", "s1", "ada@school.example", "s2", "learner-not-comparable")]
    public void The_learner_check_compares_ids_and_identifiers_hashed_the_same_way(string? clrId, string? innerId, string clrEmail, string clrSalt, string innerEmail, string innerSalt, string code)
    {
        VerificationCheck check = ClrChecks.Learner(Identified(clrId, clrEmail, clrSalt), Identified(innerId, innerEmail, innerSalt));

        Assert.Equal(code, check.Code);
    }

    [Fact]
    public async Task An_expected_recipient_is_compared_with_the_clr_and_with_each_of_its_credentials()
    {
        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(Clr(SignedBadges())), new VerifyOptions(new ExpectedRecipient(Learner)), default);

        Assert.True(report.Verified, Explain(report));
        Assert.Equal(VerificationCodes.RecipientMatched, Check(report, "recipient").Code);
        Assert.All(report.Credentials!, inner => Assert.Equal(VerificationCodes.RecipientMatched, Check(inner, "recipient").Code));
    }

    [Fact]
    public async Task A_clr_as_a_vc_jwt_carrying_vc_jwts_and_an_enveloped_vc_jwt_verifies_each()
    {
        JwtSigningKey jwtKey = TestCredentials.Trust(_trusted, KeyGenerator.GenerateEd25519());
        JsonNode[] inner =
        [
            JsonValue.Create(VcJwt.Sign(Badge(0), jwtKey))!,
            new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
                ["id"] = ClrChecks.VcJwtDataUrlPrefix + VcJwt.Sign(Badge(1), jwtKey),
                ["type"] = "EnvelopedVerifiableCredential",
            },
        ];
        JsonObject clr = Clr(inner);
        clr["credentialSubject"]!["achievement"]!.AsArray().RemoveAt(4);
        clr["credentialSubject"]!.AsObject().Remove("association");

        VerificationReport report = await _verifier.VerifyJwtAsync(VcJwt.Sign(clr, jwtKey), default);

        Assert.True(report.Verified, Explain(report));
        Assert.Equal(["vc-jwt", "vc-jwt"], report.Credentials!.Select(r => r.Credential!.Format));
        Assert.All(report.Credentials!, r => Assert.True(r.Verified, Explain(r)));
    }

    [Fact]
    public async Task A_clr_inside_a_clr_is_checked_but_its_credentials_are_not_followed()
    {
        JsonObject nested = Sign(Clr([Sign(Badge(0))]));

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(Clr([.. SignedBadges(), nested])), default);

        VerificationReport inner = report.Credentials![5];
        Assert.Equal(VerificationCodes.SignatureValid, Check(inner, "proof").Code);
        Assert.Equal(VerificationCodes.NestedClrNotFollowed, Check(inner, "credentials").Code);
        Assert.Null(inner.Credentials);
        Assert.Equal(VerificationStatus.Indeterminate, inner.Status);
        Assert.Equal(VerificationCodes.CredentialUnverified, Check(report, "credentials").Code);
        Assert.True(report.Verified, Explain(report));
    }

    [Fact]
    public async Task Credentials_beyond_the_limit_are_counted_as_not_checked_and_leave_the_clr_indeterminate()
    {
        JwtSigningKey jwtKey = TestCredentials.Trust(_trusted, KeyGenerator.GenerateEd25519());
        JsonObject one = Badge(0);
        one.Remove("credentialStatus");
        string jwt = VcJwt.Sign(one, jwtKey);
        JsonObject clr = Clr(Enumerable.Range(0, 200).Select(_ => (JsonNode)JsonValue.Create(jwt)!));
        clr["credentialSubject"]!.AsObject().Remove("association");

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(clr), default);

        VerificationCheck credentials = Check(report, "credentials");
        Assert.Equal(CheckStatus.Indeterminate, credentials.Status);
        Assert.Equal(VerificationCodes.TooManyCredentials, credentials.Code);
        Assert.Contains($"The CLR carries 200 credentials; at most {CredentialVerifier.MaxClrCredentials} are checked, so 100 were not.", credentials.Message, StringComparison.Ordinal);
        Assert.Equal(CredentialVerifier.MaxClrCredentials, report.Credentials!.Count);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Fact]
    public async Task One_budget_covers_the_clr_and_its_credentials_and_running_out_inside_them_leaves_the_clr_indeterminate()
    {
        CredentialVerifier frugal = new(_trusted, new FakeTimeProvider(Now), hosted: _hosted, limits: new VerificationLimits { Timeout = TimeSpan.FromMinutes(5), MaxDocuments = 0 });

        VerificationReport report = await frugal.VerifyJsonAsync(Sign(Clr(SignedBadges())), default);

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Equal(VerificationCodes.SignatureValid, Check(report, "proof").Code);
        Assert.Equal(VerificationCodes.VerificationBudgetExceeded, Check(report, "budget").Code);
        Assert.DoesNotContain(report.Checks, c => c.Check == "credentials");
    }

    [Fact]
    public async Task A_clr_with_a_broken_structure_fails_the_schema_check_through_the_verifier()
    {
        JsonObject clr = Clr(SignedBadges());
        clr["credentialSubject"]!["association"]![0]!["associationType"] = "hasSkillLevel";

        VerificationReport report = await _verifier.VerifyJsonAsync(Sign(clr), default);

        Assert.Equal(VerificationStatus.Invalid, report.Status);
        Assert.Equal(VerificationCodes.ClrStructure, Check(report, "schema").Code);
        Assert.Contains("associationType must be one of", Check(report, "schema").Message, StringComparison.Ordinal);
        Assert.Equal(VerificationCodes.SignatureValid, Check(report, "proof").Code);
    }
}
