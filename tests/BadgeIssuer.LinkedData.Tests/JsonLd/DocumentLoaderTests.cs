using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.LinkedData.Tests.JsonLd;

/// <summary>Contexts come only from the caller's loader, which may answer at once or asynchronously.</summary>
public sealed class DocumentLoaderTests
{
    private static JsonObject Document() => JsonNode.Parse($$"""
        { "@context": ["{{TestContexts.CredentialsV2}}", "{{TestContexts.Ob303}}"],
          "id": "https://example.org/credentials/1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "issuer": {"id": "https://example.org/issuers/1", "type": ["Profile"], "name": "Example College"},
          "validFrom": "2026-01-01T00:00:00Z", "name": "Teamwork",
          "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "https://example.org/achievements/1",
            "type": ["Achievement"], "criteria": {"narrative": "Works well in a team"}, "description": "d", "name": "Teamwork"} } }
        """)!.AsObject();

    /// <summary>Answers every load after a real asynchronous step, from <see cref="TestContexts.Loader"/>.</summary>
    private sealed class WaitingLoader : IDocumentLoader
    {
        public async ValueTask<RemoteDocument> LoadAsync(Uri url, CancellationToken cancellationToken)
        {
            await Task.Delay(1, cancellationToken);
            return await TestContexts.Loader.LoadAsync(url, cancellationToken);
        }
    }

    /// <summary>Never answers until the token is cancelled.</summary>
    private sealed class HangingLoader : IDocumentLoader
    {
        public async ValueTask<RemoteDocument> LoadAsync(Uri url, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task The_default_loader_serves_no_context()
    {
        JsonLdException error = await Assert.ThrowsAsync<JsonLdException>(async () => await JsonLdProcessor.ToRdfAsync(Document()));
        Assert.Equal(JsonLdErrorCode.LoadingRemoteContextFailed, error.Code);
    }

    [Fact]
    public async Task A_static_loader_answers_at_once_so_a_run_completes_without_waiting()
    {
        ValueTask<RdfDataset> run = JsonLdProcessor.ToRdfAsync(Document(), new JsonLdOptions { DocumentLoader = TestContexts.Loader, SafeMode = true });
        Assert.True(run.IsCompletedSuccessfully);
        Assert.NotEmpty((await run).Quads);
    }

    [Fact]
    public async Task An_asynchronous_loader_gives_the_same_dataset_and_is_refused_by_the_synchronous_entry_point()
    {
        JsonLdOptions waiting = new() { DocumentLoader = new WaitingLoader(), SafeMode = true };
        RdfDataset loaded = await JsonLdProcessor.ToRdfAsync(Document(), waiting);
        RdfDataset pinned = JsonLdProcessor.ToRdf(Document(), new JsonLdOptions { DocumentLoader = TestContexts.Loader, SafeMode = true });

        Assert.Equal(Rdfc10.Canonicalize(pinned).NQuads, Rdfc10.Canonicalize(loaded).NQuads);
        Assert.Throws<InvalidOperationException>(() => JsonLdProcessor.ToRdf(Document(), waiting with { DocumentLoader = new WaitingLoader() }));
    }

    [Fact]
    public async Task Cancelling_stops_a_load_in_progress()
    {
        using CancellationTokenSource soon = new(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await JsonLdProcessor.ExpandAsync(Document(), new JsonLdOptions { DocumentLoader = new HangingLoader() }, soon.Token));
    }

    [Fact]
    public void A_cancelled_token_stops_expansion()
    {
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            JsonLdProcessor.Expand(Document(), new JsonLdOptions { DocumentLoader = TestContexts.Loader }, cancelled.Token));
    }
}
