// JSON-LD 1.1 API §9.4.4 (LoadDocumentCallback) and §9.4.6 (RemoteDocument); VC Data Integrity §2.4: contexts are
// pinned and never fetched.
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>A loaded document: the URL it was loaded from (after redirects) and its JSON.</summary>
public sealed record RemoteDocument(string DocumentUrl, JsonNode Document, string? ContextUrl = null);

/// <summary>Loads documents (contexts) by URL. Implementations must treat the returned JSON as read-only.</summary>
public interface IDocumentLoader
{
    /// <summary>The document at <paramref name="url"/>; throws <see cref="JsonLdException"/> with <see cref="JsonLdErrorCode.LoadingDocumentFailed"/> when there is none.</summary>
    RemoteDocument LoadDocument(string url);
}

/// <summary>
/// Serves only the JSON-LD contexts pinned in the repository's <c>schemas/contexts</c> (embedded, byte-exact), plus
/// any documents a caller adds. It never touches the network. Each document is parsed once per process.
/// </summary>
public sealed class PinnedDocumentLoader : IDocumentLoader
{
    /// <summary>URL → embedded file for every pinned context (see <c>schemas/SOURCES.md</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> PinnedContexts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["https://www.w3.org/ns/credentials/v2"] = "credentials-v2.jsonld",
        ["https://www.w3.org/2018/credentials/v1"] = "credentials-v1.jsonld",
        ["https://www.w3.org/ns/credentials/status/v1"] = "credentials-status-v1.jsonld",
        ["https://w3id.org/security/data-integrity/v1"] = "data-integrity-v1.jsonld",
        ["https://w3id.org/security/data-integrity/v2"] = "data-integrity-v2.jsonld",
        ["https://w3id.org/security/multikey/v1"] = "multikey-v1.jsonld",
        ["https://w3id.org/security/jwk/v1"] = "jwk-v1.jsonld",
        ["https://w3id.org/security/suites/ed25519-2020/v1"] = "ed25519-signature-2020-v1.jsonld",
        ["https://www.w3.org/ns/cid/v1"] = "cid-v1.jsonld",
        ["https://www.w3.org/ns/did/v1"] = "did-v1.jsonld",
        ["https://w3id.org/vc/status-list/2021/v1"] = "vc-status-list-2021-v1.jsonld",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context.json"] = "ob-v3p0-context.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"] = "ob-v3p0-context.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"] = "ob-v3p0-context-3.0.1.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"] = "ob-v3p0-context-3.0.2.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"] = "ob-v3p0-context-3.0.3.json",
        ["https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"] = "ob-v3p0-extensions.json",
    };

    /// <summary>The loader of the pinned contexts only.</summary>
    public static readonly PinnedDocumentLoader Default = new(new Dictionary<string, JsonNode>(StringComparer.Ordinal));

    private static readonly ConcurrentDictionary<string, JsonNode> Embedded = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, JsonNode> _extra;

    private PinnedDocumentLoader(IReadOnlyDictionary<string, JsonNode> extra) => _extra = extra;

    /// <summary>A loader that also serves <paramref name="documents"/> (URL → JSON), e.g. a test's or an application's own contexts.</summary>
    public static PinnedDocumentLoader With(IReadOnlyDictionary<string, JsonNode> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return new PinnedDocumentLoader(new Dictionary<string, JsonNode>(documents, StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public RemoteDocument LoadDocument(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (_extra.TryGetValue(url, out JsonNode? extra)) return new RemoteDocument(url, extra);
        if (!PinnedContexts.TryGetValue(url, out string? file))
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"'{url}' is not a pinned context, and contexts are never fetched.");
        return new RemoteDocument(url, Embedded.GetOrAdd(file, Load));
    }

    private static JsonNode Load(string file)
    {
        using Stream stream = typeof(PinnedDocumentLoader).Assembly.GetManifestResourceStream("contexts/" + file)
            ?? throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"The pinned context {file} is not embedded.");
        return JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })
            ?? throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"The pinned context {file} is empty.");
    }
}
