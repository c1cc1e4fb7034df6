// VC Data Integrity §2.4 (contexts are pinned, never fetched); the files and their sources: schemas/SOURCES.md.
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.Credentials.Contexts;

/// <summary>
/// The JSON-LD contexts Open Badges 3.0 and Verifiable Credentials need (VC 1.1 and 2.0, Data Integrity, Multikey,
/// JWK, status lists, DID and CID, OB 3.0 and its extensions, CLR 2.0), pinned byte-exact in <c>schemas/contexts</c> and
/// embedded in this assembly. Every JSON-LD run of this library uses <see cref="Loader"/>, so no context is fetched.
/// </summary>
public static class CredentialContexts
{
    /// <summary>URL → embedded file for every pinned context.</summary>
    public static readonly IReadOnlyDictionary<string, string> Files = new Dictionary<string, string>(StringComparer.Ordinal)
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
        ["https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"] = "clr-v2p0-2.0.1.json",
    };

    private static readonly Lazy<StaticDocumentLoader> Pinned = new(Load);

    /// <summary>The loader of the pinned contexts, and of nothing else; each file is parsed once per process.</summary>
    public static StaticDocumentLoader Loader => Pinned.Value;

    private static StaticDocumentLoader Load()
    {
        Dictionary<string, JsonNode> parsed = new(StringComparer.Ordinal);
        foreach (string file in Files.Values.Distinct(StringComparer.Ordinal))
        {
            using Stream stream = typeof(CredentialContexts).Assembly.GetManifestResourceStream("contexts/" + file)
                ?? throw new InvalidOperationException($"The pinned context {file} is not embedded.");
            parsed[file] = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false })
                ?? throw new InvalidOperationException($"The pinned context {file} is empty.");
        }
        return new StaticDocumentLoader(Files.ToDictionary(entry => entry.Key, entry => parsed[entry.Value], StringComparer.Ordinal));
    }
}
