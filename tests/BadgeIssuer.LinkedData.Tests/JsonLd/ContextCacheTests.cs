using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.LinkedData.Tests.JsonLd;

/// <summary>Processed contexts are shared between runs however the document lists its context URLs.</summary>
public sealed class ContextCacheTests
{
    /// <summary>Serves the pinned contexts and counts how often each is asked for.</summary>
    private sealed class CountingLoader : IDocumentLoader
    {
        public Dictionary<string, int> Loads { get; } = new(StringComparer.Ordinal);

        public ValueTask<RemoteDocument> LoadAsync(Uri url, CancellationToken cancellationToken)
        {
            Loads[url.OriginalString] = Loads.GetValueOrDefault(url.OriginalString) + 1;
            return TestContexts.Loader.LoadAsync(url, cancellationToken);
        }
    }

    [Theory]
    [InlineData("\"https://www.w3.org/ns/credentials/v2\"")]
    [InlineData("[\"https://www.w3.org/ns/credentials/v2\"]")]
    [InlineData("[\"https://www.w3.org/ns/credentials/v2\", \"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"]")]
    public void A_context_url_is_processed_once_for_many_documents(string context)
    {
        CountingLoader loader = new();
        JsonLdOptions options = new() { DocumentLoader = loader, SafeMode = true };
        int quads = -1;
        for (int run = 0; run < 3; run++)
        {
            JsonObject document = JsonNode.Parse($$"""
                { "@context": {{context}}, "id": "https://example.org/lists/{{run}}",
                  "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": "https://example.org/issuer",
                  "credentialSubject": { "id": "https://example.org/lists/{{run}}#list", "type": "BitstringStatusList",
                    "statusPurpose": "revocation", "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA" } }
                """)!.AsObject();
            int count = JsonLdProcessor.ToRdf(document, options).Quads.Count;
            Assert.True(quads < 0 || quads == count);
            quads = count;
        }
        Assert.All(loader.Loads, entry => Assert.Equal(1, entry.Value));
    }
}
