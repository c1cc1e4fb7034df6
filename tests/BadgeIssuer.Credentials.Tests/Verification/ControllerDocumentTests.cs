using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Time.Testing;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>Keys published in an issuer's controller document (https or did:web), fetched only from allowed hosts.</summary>
public sealed class ControllerDocumentTests
{
    private const string Issuer = "https://university.example/issuers/1";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));

    private static (GeneratedKey Key, string Multibase) NewKey() => TestCredentials.Ed25519();

    private static JsonObject Controller(string id, string method, string multibase, bool authorised = true) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/cid/v1"),
        ["id"] = id,
        ["verificationMethod"] = new JsonArray(new JsonObject { ["id"] = method, ["type"] = "Multikey", ["controller"] = id, ["publicKeyMultibase"] = multibase }),
        ["assertionMethod"] = authorised ? new JsonArray(method) : new JsonArray(),
    };

    private (CredentialVerifier Verifier, FakeWeb Web) Verifier(Dictionary<string, (HttpStatusCode, string)> pages, params string[] allowed)
    {
        FakeWeb web = new(pages);
        RemoteDocuments remote = new(new HttpClient(web), new RemoteDocumentOptions { AllowedHosts = allowed }, _time);
        return (new CredentialVerifier(NoTrustedKeys.Instance, _time, remote), web);
    }

    private static JsonObject Signed(string issuer, string method, GeneratedKey key) =>
        new EddsaDataIntegrity().AddProof(TestCredentials.Credential(issuerId: issuer), DataIntegritySuites.EddsaRdfc2022, method,
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), key.PrivateKey, asArray: true);

    private static VerificationCheck Check(VerificationReport report, string name) => report.Checks.First(c => c.Check == name);

    [Fact]
    public async Task A_key_listed_by_the_issuers_controller_document_on_an_allowed_host_is_valid()
    {
        (GeneratedKey key, string multibase) = NewKey();
        string method = $"{Issuer}#key-1";
        (CredentialVerifier verifier, FakeWeb web) = Verifier(new() { [Issuer] = (HttpStatusCode.OK, Controller(Issuer, method, multibase).ToJsonString()) }, "university.example");

        VerificationReport first = await verifier.VerifyJsonAsync(Signed(Issuer, method, key), default);
        VerificationReport second = await verifier.VerifyJsonAsync(Signed(Issuer, method, key), default);

        Assert.True(first.Verified, string.Join("\n", first.Checks));
        Assert.True(second.Verified);
        Assert.Equal(1, web.Requests);
    }

    [Fact]
    public async Task The_domain_whose_controller_document_lists_the_key_is_named_as_vouching_for_the_issuer()
    {
        (GeneratedKey key, string multibase) = NewKey();
        string method = $"{Issuer}#key-1";
        (CredentialVerifier verifier, _) = Verifier(new() { [Issuer] = (HttpStatusCode.OK, Controller(Issuer, method, multibase).ToJsonString()) }, "university.example");

        VerificationReport report = await verifier.VerifyJsonAsync(Signed(Issuer, method, key), default);

        VerificationCheck identity = Check(report, "issuer-identity");
        Assert.Equal(VerificationCodes.IssuerIdentityProven, identity.Code);
        Assert.StartsWith("university.example vouches for the issuer “Riverside”", identity.Message, StringComparison.Ordinal);
        Assert.Equal(IssuerIdentityStatus.Proven, report.Credential!.IssuerIdentity);
    }

    [Fact]
    public async Task Nothing_is_fetched_from_a_host_that_is_not_allowed()
    {
        (GeneratedKey key, string multibase) = NewKey();
        string method = $"{Issuer}#key-1";
        (CredentialVerifier verifier, FakeWeb web) = Verifier(new() { [Issuer] = (HttpStatusCode.OK, Controller(Issuer, method, multibase).ToJsonString()) });

        VerificationReport report = await verifier.VerifyJsonAsync(Signed(Issuer, method, key), default);

        Assert.Equal(0, web.Requests);
        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
        Assert.Equal(VerificationCodes.KeyUnresolved, Check(report, "proof").Code);
    }

    [Fact]
    public async Task A_key_the_controller_does_not_authorise_for_issuing_fails()
    {
        (GeneratedKey key, string multibase) = NewKey();
        string method = $"{Issuer}#key-1";
        (CredentialVerifier verifier, _) = Verifier(new() { [Issuer] = (HttpStatusCode.OK, Controller(Issuer, method, multibase, authorised: false).ToJsonString()) }, "university.example");

        VerificationReport report = await verifier.VerifyJsonAsync(Signed(Issuer, method, key), default);

        Assert.Equal(VerificationCodes.KeyNotAuthorized, Check(report, "key-provenance").Code);
        Assert.Equal(VerificationStatus.Invalid, report.Status);
    }

    [Fact]
    public async Task A_did_web_issuer_resolves_through_its_well_known_document()
    {
        (GeneratedKey key, string multibase) = NewKey();
        const string did = "did:web:university.example";
        string method = $"{did}#key-1";
        JsonObject document = Controller(did, "#key-1", multibase);
        document["assertionMethod"] = new JsonArray("#key-1");
        document["verificationMethod"]![0]!["controller"] = did;
        (CredentialVerifier verifier, _) = Verifier(new() { ["https://university.example/.well-known/did.json"] = (HttpStatusCode.OK, document.ToJsonString()) }, "university.example");

        VerificationReport report = await verifier.VerifyJsonAsync(Signed(did, method, key), default);

        Assert.True(report.Verified, string.Join("\n", report.Checks));
        Assert.Equal(VerificationCodes.IssuerIdentityProven, Check(report, "issuer-identity").Code);
        Assert.StartsWith("university.example vouches", Check(report, "issuer-identity").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "{}")]
    [InlineData(HttpStatusCode.OK, "not json")]
    [InlineData(HttpStatusCode.OK, "[1,2]")]
    public async Task A_controller_document_that_cannot_be_read_leaves_the_verdict_indeterminate(HttpStatusCode status, string body)
    {
        (GeneratedKey key, _) = NewKey();
        string method = $"{Issuer}#key-1";
        (CredentialVerifier verifier, _) = Verifier(new() { [Issuer] = (status, body) }, "university.example");

        VerificationReport report = await verifier.VerifyJsonAsync(Signed(Issuer, method, key), default);

        Assert.Equal(VerificationStatus.Indeterminate, report.Status);
    }

    [Fact]
    public async Task A_controller_document_over_the_size_limit_is_not_read()
    {
        FakeWeb web = new(new() { [Issuer] = (HttpStatusCode.OK, "{\"pad\":\"" + new string('x', 10_000) + "\"}") });
        RemoteDocuments remote = new(new HttpClient(web), new RemoteDocumentOptions { AllowedHosts = ["university.example"], MaxBytes = 1000 }, _time);

        RemoteDocumentResult result = await remote.FetchAsync(new Uri(Issuer), default);

        Assert.Null(result.Document);
        Assert.Contains("larger than 1000 bytes", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("did:web:example.com", "https://example.com/.well-known/did.json")]
    [InlineData("did:web:example.com:user:alice", "https://example.com/user/alice/did.json")]
    [InlineData("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json")]
    public void A_did_web_maps_to_its_https_url(string did, string url)
    {
        Assert.Equal(url, RemoteDocuments.DidWebUrl(did)!.AbsoluteUri);
    }
}
