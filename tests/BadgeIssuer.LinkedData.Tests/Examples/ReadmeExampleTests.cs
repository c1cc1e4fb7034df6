using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.LinkedData.Tests.Examples;

/// <summary>The example of src/BadgeIssuer.LinkedData/README.md, compiled and run.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_package_readme_example_expands_and_canonicalizes_as_it_says()
    {
        // The contexts your documents use, supplied by you: nothing is ever fetched.
        StaticDocumentLoader contexts = new(new Dictionary<string, JsonNode>
        {
            ["https://example.org/people.jsonld"] = JsonNode.Parse("""
                { "@context": { "@vocab": "https://schema.org/", "knows": { "@type": "@id" } } }
                """)!,
        });
        JsonLdOptions options = new() { DocumentLoader = contexts, SafeMode = true };
        JsonNode document = JsonNode.Parse("""
            { "@context": "https://example.org/people.jsonld", "name": "Alice", "knows": "https://example.org/bob" }
            """)!;

        JsonArray expanded = await JsonLdProcessor.ExpandAsync(document, options);
        // [{"https://schema.org/knows":[{"@id":"https://example.org/bob"}],"https://schema.org/name":[{"@value":"Alice"}]}]

        RdfDataset dataset = await JsonLdProcessor.ToRdfAsync(document, options);
        string nquads = Rdfc10.Canonicalize(dataset).NQuads;
        // _:c14n0 <https://schema.org/knows> <https://example.org/bob> .
        // _:c14n0 <https://schema.org/name> "Alice" .

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            [{"https://schema.org/knows":[{"@id":"https://example.org/bob"}],"https://schema.org/name":[{"@value":"Alice"}]}]
            """), expanded), expanded.ToJsonString());
        Assert.Equal("_:c14n0 <https://schema.org/knows> <https://example.org/bob> .\n_:c14n0 <https://schema.org/name> \"Alice\" .\n", nquads);
    }
}
