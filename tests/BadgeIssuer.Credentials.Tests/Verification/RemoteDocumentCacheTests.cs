using System.Net;
using System.Text;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>The remote-document cache: one entry per document whatever the fragment, bounded, and quick to forget failures.</summary>
public sealed class RemoteDocumentCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Stands in for the network: answers every request with a JSON object of the requested size, or a status, and records what was asked.</summary>
    private sealed class CountingWeb : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

        public int BodyBytes { get; set; } = 100;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests) Requests.Add(request.RequestUri!);
            string body = $"{{\"id\":\"{request.RequestUri}\",\"pad\":\"{new string('x', Math.Max(0, BodyBytes - 200))}\"}}";
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private RemoteDocuments Remote(CountingWeb web, int entries = 1024, long bytes = 16 * 1024 * 1024) =>
        new(new HttpClient(web), new RemoteDocumentOptions { AllowedHosts = ["docs.example"], CacheEntries = entries, CacheBytes = bytes }, _time);

    [Fact]
    public async Task Fragments_of_one_url_are_fetched_once_without_the_fragment()
    {
        CountingWeb web = new();
        using RemoteDocuments remote = Remote(web);

        RemoteDocumentResult first = await remote.FetchAsync(new Uri("https://docs.example/issuers/1#key-1"), CancellationToken.None);
        RemoteDocumentResult second = await remote.FetchAsync(new Uri("https://docs.example/issuers/1#key-2"), CancellationToken.None);
        RemoteDocumentResult bare = await remote.FetchAsync(new Uri("https://docs.example/issuers/1"), CancellationToken.None);

        Uri request = Assert.Single(web.Requests);
        Assert.Equal("https://docs.example/issuers/1", request.AbsoluteUri);
        Assert.Equal("", request.Fragment);
        Assert.Equal("https://docs.example/issuers/1", first.Document!["id"]!.GetValue<string>());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(first.Document, second.Document));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(first.Document, bare.Document));
    }

    [Fact]
    public async Task A_different_query_is_a_different_document()
    {
        CountingWeb web = new();
        using RemoteDocuments remote = Remote(web);

        await remote.FetchAsync(new Uri("https://docs.example/lists/1?page=1"), CancellationToken.None);
        await remote.FetchAsync(new Uri("https://docs.example/lists/1?page=2"), CancellationToken.None);
        await remote.FetchAsync(new Uri("https://docs.example/lists/1?page=1#x"), CancellationToken.None);

        Assert.Equal(["https://docs.example/lists/1?page=1", "https://docs.example/lists/1?page=2"], web.Requests.Select(r => r.AbsoluteUri));
    }

    [Fact]
    public async Task Documents_that_fit_are_served_from_the_cache()
    {
        CountingWeb web = new();
        using RemoteDocuments remote = Remote(web, entries: 8, bytes: 8 * 1024);

        for (int round = 0; round < 3; round++)
            foreach (string name in new[] { "a", "b", "c" }) await remote.FetchAsync(new Uri($"https://docs.example/{name}"), CancellationToken.None);

        Assert.Equal(3, web.Requests.Count);
    }

    [Fact]
    public async Task More_documents_than_the_cache_holds_are_evicted_and_fetched_again()
    {
        CountingWeb web = new();
        using RemoteDocuments remote = Remote(web, entries: 2, bytes: 2 * 1024);

        for (int round = 0; round < 3; round++)
            foreach (string name in new[] { "a", "b", "c", "d" }) await remote.FetchAsync(new Uri($"https://docs.example/{name}"), CancellationToken.None);

        Assert.True(web.Requests.Count > 4, $"{web.Requests.Count} requests: a cache of two entries kept four documents");
    }

    [Fact]
    public async Task A_document_larger_than_the_whole_cache_is_not_kept()
    {
        CountingWeb web = new() { BodyBytes = 8 * 1024 };
        using RemoteDocuments remote = Remote(web, entries: 4, bytes: 4 * 1024);

        RemoteDocumentResult first = await remote.FetchAsync(new Uri("https://docs.example/big"), CancellationToken.None);
        await remote.FetchAsync(new Uri("https://docs.example/big"), CancellationToken.None);

        Assert.NotNull(first.Document);
        Assert.Equal(2, web.Requests.Count);
    }

    [Fact]
    public async Task A_failure_is_tried_again_after_thirty_seconds_and_a_success_is_kept_for_the_configured_time()
    {
        CountingWeb web = new() { Status = HttpStatusCode.ServiceUnavailable };
        using RemoteDocuments remote = Remote(web);
        Uri url = new("https://docs.example/issuers/1");

        RemoteDocumentResult failed = await remote.FetchAsync(url, CancellationToken.None);
        web.Status = HttpStatusCode.OK;
        _time.Advance(TimeSpan.FromSeconds(29));
        RemoteDocumentResult stillFailed = await remote.FetchAsync(url, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
        RemoteDocumentResult retried = await remote.FetchAsync(url, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(9));
        await remote.FetchAsync(url, CancellationToken.None);
        int beforeExpiry = web.Requests.Count;
        _time.Advance(TimeSpan.FromMinutes(2));
        await remote.FetchAsync(url, CancellationToken.None);

        Assert.Equal("https://docs.example/issuers/1 answered 503.", failed.Problem);
        Assert.Equal(failed.Problem, stillFailed.Problem);
        Assert.NotNull(retried.Document);
        Assert.Equal(2, beforeExpiry);
        Assert.Equal(3, web.Requests.Count);
    }
}
