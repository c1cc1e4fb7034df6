using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Presentations;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;

namespace BadgeIssuer.Credentials.Tests.Presentations;

public sealed class DidAuthenticationTests
{
    private const string Domain = "badges.test";
    private static readonly DidAuthentication Verifier = new(new EddsaDataIntegrity());

    /// <summary>
    /// Presentations signed by the Digital Bazaar stack (@digitalbazaar/vc 7 signPresentation; the first with
    /// @digitalbazaar/ed25519-signature-2020 as the Learner Credential Wallet signs, the second with
    /// @digitalbazaar/data-integrity and eddsa-rdfc-2022-cryptosuite), from an Ed25519 seed of 32 bytes of 7, challenge
    /// "fixture-challenge", domain "badges.test": another implementation's bytes, so the hashing here is checked against it.
    /// </summary>
    private const string Ed25519Signature2020Fixture = """
        {"@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/security/suites/ed25519-2020/v1"],
         "type": ["VerifiablePresentation"], "holder": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z",
         "proof": {"type": "Ed25519Signature2020", "created": "2026-12-05T03:00:00Z",
           "verificationMethod": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z#z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z",
           "proofPurpose": "authentication", "challenge": "fixture-challenge", "domain": "badges.test",
           "proofValue": "z2rsgvnhS4CwukXY7wjY1icg67WxUC8SvXQnYETFYJZeZHgJfj93JSiEjc9shfy6sRsQtitYRPZgT4GDdyNXvZySn"}}
        """;

    private const string EddsaRdfc2022Fixture = """
        {"@context": ["https://www.w3.org/ns/credentials/v2"],
         "type": ["VerifiablePresentation"], "holder": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z",
         "proof": {"type": "DataIntegrityProof", "created": "2026-12-05T03:00:00Z",
           "verificationMethod": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z#z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z",
           "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "authentication", "challenge": "fixture-challenge", "domain": "badges.test",
           "proofValue": "z4JHLAAbaXVFHLuoJa5E3RB4xs1xCHTYVHvEQiKiMQMpjZcZ18aazsTZBeS7Ezz1nqWhwe6gV1noQbwogeqV8YYVB"}}
        """;

    private static DidAuthRequest Request(string challenge = "fixture-challenge", bool domainRequired = true) => new(challenge, Domain, domainRequired);

    private static DidAuthResult Verify(JsonObject presentation, DidAuthRequest request) => Verifier.Verify(presentation, request, CancellationToken.None);

    [Theory]
    [InlineData(Ed25519Signature2020Fixture)]
    [InlineData(EddsaRdfc2022Fixture)]
    public void Presentations_signed_by_the_Digital_Bazaar_stack_authenticate_their_holder(string fixture)
    {
        DidAuthResult result = Verify(JsonNode.Parse(fixture)!.AsObject(), Request());
        Assert.Null(result.Failure);
        Assert.Equal("did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z", result.HolderDid);
    }

    [Theory]
    [InlineData(Ed25519Signature2020Fixture)]
    [InlineData(EddsaRdfc2022Fixture)]
    public void A_changed_copy_of_a_Digital_Bazaar_presentation_fails(string fixture)
    {
        JsonObject presentation = JsonNode.Parse(fixture)!.AsObject();
        presentation["proof"]!["created"] = "2026-12-05T03:00:01Z";
        Assert.Equal(DidAuthCodes.SignatureMismatch, Verify(presentation, Request()).Failure?.Code);
    }

    [Theory]
    [InlineData(DataIntegritySuites.Ed25519Signature2020)]
    [InlineData(DataIntegritySuites.EddsaRdfc2022)]
    public void Both_suites_of_the_test_wallet_authenticate(string suite)
    {
        TestWallet wallet = new();
        DidAuthResult result = Verify(wallet.Present("c1", Domain, suite), Request("c1"));
        Assert.True(result.Authenticated, result.Failure?.Detail);
        Assert.Equal(wallet.Did, result.HolderDid);
    }

    [Fact]
    public void A_legacy_request_accepts_a_proof_without_domain_but_not_one_for_another_domain()
    {
        TestWallet wallet = new();
        Assert.True(Verify(wallet.Present("c1", null), Request("c1", domainRequired: false)).Authenticated);
        Assert.Equal(DidAuthCodes.DomainMismatch, Verify(wallet.Present("c1", null), Request("c1")).Failure?.Code);
        Assert.Equal(DidAuthCodes.DomainMismatch, Verify(wallet.Present("c1", "evil.example"), Request("c1", domainRequired: false)).Failure?.Code);
    }

    [Fact]
    public void A_domain_set_holding_this_domain_is_accepted()
    {
        TestWallet wallet = new();
        JsonObject presentation = wallet.Present("c1", null, DataIntegritySuites.EddsaRdfc2022, proof => proof["domain"] = new JsonArray("other.example", Domain));
        Assert.True(Verify(presentation, Request("c1")).Authenticated);
    }

    [Fact]
    public void Each_refusal_names_its_reason_and_place()
    {
        TestWallet wallet = new();
        TestWallet other = new();
        (JsonObject Presentation, string Code, string Pointer)[] cases =
        [
            (wallet.Present("other", Domain), DidAuthCodes.ChallengeMismatch, "/proof/challenge"),
            (wallet.Present("c1", Domain, proofOptions: p => p.Remove("challenge")), DidAuthCodes.ChallengeMismatch, "/proof/challenge"),
            (wallet.Present("c1", Domain, proofOptions: p => p["proofPurpose"] = "assertionMethod"), DidAuthCodes.WrongProofPurpose, "/proof/proofPurpose"),
            (wallet.Present("c1", "evil.example"), DidAuthCodes.DomainMismatch, "/proof/domain"),
            (wallet.Present("c1", Domain, holder: other.Did), DidAuthCodes.KeyNotHolders, "/proof/verificationMethod"),
            (wallet.Present("c1", Domain, holder: "did:web:teacher.example"), DidAuthCodes.UnsupportedHolder, "/holder"),
            (wallet.Present("c1", Domain, proofOptions: p => p["verificationMethod"] = wallet.Did), DidAuthCodes.KeyNotHolders, "/proof/verificationMethod"),
            (wallet.Present("c1", Domain, proofOptions: p => p["created"] = "yesterday"), DidAuthCodes.InvalidDate, "/proof/created"),
            (wallet.Present("c1", Domain, DataIntegritySuites.EddsaRdfc2022, p => p["cryptosuite"] = "ecdsa-rdfc-2019"), DidAuthCodes.UnsupportedProof, "/proof/type"),
        ];
        foreach ((JsonObject presentation, string code, string pointer) in cases)
        {
            DidAuthFailure? failure = Verify(presentation, Request("c1")).Failure;
            Assert.NotNull(failure);
            Assert.Equal((code, pointer), (failure.Code, failure.Pointer));
            Assert.False(string.IsNullOrWhiteSpace(failure.Detail));
        }
    }

    [Fact]
    public void Malformed_presentations_are_refused_not_thrown()
    {
        TestWallet wallet = new();
        JsonObject signed = wallet.Present("c1", Domain);
        string[] bodies =
        [
            "{}",
            """{"type": "VerifiableCredential"}""",
            """{"type": ["VerifiablePresentation"]}""",
            """{"@context": 5, "type": "VerifiablePresentation", "holder": 7}""",
            """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiablePresentation", "holder": {"id": "did:key:zzz"}}""",
            """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiablePresentation", "holder": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z", "proof": [1, 2]}""",
            """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiablePresentation", "holder": "did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z", "proof": "x"}""",
        ];
        foreach (string body in bodies)
            Assert.False(Verify(JsonNode.Parse(body)!.AsObject(), Request("c1")).Authenticated, body);

        JsonObject unknownContext = (JsonObject)signed.DeepClone();
        unknownContext["@context"]!.AsArray().Add("https://evil.example/context");
        Assert.Equal(DidAuthCodes.Unverifiable, Verify(unknownContext, Request("c1")).Failure?.Code);

        JsonObject garbledSignature = (JsonObject)signed.DeepClone();
        garbledSignature["proof"]!["proofValue"] = "z0OIl";
        Assert.False(Verify(garbledSignature, Request("c1")).Authenticated);

        JsonObject undefinedTerm = (JsonObject)signed.DeepClone();
        undefinedTerm["nickname"] = "teacher";
        Assert.Equal(DidAuthCodes.Unverifiable, Verify(undefinedTerm, Request("c1")).Failure?.Code);
    }

    [Fact]
    public void A_presentation_that_takes_too_much_work_is_refused_within_its_allowance()
    {
        TestWallet wallet = new();
        JsonObject presentation = wallet.Present("c1", Domain, DataIntegritySuites.EddsaRdfc2022);
        presentation["type"] = new JsonArray([.. new[] { "VerifiablePresentation" }.Concat(Enumerable.Range(0, 100_000).Select(i => $"urn:example:type-{i}")).Select(t => (JsonNode)t)]);
        DidAuthFailure? failure = Verify(presentation, Request("c1")).Failure;
        Assert.Equal(DidAuthCodes.Unverifiable, failure?.Code);
        Assert.Contains("more work", failure!.Detail, StringComparison.Ordinal);
    }
}
