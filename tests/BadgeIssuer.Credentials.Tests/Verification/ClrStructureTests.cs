using System.Globalization;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Schemas;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// CLR 2.0 Appendix B structure rules (ClrCredential, ClrSubject, Achievement, Association, AssociationType) and rules only
/// the pinned CLR 2.0 JSON Schema states, each broken on its own in the 1EdTech CLR test vector, and the vector itself
/// (Vendor/ob3-examples/SOURCES.md).
/// </summary>
public sealed class ClrStructureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples");

    private static JsonObject Json(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!.AsObject();

    private static JsonObject Vector() => Json("clrv2p0-ldp-test-vector.credential.json");

    private static JsonObject Subject(JsonObject clr) => clr["credentialSubject"]!.AsObject();

    /// <summary>A rule's name, how to break it, the code and the words the check must say.</summary>
    public static TheoryData<string, Action<JsonObject>, string, string> BrokenRules => new()
    {
        { "no VerifiableCredential type", c => c["type"] = new JsonArray("ClrCredential"), VerificationCodes.ClrStructure, "/type must include VerifiableCredential" },
        { "CLR context not second", c => c["@context"]!.AsArray().RemoveAt(1), VerificationCodes.ContextOrder, "then a CLR 2.0 context" },
        { "no OB context", c => c["@context"]!.AsArray().RemoveAt(2), VerificationCodes.ContextOrder, "include an OB 3.0 context" },
        { "id not a URI", c => c["id"] = "3732", VerificationCodes.ClrStructure, "/id must be a URI" },
        { "no name", c => c.Remove("name"), VerificationCodes.ClrStructure, "/name must be the CLR's name" },
        { "issuer without id", c => c["issuer"]!.AsObject().Remove("id"), VerificationCodes.ClrStructure, "/issuer must be a Profile with a URI id" },
        { "no validFrom", c => c.Remove("validFrom"), VerificationCodes.ClrStructure, "/validFrom is required" },
        { "partial not a boolean", c => c["partial"] = "yes", VerificationCodes.ClrStructure, "/partial must be true or false" },
        { "missing ClrSubject type", c => Subject(c)["type"] = "AchievementSubject", VerificationCodes.ClrStructure, "/credentialSubject/type must include ClrSubject" },
        { "subject unidentified", c => Subject(c).Remove("id"), VerificationCodes.SubjectUnidentified, "either id or at least one identifier" },
        { "empty verifiableCredential", c => Subject(c)["verifiableCredential"] = new JsonArray(), VerificationCodes.ClrStructure, "/credentialSubject/verifiableCredential must be a non-empty array" },
        { "no verifiableCredential", c => Subject(c).Remove("verifiableCredential"), VerificationCodes.ClrStructure, "/credentialSubject/verifiableCredential must be a non-empty array" },
        { "a number as a credential", c => Subject(c)["verifiableCredential"]!.AsArray().Add(42), VerificationCodes.ClrStructure, "/credentialSubject/verifiableCredential/1 must be a credential" },
        { "achievement not an array", c => Subject(c)["achievement"] = Subject(c)["achievement"]![0]!.DeepClone(), VerificationCodes.ClrStructure, "/credentialSubject/achievement must be an array" },
        { "achievement without id", c => Subject(c)["achievement"]![1]!.AsObject().Remove("id"), VerificationCodes.ClrStructure, "/credentialSubject/achievement/1/id must be a URI" },
        { "achievement of another type", c => Subject(c)["achievement"]![0]!["type"] = "Result", VerificationCodes.ClrStructure, "/credentialSubject/achievement/0/type must include Achievement" },
        { "achievement without name", c => Subject(c)["achievement"]![0]!.AsObject().Remove("name"), VerificationCodes.ClrStructure, "/credentialSubject/achievement/0/name" },
        { "achievement without criteria", c => Subject(c)["achievement"]![0]!.AsObject().Remove("criteria"), VerificationCodes.ClrStructure, "/credentialSubject/achievement/0/criteria" },
        { "association of another type", c => Subject(c)["association"]![0]!["type"] = "Alignment", VerificationCodes.ClrStructure, "/credentialSubject/association/0/type must be Association" },
        { "bad associationType", c => Subject(c)["association"]![0]!["associationType"] = "hasSkillLevel", VerificationCodes.ClrStructure, "/credentialSubject/association/0/associationType must be one of exactMatchOf" },
        { "sourceId not a URI", c => Subject(c)["association"]![0]!["sourceId"] = "a7467ef6", VerificationCodes.ClrStructure, "/credentialSubject/association/0/sourceId must be the URI" },
        { "no targetId", c => Subject(c)["association"]![0]!.AsObject().Remove("targetId"), VerificationCodes.ClrStructure, "/credentialSubject/association/0/targetId must be the URI" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Each_broken_structure_rule_fails_the_schema_check_with_its_rule(string rule, Action<JsonObject> breakIt, string code, string words)
    {
        JsonObject clr = Vector();
        breakIt(clr);

        VerificationCheck check = CredentialChecks.Schema(clr);

        Assert.True(check.Status == CheckStatus.Failed, $"{rule}: {check}");
        Assert.Equal(code, check.Code);
        Assert.Contains(words, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_1edtech_clr_test_vector_has_the_structure_clr_2_0_requires()
    {
        VerificationCheck check = CredentialChecks.Schema(Vector());

        Assert.Equal(CheckStatus.Passed, check.Status);
        Assert.Equal(VerificationCodes.SchemaValid, check.Code);
    }

    [Fact]
    public void The_1edtech_clr_test_vector_matches_the_pinned_clr_2_0_json_schema()
    {
        Assert.True(ObSchemas.ValidateClrCredential(Vector()).IsValid);
        Assert.StartsWith("The CLR matches the CLR 2.0 JSON Schema", CredentialChecks.Schema(Vector()).Message, StringComparison.Ordinal);
    }

    /// <summary>A rule of the CLR 2.0 JSON Schema the one-by-one rules leave to it, how to break it, and where it is reported.</summary>
    public static TheoryData<string, Action<JsonObject>, string> SchemaOnlyRules => new()
    {
        { "an inner credential without issuer", c => Inner(c).Remove("issuer"), "/credentialSubject/verifiableCredential" },
        { "an inner credential in the VC 1.1 context", c => Inner(c)["@context"]![0] = "https://www.w3.org/2018/credentials/v1", "/credentialSubject/verifiableCredential" },
        { "an achievement without description", c => Subject(c)["achievement"]![0]!.AsObject().Remove("description"), "/credentialSubject/achievement" },
        { "a credentialSchema without type", c => c["credentialSchema"]![0]!.AsObject().Remove("type"), "/credentialSchema" },
        { "a validFrom that is not a string", c => c["validFrom"] = 2022, "/validFrom" },
    };

    [Theory]
    [MemberData(nameof(SchemaOnlyRules))]
    public void A_rule_only_the_clr_json_schema_states_fails_the_schema_check_where_it_is_broken(string rule, Action<JsonObject> breakIt, string pointer)
    {
        JsonObject clr = Vector();
        breakIt(clr);

        VerificationCheck check = CredentialChecks.Schema(clr);

        Assert.True(check.Status == CheckStatus.Failed, $"{rule}: {check}");
        Assert.Equal(VerificationCodes.SchemaViolation, check.Code);
        Assert.True(check.Message.StartsWith($"The CLR does not match the CLR 2.0 JSON Schema: at {pointer}", StringComparison.Ordinal), check.Message);
    }

    [Fact]
    public void An_inner_credential_secured_as_a_vc_jwt_is_read_by_the_schema_as_the_credential_it_carries()
    {
        JsonObject inner = (JsonObject)Inner(Vector()).DeepClone();
        inner.Remove("proof");
        JsonObject unnamed = (JsonObject)inner.DeepClone();
        unnamed.Remove("issuer");

        foreach ((JsonNode entry, bool valid) in new (JsonNode, bool)[]
        {
            (Jws(inner), true), (Enveloped(Jws(inner)), true), (Jws(unnamed), false), (Enveloped(Jws(unnamed)), false),
        })
        {
            JsonObject clr = Vector();
            Subject(clr)["verifiableCredential"]![0] = entry;

            VerificationCheck check = CredentialChecks.Schema(clr);

            Assert.True(valid == (check.Code == VerificationCodes.SchemaValid), $"{entry.ToJsonString()[..40]}: {check}");
        }
    }

    private static JsonObject Inner(JsonObject clr) => Subject(clr)["verifiableCredential"]![0]!.AsObject();

    /// <summary>The VC-JWT of <paramref name="credential"/>, signed with a key of its own (the schema check reads it without checking it).</summary>
    private static JsonValue Jws(JsonObject credential)
    {
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        return JsonValue.Create(VcJwt.Sign(credential, new JwtSigningKey("urn:example:key-1", key.Algorithm, key.PrivateKey)));
    }

    private static JsonObject Enveloped(JsonValue jws) => new()
    {
        ["@context"] = "https://www.w3.org/ns/credentials/v2", ["type"] = ClrChecks.EnvelopedType, ["id"] = ClrChecks.VcJwtDataUrlPrefix + jws.GetValue<string>(),
    };

    [Fact]
    public void An_association_that_names_no_achievement_of_the_clr_passes_with_a_warning()
    {
        JsonObject clr = Vector();
        Subject(clr)["association"]![0]!["targetId"] = "urn:uuid:00000000-0000-0000-0000-000000000000";

        VerificationCheck check = CredentialChecks.Schema(clr);

        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.Equal(VerificationCodes.ClrAssociationUnresolved, check.Code);
        Assert.Contains("urn:uuid:00000000-0000-0000-0000-000000000000", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_thousand_unresolved_associations_are_one_warning_that_names_ten_and_counts_the_rest()
    {
        JsonObject clr = Vector();
        Subject(clr)["association"] = new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "Association", ["associationType"] = "isRelatedTo",
            ["sourceId"] = $"urn:example:s{i}", ["targetId"] = "urn:uuid:a7467ef6-56cb-11ec-bf63-0242ac130002",
        })]);

        VerificationCheck check = CredentialChecks.Schema(clr);

        Assert.Equal(VerificationCodes.ClrAssociationUnresolved, check.Code);
        Assert.Contains("urn:example:s9 and 19990 more", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signed_test_vector_and_its_inner_credential_are_valid_once_example_edus_key_is_trusted()
    {
        JsonObject clr = Vector();
        clr["proof"] = new JsonArray(Json("clrv2p0-ldp-test-vector.proof.json"));
        JsonObject printed = Json("clrv2p0-ldp-test-vector.keys-and-hashes.json");
        InMemoryTrustedKeys trusted = new();
        byte[] publicKey = Convert.FromHexString(printed["publicKeyHex"]!.GetValue<string>());
        trusted.Add(new TrustedKey(printed["verificationMethod"]!.GetValue<string>(), printed["controller"]!.GetValue<string>(),
            new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = Base64Url.Encode(publicKey) }, null));
        CredentialVerifier verifier = new(trusted, new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z", CultureInfo.InvariantCulture)),
            limits: new VerificationLimits { Timeout = TimeSpan.FromMinutes(5) });

        VerificationReport report = await verifier.VerifyJsonAsync(clr, default);

        Assert.Equal(VerificationCodes.SchemaValid, report.Checks.Single(c => c.Check == "schema").Code);
        Assert.Equal(VerificationCodes.SignatureValid, report.Checks.Single(c => c.Check == "proof").Code);
        VerificationReport inner = Assert.Single(report.Credentials!);
        Assert.Equal("Achievement 1", inner.Credential!.AchievementName);
        Assert.True(report.Verified, string.Join("\n", report.Checks.Concat(inner.Checks)));
        Assert.Equal(VerificationCodes.LearnerMatched, inner.Checks.Single(c => c.Check == "learner").Code);
    }

    [Fact]
    public async Task The_signed_test_vector_without_a_trusted_key_passes_its_structure_and_proofs_but_nothing_ties_the_key_to_example_edu()
    {
        JsonObject clr = Vector();
        clr["proof"] = new JsonArray(Json("clrv2p0-ldp-test-vector.proof.json"));
        CredentialVerifier verifier = new(new InMemoryTrustedKeys(), new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z", CultureInfo.InvariantCulture)));

        VerificationReport report = await verifier.VerifyJsonAsync(clr, default);

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Equal(VerificationCodes.SchemaValid, report.Checks.Single(c => c.Check == "schema").Code);
        Assert.Equal(VerificationCodes.SignatureValid, report.Checks.Single(c => c.Check == "proof").Code);
        Assert.Equal(CheckStatus.Indeterminate, report.Checks.Single(c => c.Check == "key-provenance").Status);
        Assert.Equal(VerificationCodes.CredentialUnverified, report.Checks.Single(c => c.Check == "credentials").Code);
        Assert.Equal(CheckStatus.Indeterminate, Assert.Single(report.Credentials!).Checks.Single(c => c.Check == "key-provenance").Status);
    }

    [Fact]
    public void A_clr_credential_is_not_refused_as_not_an_open_badge_and_an_unknown_type_still_is()
    {
        JsonObject other = Vector();
        other["type"] = new JsonArray("VerifiableCredential", "TranscriptCredential");

        Assert.NotEqual(VerificationCodes.NotAnOpenBadge, CredentialChecks.Schema(Vector()).Code);
        Assert.Equal(VerificationCodes.NotAnOpenBadge, CredentialChecks.Schema(other).Code);
    }
}
