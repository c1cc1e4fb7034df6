// DESIGN §4: the verifier fetches a controller document (an https URL or a did:web) only from hosts an explicit
// allow-list names, over HTTPS, with a size cap, a timeout and a cache. did:web: W3C CCG did:web Method §3.2 (read).
// The cache is bounded in entries and bytes and keyed on the URL without its fragment: RFC 3986 §3.5, a fragment
// names a part of the document the client picks out and is never sent, so every fragment is the same fetch.
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>What the verifier may fetch and how much.</summary>
public sealed record RemoteDocumentOptions
{
    /// <summary>No host is allowed: nothing is ever fetched.</summary>
    public static readonly RemoteDocumentOptions None = new();

    /// <summary>Host names (exact, case-insensitive) whose documents may be fetched. Empty: fetch nothing.</summary>
    public IReadOnlyCollection<string> AllowedHosts { get; init; } = [];

    /// <summary>The largest document accepted.</summary>
    public int MaxBytes { get; init; } = 256 * 1024;

    /// <summary>How long one fetch may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a fetched document is reused.</summary>
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a failed fetch (refused, unreachable, too large, an error status) is remembered before it is tried again.</summary>
    public TimeSpan FailureCacheFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most documents and failures the cache holds.</summary>
    public int CacheEntries { get; init; } = 1024;

    /// <summary>The most bytes the cache holds; an entry counts its size, and at least <see cref="CacheBytes"/> / <see cref="CacheEntries"/>.</summary>
    public long CacheBytes { get; init; } = 16 * 1024 * 1024;
}

/// <summary>The outcome of a fetch: the document, or why there is none.</summary>
public sealed record RemoteDocumentResult(JsonObject? Document, string? Problem);

/// <summary>
/// The outcome of a fetch of any content: its bytes and media type, or why there are none. A <c>410 Gone</c> answer has
/// no <see cref="Content"/> (it is not the document) but keeps its body in <see cref="GoneBody"/>: an OB 2.0 hosted
/// assertion that was revoked says so and why there.
/// </summary>
public sealed record FetchedContent(byte[]? Content, string? MediaType, string? Problem)
{
    /// <summary>The body of a <c>410 Gone</c> answer, or <c>null</c>.</summary>
    public byte[]? GoneBody { get; init; }
}

/// <summary>Fetches documents (controller documents, status lists, credentials) from allow-listed hosts only; never follows redirects.</summary>
public sealed class RemoteDocuments(HttpClient http, RemoteDocumentOptions options, TimeProvider time) : IDisposable
{
    /// <summary>
    /// The name of the <see cref="IHttpClientFactory"/> client <see cref="VerificationServices.AddCredentialVerification"/>
    /// configures for fetches: no redirects, a 5-second connect limit, a 10-second limit in all.
    /// </summary>
    public const string HttpClientName = "BadgeIssuer.RemoteDocuments";

    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = Math.Max(1, options.CacheBytes),
        Clock = new CacheClock(time),
    });

    private readonly long _entryMinimum = Math.Max(1, options.CacheBytes / Math.Max(1, options.CacheEntries));

    /// <summary>Empties and releases the cache.</summary>
    public void Dispose() => _cache.Dispose();

    /// <summary>True when <paramref name="url"/> is an https URL on an allowed host.</summary>
    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.Scheme == Uri.UriSchemeHttps && options.AllowedHosts.Any(h => string.Equals(h, url.Host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The https URL of a did:web DID's document, or <c>null</c> when <paramref name="did"/> is not a did:web.</summary>
    public static Uri? DidWebUrl(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!did.StartsWith("did:web:", StringComparison.Ordinal)) return null;
        string[] parts = did["did:web:".Length..].Split(':');
        if (parts.Length == 0 || parts[0].Length == 0) return null;
        string host = Uri.UnescapeDataString(parts[0]);
        string path = parts.Length == 1 ? "/.well-known/did.json" : "/" + string.Join('/', parts.Skip(1).Select(Uri.UnescapeDataString)) + "/did.json";
        return Uri.TryCreate($"https://{host}{path}", UriKind.Absolute, out Uri? url) ? url : null;
    }

    /// <summary>Fetches a JSON document, within the allow-list, size and time bounds.</summary>
    public async Task<RemoteDocumentResult> FetchAsync(Uri url, CancellationToken cancellationToken) =>
        ParseObject(url, await FetchContentAsync(url, cancellationToken));

    /// <summary>Reads fetched content as one JSON object (depth-bounded, no duplicate names), or says why it is not one.</summary>
    public static RemoteDocumentResult ParseObject(Uri url, FetchedContent fetched)
    {
        ArgumentNullException.ThrowIfNull(fetched);
        if (fetched.Content is not { } content) return new RemoteDocumentResult(null, fetched.Problem);
        try
        {
            return JsonNode.Parse(content, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) is JsonObject document
                ? new RemoteDocumentResult(document, null)
                : new RemoteDocumentResult(null, $"{url} is not a JSON object.");
        }
        catch (JsonException)
        {
            return new RemoteDocumentResult(null, $"{url} is not valid JSON.");
        }
    }

    /// <summary>Fetches whatever <paramref name="url"/> serves, within the allow-list, size and time bounds.</summary>
    public async Task<FetchedContent> FetchContentAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!IsAllowed(url))
            return new FetchedContent(null, null, $"{url.Host} is not on this verifier's list of hosts it may fetch from.");
        Uri document = new(url.GetLeftPart(UriPartial.Query));
        if (_cache.TryGetValue(document.AbsoluteUri, out FetchedContent? cached) && cached is not null) return cached;
        FetchedContent result = await LoadAsync(document, cancellationToken);
        _cache.Set(document.AbsoluteUri, result, new MemoryCacheEntryOptions
        {
            Size = Math.Max(_entryMinimum, result.Content?.Length ?? 0),
            AbsoluteExpirationRelativeToNow = result.Content is null ? options.FailureCacheFor : options.CacheFor,
        });
        return result;
    }

    private async Task<FetchedContent> LoadAsync(Uri url, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using HttpRequestMessage request = new(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/did+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/ld+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            bool gone = response.StatusCode == System.Net.HttpStatusCode.Gone;
            if (!response.IsSuccessStatusCode && !gone) return new FetchedContent(null, null, $"{url} answered {(int)response.StatusCode}.");
            if (response.Content.Headers.ContentLength > options.MaxBytes) return new FetchedContent(null, null, $"{url} is larger than {options.MaxBytes} bytes.");
            await using Stream body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using MemoryStream buffer = new();
            byte[] chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > options.MaxBytes) return new FetchedContent(null, null, $"{url} is larger than {options.MaxBytes} bytes.");
                buffer.Write(chunk, 0, read);
            }
            return gone
                ? new FetchedContent(null, response.Content.Headers.ContentType?.MediaType, $"{url} answered 410 Gone.") { GoneBody = buffer.ToArray() }
                : new FetchedContent(buffer.ToArray(), response.Content.Headers.ContentType?.MediaType, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchedContent(null, null, $"{url} did not answer within {options.Timeout.TotalSeconds:0} seconds.");
        }
        catch (HttpRequestException ex)
        {
            return new FetchedContent(null, null, $"{url} could not be fetched: {ex.Message}");
        }
    }
}
