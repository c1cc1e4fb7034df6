using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;

namespace BadgeIssuer.LinkedData.Tests.JsonLd;

public sealed class JsonLdSafetyTests
{
    private const string Credential = """
        { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "id": "http://example.com/credentials/3527", "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example Corp"},
          "validFrom": "2010-01-01T00:00:00Z", "name": "Teamwork Badge",
          "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.com/achievements/teamwork", "type": ["Achievement"],
              "criteria": {"narrative": "Team members are nominated"}, "description": "d", "name": "Teamwork"}}}
        """;

    private static readonly JsonLdOptions Safe = new() { DocumentLoader = TestContexts.Loader, SafeMode = true };

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void An_ob_credential_converts_to_rdf_in_safe_mode()
    {
        RdfDataset dataset = JsonLdProcessor.ToRdf(Parse(Credential), Safe);
        Assert.Contains(dataset.Quads, q => q.Predicate == new IriTerm(RdfVocabulary.RdfType) && q.Object == new IriTerm("https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"));
    }

    [Fact]
    public void An_undefined_term_fails_in_safe_mode_and_is_dropped_otherwise()
    {
        JsonObject credential = Parse(Credential);
        credential["favouriteColour"] = "blue";

        JsonLdSafeModeException error = Assert.Throws<JsonLdSafeModeException>(() => JsonLdProcessor.ToRdf(credential, Safe));
        Assert.Equal("invalid property", error.Reason);
        Assert.Contains("favouriteColour", error.Message, StringComparison.Ordinal);
        JsonLdOptions lenient = Safe with { SafeMode = false };
        Assert.Equal(JsonLdProcessor.ToRdf(Parse(Credential), lenient).Quads.Count, JsonLdProcessor.ToRdf(credential, lenient).Quads.Count);
    }

    [Fact]
    public void A_relative_id_fails_in_safe_mode()
    {
        JsonObject credential = Parse(Credential);
        credential["id"] = "#key-1";
        Assert.Equal("relative subject reference", Assert.Throws<JsonLdSafeModeException>(() => JsonLdProcessor.ToRdf(credential, Safe)).Reason);
    }

    [Fact]
    public void A_relative_type_fails_in_safe_mode()
    {
        JsonObject credential = Parse(Credential);
        credential["credentialSchema"] = new JsonArray(new JsonObject { ["id"] = "https://example.org/schema.json", ["type"] = "1EdTechJsonSchemaValidator2019" });
        Assert.Equal("relative @type reference", Assert.Throws<JsonLdSafeModeException>(() => JsonLdProcessor.ToRdf(credential, Safe)).Reason);
    }

    [Fact]
    public async Task A_context_the_loader_does_not_hold_fails_without_network()
    {
        JsonLdException error = await Assert.ThrowsAsync<JsonLdException>(async () =>
            await TestContexts.Loader.LoadAsync(new Uri("https://example.org/evil-context.jsonld"), CancellationToken.None));
        Assert.Equal(JsonLdErrorCode.LoadingDocumentFailed, error.Code);

        JsonObject document = Parse(Credential);
        document["@context"]!.AsArray().Add("https://example.org/evil-context.jsonld");
        Assert.Equal(JsonLdErrorCode.LoadingRemoteContextFailed, Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document, Safe)).Code);
    }

    [Fact]
    public void Input_over_the_size_limit_is_refused()
    {
        JsonLdLimitExceededException error = Assert.Throws<JsonLdLimitExceededException>(() =>
            JsonLdProcessor.Parse(new string(' ', 100) + "{}", new JsonLdLimits { MaxInputSize = 50 }));
        Assert.Equal(JsonLdLimit.InputSize, error.Limit);
    }

    [Fact]
    public void Text_nested_beyond_the_limit_is_refused_when_parsed()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.Equal(JsonLdLimit.NestingDepth, Assert.Throws<JsonLdLimitExceededException>(() => JsonLdProcessor.Parse(deep)).Limit);
    }

    [Fact]
    public void A_node_tree_nested_beyond_the_limit_is_refused_when_expanded()
    {
        JsonObject root = new() { ["@context"] = new JsonObject { ["@vocab"] = "http://example.org/" } };
        JsonObject current = root;
        for (int i = 0; i < 300; i++)
        {
            JsonObject next = [];
            current["p"] = next;
            current = next;
        }
        current["p"] = "leaf";
        Assert.Equal(JsonLdLimit.NestingDepth, Assert.Throws<JsonLdLimitExceededException>(() => JsonLdProcessor.Expand(root)).Limit);
    }

    [Fact]
    public void Context_chains_beyond_the_limit_are_refused()
    {
        Dictionary<string, JsonNode> chain = [];
        for (int i = 0; i < 50; i++)
            chain[$"https://example.org/c{i}"] = new JsonObject { ["@context"] = $"https://example.org/c{i + 1}" };
        chain["https://example.org/c50"] = new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = "http://example.org/" } };
        JsonLdOptions options = new() { DocumentLoader = new StaticDocumentLoader(chain) };
        JsonObject document = new() { ["@context"] = "https://example.org/c0", ["p"] = "v" };

        Exception error = Assert.ThrowsAny<Exception>(() => JsonLdProcessor.Expand(document, options));
        Assert.True(error is JsonLdLimitExceededException { Limit: JsonLdLimit.ContextDepth } || error is JsonLdException { Code: JsonLdErrorCode.ContextOverflow }, error.ToString());
    }

    [Fact]
    public void A_recursive_context_is_refused()
    {
        Dictionary<string, JsonNode> loop = new()
        {
            ["https://example.org/a"] = new JsonObject { ["@context"] = "https://example.org/b" },
            ["https://example.org/b"] = new JsonObject { ["@context"] = "https://example.org/a" },
        };
        JsonObject document = new() { ["@context"] = "https://example.org/a", ["p"] = "v" };
        Exception error = Assert.ThrowsAny<Exception>(() => JsonLdProcessor.Expand(document, new JsonLdOptions { DocumentLoader = new StaticDocumentLoader(loop) }));
        Assert.True(error is JsonLdLimitExceededException or JsonLdException { Code: JsonLdErrorCode.ContextOverflow }, error.ToString());
    }

    [Fact]
    public void Output_beyond_the_quad_limit_is_refused()
    {
        JsonArray many = [.. Enumerable.Range(0, 200).Select(i => (JsonNode)new JsonObject { ["@id"] = $"http://example.org/n{i}", ["http://example.org/p"] = i })];
        JsonLdLimitExceededException error = Assert.Throws<JsonLdLimitExceededException>(() =>
            JsonLdProcessor.ToRdf(many, new JsonLdOptions { Limits = new JsonLdLimits { MaxQuads = 100 } }));
        Assert.Equal(JsonLdLimit.OutputSize, error.Limit);
    }

    [Fact]
    public void Error_codes_read_as_the_spec_writes_them()
    {
        Assert.Equal("invalid @id value", JsonLdErrors.Text(JsonLdErrorCode.InvalidAtIdValue));
        Assert.Equal("protected term redefinition", JsonLdErrors.Text(JsonLdErrorCode.ProtectedTermRedefinition));
        Assert.All(Enum.GetValues<JsonLdErrorCode>(), code => Assert.DoesNotContain(code.ToString(), JsonLdErrors.Text(code), StringComparison.Ordinal));
    }
}
