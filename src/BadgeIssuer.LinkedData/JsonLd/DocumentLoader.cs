// JSON-LD 1.1 API §9.4.4 (LoadDocumentCallback) and §9.4.6 (RemoteDocument). The library fetches nothing itself:
// every document comes from the caller's loader (VC Data Integrity §2.4: verifiers pin their contexts).
using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>A loaded document: the URL it was loaded from (after redirects) and its JSON.</summary>
public sealed record RemoteDocument(string DocumentUrl, JsonNode Document, string? ContextUrl = null);

/// <summary>
/// Loads documents (contexts) by URL, the JSON-LD <c>documentLoader</c>. Implementations must treat the returned JSON
/// as read-only. A loader that has the document at hand (in memory, cached) should answer with a completed
/// <see cref="ValueTask{TResult}"/>: processing then runs without ever waiting.
/// </summary>
public interface IDocumentLoader
{
    /// <summary>The document at <paramref name="url"/>.</summary>
    /// <exception cref="JsonLdException"><see cref="JsonLdErrorCode.LoadingDocumentFailed"/>: there is no such document.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ValueTask<RemoteDocument> LoadAsync(Uri url, CancellationToken cancellationToken);
}

/// <summary>
/// Serves a fixed set of documents (URL → JSON) given by the caller, e.g. the contexts an application pins, and
/// nothing else; it never touches the network and always answers at once. <see cref="Empty"/>, the default of
/// <see cref="JsonLdOptions.DocumentLoader"/>, serves no document at all.
/// </summary>
public sealed class StaticDocumentLoader : IDocumentLoader
{
    /// <summary>The loader that serves nothing: every remote context fails with <c>loading remote context failed</c>.</summary>
    public static readonly StaticDocumentLoader Empty = new(new Dictionary<string, JsonNode>());

    private readonly FrozenDictionary<string, JsonNode> _documents;

    /// <summary>A loader of <paramref name="documents"/>, keyed by URL exactly as documents reference them.</summary>
    public StaticDocumentLoader(IReadOnlyDictionary<string, JsonNode> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        _documents = documents.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The URLs this loader serves.</summary>
    public IEnumerable<string> Urls => _documents.Keys;

    /// <summary>A loader of this one's documents and <paramref name="documents"/>, which win where a URL is in both.</summary>
    public StaticDocumentLoader With(IReadOnlyDictionary<string, JsonNode> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        Dictionary<string, JsonNode> all = new(_documents, StringComparer.Ordinal);
        foreach ((string url, JsonNode document) in documents) all[url] = document;
        return new StaticDocumentLoader(all);
    }

    /// <inheritdoc />
    public ValueTask<RemoteDocument> LoadAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<RemoteDocument>(cancellationToken);
        return _documents.TryGetValue(url.OriginalString, out JsonNode? document)
            ? ValueTask.FromResult(new RemoteDocument(url.OriginalString, document))
            : ValueTask.FromException<RemoteDocument>(new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed,
                $"'{url.OriginalString}' is not one of the documents this loader holds, and documents are never fetched."));
    }
}
