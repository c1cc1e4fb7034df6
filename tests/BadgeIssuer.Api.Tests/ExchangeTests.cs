using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Tests.Presentations;
using Microsoft.AspNetCore.WebUtilities;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Issue 15, item 3: the Learner Credential Wallet's legacy deep link and VCALM exchanges, walked over HTTP by a test
/// wallet that signs with both suites; expiry with the factory's fake clock.
/// </summary>
public sealed class ExchangeTests : IDisposable
{
    private readonly ApiFactory _api = new();
    private readonly HttpClient _anonymous;

    public ExchangeTests() => _anonymous = _api.Anonymous();

    public void Dispose()
    {
        _anonymous.Dispose();
        _api.Dispose();
    }

    /// <summary>The deep link's parameters after following the claim page's wallet link.</summary>
    private sealed record DeepLink(string Issuer, string AuthType, string Challenge, string Exchange);

    private async Task<(string IssuerId, HttpClient Client, JsonObject Award)> IssueAsync()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        Assert.NotNull(award["links"]?["claim"]);
        return (issuerId, client, award);
    }

    private static string ClaimPath(JsonObject award) => new Uri(award["links"]!["claim"]!.GetValue<string>()).AbsolutePath;

    private async Task<DeepLink> OpenAsync(JsonObject award)
    {
        HttpResponseMessage redirect = await _anonymous.GetAsync(ClaimPath(award) + "/lcw");
        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        Assert.Equal("no-store", redirect.Headers.CacheControl?.ToString());
        Uri location = redirect.Headers.Location!;
        Assert.Equal("https://lcw.app/request.html", location.GetLeftPart(UriPartial.Path));
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(["issuer", "auth_type", "challenge", "vc_request_url"], query.Keys);
        Assert.StartsWith(ApiFactory.BaseUrl + "/exchanges/", query["vc_request_url"].ToString(), StringComparison.Ordinal);
        return new DeepLink(query["issuer"]!, query["auth_type"]!, query["challenge"]!, new Uri(query["vc_request_url"]!).AbsolutePath);
    }

    private Task<HttpResponseMessage> PostAsync(string exchange, JsonNode body) => _anonymous.PostAsync(exchange, Journey.Json(body));

    private async Task<JsonObject> RequestAsync(string exchange)
    {
        HttpResponseMessage response = await PostAsync(exchange, new JsonObject());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadObjectAsync())["verifiablePresentationRequest"]!.AsObject();
    }

    private static JsonObject Present(TestWallet wallet, JsonObject request, string suite) =>
        wallet.Present(request["challenge"]!.GetValue<string>(), request["domain"]!.GetValue<string>(), suite);

    private static async Task<string> ProblemCodeAsync(HttpResponseMessage response) =>
        (await response.ReadObjectAsync())["errors"]![0]!["code"]!.GetValue<string>();

    [Theory]
    [InlineData(DataIntegritySuites.Ed25519Signature2020)]
    [InlineData(DataIntegritySuites.EddsaRdfc2022)]
    public async Task The_legacy_deep_link_gets_the_credential_bound_to_the_wallets_DID_once(string suite)
    {
        (_, _, JsonObject award) = await IssueAsync();
        DeepLink link = await OpenAsync(award);
        Assert.Equal(("badges.test", "bearer"), (link.Issuer, link.AuthType));

        TestWallet wallet = new();
        JsonObject presentation = wallet.Present(link.Challenge, domain: null, suite);
        HttpResponseMessage answer = await PostAsync(link.Exchange, presentation);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        JsonObject issued = await answer.ReadObjectAsync();
        Assert.Equal("VerifiablePresentation", issued["type"]![0]!.GetValue<string>());
        JsonObject credential = issued["verifiableCredential"]![0]!.AsObject();
        Assert.Equal(wallet.Did, credential["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.Equal(award["credential"]!["id"]!.GetValue<string>(), credential["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(award["credential"]!["credentialStatus"], credential["credentialStatus"]));
        Assert.Equal("valid", (await Journey.VerifyAsync(_api, new JsonObject { ["credential"] = credential.DeepClone() }))["status"]!.GetValue<string>());

        HttpResponseMessage replayed = await PostAsync(link.Exchange, presentation);
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
        Assert.Equal("application/problem+json", replayed.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(DataIntegritySuites.EddsaRdfc2022)]
    [InlineData(DataIntegritySuites.Ed25519Signature2020)]
    public async Task A_VCALM_exchange_asks_for_DID_Authentication_and_answers_the_bound_credential(string suite)
    {
        (_, _, JsonObject award) = await IssueAsync();
        DeepLink link = await OpenAsync(award);
        Assert.Equal("pending", (await (await _anonymous.GetAsync(link.Exchange)).ReadObjectAsync())["state"]!.GetValue<string>());

        JsonObject request = await RequestAsync(link.Exchange);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"type": "DIDAuthentication", "acceptedMethods": [{"method": "key"}]}]"""), request["query"]));
        Assert.Equal("badges.test", request["domain"]!.GetValue<string>());
        Assert.Equal(link.Challenge, request["challenge"]!.GetValue<string>());

        TestWallet wallet = new();
        HttpResponseMessage answer = await PostAsync(link.Exchange, new JsonObject { ["verifiablePresentation"] = Present(wallet, request, suite) });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        JsonObject credential = (await answer.ReadObjectAsync())["verifiablePresentation"]!["verifiableCredential"]![0]!.AsObject();
        Assert.Equal(wallet.Did, credential["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.Equal("complete", (await (await _anonymous.GetAsync(link.Exchange)).ReadObjectAsync())["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(link.Exchange, new JsonObject())).StatusCode);
    }

    [Fact]
    public async Task An_exchange_ten_minutes_old_is_gone()
    {
        (_, _, JsonObject award) = await IssueAsync();
        DeepLink link = await OpenAsync(award);
        JsonObject request = await RequestAsync(link.Exchange);
        JsonObject presentation = new() { ["verifiablePresentation"] = Present(new TestWallet(), request, DataIntegritySuites.EddsaRdfc2022) };
        _api.Time.Advance(TimeSpan.FromMinutes(10));

        foreach (HttpResponseMessage gone in new[] { await PostAsync(link.Exchange, presentation), await PostAsync(link.Exchange, new JsonObject()), await _anonymous.GetAsync(link.Exchange) })
        {
            Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
            Assert.EndsWith("/problems/exchange-expired", (await gone.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.NotNull((await OpenAsync(award)).Exchange);
    }

    [Fact]
    public async Task A_second_DID_gets_409_and_the_first_stays_bound()
    {
        (_, _, JsonObject award) = await IssueAsync();
        TestWallet first = new();
        DeepLink link = await OpenAsync(award);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(link.Exchange, first.Present(link.Challenge, null))).StatusCode);

        string second = (await OpenAsync(award)).Exchange;
        HttpResponseMessage refused = await PostAsync(second, new JsonObject { ["verifiablePresentation"] = Present(new TestWallet(), await RequestAsync(second), DataIntegritySuites.EddsaRdfc2022) });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("invalid", (await (await _anonymous.GetAsync(second)).ReadObjectAsync())["state"]!.GetValue<string>());

        JsonObject published = await (await _anonymous.GetAsync(award["links"]!["json"]!.GetValue<string>())).ReadObjectAsync();
        Assert.Equal(first.Did, published["credentialSubject"]!["id"]!.GetValue<string>());

        string again = (await OpenAsync(award)).Exchange;
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(again, new JsonObject { ["verifiablePresentation"] = Present(first, await RequestAsync(again), DataIntegritySuites.Ed25519Signature2020) })).StatusCode);
    }

    [Fact]
    public async Task Two_presentations_at_once_complete_the_exchange_once()
    {
        (_, _, JsonObject award) = await IssueAsync();
        DeepLink link = await OpenAsync(award);
        JsonObject request = await RequestAsync(link.Exchange);
        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            PostAsync(link.Exchange, new JsonObject { ["verifiablePresentation"] = Present(new TestWallet(), request, DataIntegritySuites.EddsaRdfc2022) })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
    }

    [Fact]
    public async Task Presentations_that_do_not_authenticate_are_422_naming_the_field_and_bind_nothing()
    {
        (string issuerId, HttpClient client, JsonObject award) = await IssueAsync();
        DeepLink link = await OpenAsync(award);
        JsonObject request = await RequestAsync(link.Exchange);
        TestWallet wallet = new();
        (JsonObject Presentation, string Code, string Pointer)[] cases =
        [
            (wallet.Present("another-challenge", "badges.test"), "challenge-mismatch", "/verifiablePresentation/proof/challenge"),
            (wallet.Present(link.Challenge, null), "domain-mismatch", "/verifiablePresentation/proof/domain"),
            (wallet.Present(link.Challenge, "evil.example"), "domain-mismatch", "/verifiablePresentation/proof/domain"),
            (wallet.Present(link.Challenge, "badges.test", proofOptions: p => p["proofPurpose"] = "assertionMethod"), "wrong-proof-purpose", "/verifiablePresentation/proof/proofPurpose"),
            (wallet.Present(link.Challenge, "badges.test", holder: new TestWallet().Did), "key-not-holders", "/verifiablePresentation/proof/verificationMethod"),
        ];
        foreach ((JsonObject presentation, string code, string pointer) in cases)
        {
            HttpResponseMessage refused = await PostAsync(link.Exchange, new JsonObject { ["verifiablePresentation"] = presentation });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            JsonObject problem = await refused.ReadObjectAsync();
            Assert.Equal((code, pointer), (problem["errors"]![0]!["code"]!.GetValue<string>(), problem["errors"]![0]!["pointer"]!.GetValue<string>()));
        }

        JsonObject tampered = Present(wallet, request, DataIntegritySuites.Ed25519Signature2020);
        tampered["proof"]!["created"] = "2020-01-01T00:00:00Z";
        Assert.Equal("signature-mismatch", await ProblemCodeAsync(await PostAsync(link.Exchange, tampered)));

        JsonObject stored = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}")).ReadObjectAsync();
        Assert.NotNull(stored["links"]!["claim"]);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(link.Exchange, new JsonObject { ["verifiablePresentation"] = Present(wallet, request, DataIntegritySuites.EddsaRdfc2022) })).StatusCode);
    }

    [Fact]
    public async Task A_revoked_award_opens_no_exchange_and_one_revoked_meanwhile_is_not_claimed()
    {
        (string issuerId, HttpClient client, JsonObject award) = await IssueAsync();
        DeepLink link = await OpenAsync(award);
        HttpResponseMessage revoked = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Issued to the wrong teacher."}"""));
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(link.Exchange, new TestWallet().Present(link.Challenge, null))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _anonymous.GetAsync(ClaimPath(award) + "/lcw")).StatusCode);
    }

    [Theory]
    [InlineData("/claim/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/lcw")]
    [InlineData("/exchanges/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("/exchanges/not%20an%20id")]
    [InlineData("/exchanges/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_links_and_exchanges_are_404(string path)
    {
        HttpResponseMessage response = await _anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (path.StartsWith("/exchanges/", StringComparison.Ordinal))
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(path, new JsonObject())).StatusCode);
    }

    [Fact]
    public async Task Malformed_messages_get_a_clear_4xx()
    {
        (_, _, JsonObject award) = await IssueAsync();
        string exchange = (await OpenAsync(award)).Exchange;
        (string Body, string MediaType, HttpStatusCode Status)[] cases =
        [
            ("{", "application/json", HttpStatusCode.BadRequest),
            ("[]", "application/json", HttpStatusCode.BadRequest),
            ("null", "application/json", HttpStatusCode.BadRequest),
            ("""{"a": 1, "a": 2}""", "application/json", HttpStatusCode.BadRequest),
            ("""{"verifiablePresentation": "x"}""", "application/json", HttpStatusCode.BadRequest),
            ("""{"verifiablePresentation": [{}, {}]}""", "application/json", HttpStatusCode.BadRequest),
            ("""{"hello": "world"}""", "application/json", HttpStatusCode.BadRequest),
            ("""{"verifiablePresentation": {}}""", "application/json", HttpStatusCode.UnprocessableEntity),
            ("""{"verifiablePresentation": {"type": "VerifiablePresentation", "@context": [], "holder": "did:key:z", "proof": {}}}""", "application/json", HttpStatusCode.UnprocessableEntity),
            (new string('[', 5000), "application/json", HttpStatusCode.BadRequest),
            ("{}", "text/plain", HttpStatusCode.UnsupportedMediaType),
            ("{\"verifiablePresentation\": {\"filler\": \"" + new string('x', 70_000) + "\"}}", "application/json", HttpStatusCode.RequestEntityTooLarge),
        ];
        foreach ((string body, string mediaType, HttpStatusCode status) in cases)
        {
            HttpResponseMessage response = await _anonymous.PostAsync(exchange, new StringContent(body, System.Text.Encoding.UTF8, mediaType));
            Assert.True(status == response.StatusCode, $"{body[..Math.Min(40, body.Length)]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal("pending", (await (await _anonymous.GetAsync(exchange)).ReadObjectAsync())["state"]!.GetValue<string>());
    }
}
