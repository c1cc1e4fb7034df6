using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Contexts;
using BadgeIssuer.Credentials.Tests.Verification;
using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.Credentials.Tests.Contexts;

/// <summary>Credentials supplies the OB 3.0 and VC contexts to JSON-LD processing; the library itself holds none.</summary>
public sealed class CredentialContextsTests
{
    [Fact]
    public async Task Every_pinned_context_loads_and_an_unknown_one_fails_without_network()
    {
        Assert.Equal(CredentialContexts.Files.Keys.Order(StringComparer.Ordinal), CredentialContexts.Loader.Urls.Order(StringComparer.Ordinal));
        foreach (string url in CredentialContexts.Files.Keys)
            Assert.IsType<JsonObject>((await CredentialContexts.Loader.LoadAsync(new Uri(url), CancellationToken.None)).Document);
        JsonLdException error = await Assert.ThrowsAsync<JsonLdException>(async () =>
            await CredentialContexts.Loader.LoadAsync(new Uri("https://example.org/evil-context.jsonld"), CancellationToken.None));
        Assert.Equal(JsonLdErrorCode.LoadingDocumentFailed, error.Code);
    }

    [Fact]
    public void An_ob_credential_expands_with_the_credential_contexts_and_not_with_the_library_default()
    {
        JsonObject credential = TestCredentials.Credential();
        Assert.NotEmpty(JsonLdProcessor.ToRdf(credential, new JsonLdOptions { DocumentLoader = CredentialContexts.Loader, SafeMode = true }).Quads);
        Assert.Equal(JsonLdErrorCode.LoadingRemoteContextFailed, Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(credential)).Code);
    }
}
