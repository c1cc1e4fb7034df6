// DESIGN §4: the verifier fetches a controller document (an https URL or a did:web) only from hosts an explicit
// allow-list names, over HTTPS, with a size cap, a timeout and a cache. did:web: W3C CCG did:web Method §3.2 (read).
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

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
}

/// <summary>The outcome of a fetch: the document, or why there is none.</summary>
public sealed record RemoteDocumentResult(JsonObject? Document, string? Problem);

/// <summary>The outcome of a fetch of any content: its bytes and media type, or why there are none.</summary>
public sealed record FetchedContent(byte[]? Content, string? MediaType, string? Problem);

/// <summary>Fetches documents (controller documents, status lists, credentials) from allow-listed hosts only; never follows redirects.</summary>
public sealed class RemoteDocuments(HttpClient http, RemoteDocumentOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, FetchedContent Result)> _cache = new(StringComparer.Ordinal);

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
        string key = url.AbsoluteUri;
        if (_cache.TryGetValue(key, out var cached) && cached.Until > time.GetUtcNow()) return cached.Result;
        FetchedContent result = await LoadAsync(url, cancellationToken);
        _cache[key] = (time.GetUtcNow() + options.CacheFor, result);
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
            if (!response.IsSuccessStatusCode) return new FetchedContent(null, null, $"{url} answered {(int)response.StatusCode}.");
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
            return new FetchedContent(buffer.ToArray(), response.Content.Headers.ContentType?.MediaType, null);
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
