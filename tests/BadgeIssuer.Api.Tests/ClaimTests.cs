using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Credentials.Keys;
using Microsoft.Extensions.DependencyInjection;
using NSec.Cryptography;

namespace BadgeIssuer.Api.Tests;

/// <summary>Claim links, the claim page and holder binding (issue 15): what every wallet channel builds on.</summary>
public sealed class ClaimTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private ClaimService Claims => api.Services.GetRequiredService<ClaimService>();

    private static string ClaimLink(JsonObject award) => award["links"]!["claim"]!.GetValue<string>();

    private static string TokenOf(string claimLink) => claimLink[(claimLink.LastIndexOf('/') + 1)..];

    /// <summary>A did:key of a fresh Ed25519 key, as a wallet makes one.</summary>
    private static string NewDid()
    {
        using Key key = Key.Create(SignatureAlgorithm.Ed25519);
        return "did:key:" + Multikey.EncodeEd25519PublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    private async Task<string> PageAsync(string url, HttpStatusCode expected)
    {
        using HttpClient browser = api.Anonymous();
        HttpResponseMessage response = await browser.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task An_award_carries_a_claim_link_of_a_32_byte_token_that_reads_the_same_every_time()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);

        string link = ClaimLink(award);
        JsonObject read = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}")).ReadObjectAsync();

        Assert.StartsWith($"{ApiFactory.BaseUrl}/claim/", link, StringComparison.Ordinal);
        Assert.Equal(ClaimTokens.TokenLength, TokenOf(link).Length);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(TokenOf(link)).Length);
        Assert.Equal(link, ClaimLink(read));
        Assert.Null(read["holder"]);
        Assert.DoesNotContain(TokenOf(link), read.ToJsonString().Replace(link, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_claim_page_shows_the_badge_and_every_way_to_take_it_and_is_never_cached_or_indexed()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        string link = ClaimLink(award);

        string page = await PageAsync(link, HttpStatusCode.OK);

        Assert.Contains("<h1>Basic Performance Assessment Design</h1>", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Ready to claim", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{link}/lcw\"", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{link}/oid4vci\"", page, StringComparison.Ordinal);
        Assert.Contains($"action=\"{link}/lcw\"", page, StringComparison.Ordinal);
        Assert.Contains($"{award["links"]!["credential"]}.png", page, StringComparison.Ordinal);
        Assert.Contains("linkedin.com/profile/add", page, StringComparison.Ordinal);
        Assert.Contains("noindex", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80%F0%9F%98")]
    public async Task A_link_that_opens_no_award_is_a_404_page_that_says_so(string token)
    {
        string page = await PageAsync($"/claim/{token}", HttpStatusCode.NotFound);

        Assert.Contains("This claim link does not work", page, StringComparison.Ordinal);
        Assert.Contains("not known", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binding_signs_the_credential_again_for_the_holder_which_verifies_and_keeps_its_id_status_and_identifier()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);
        string did = NewDid();
        Award opened = Assert.IsType<Done<Award>>(await Claims.OpenAsync(TokenOf(ClaimLink(award)), default)).Value;

        Done<Award> bound = Assert.IsType<Done<Award>>(await Claims.BindHolderAsync(opened.Id, did, ClaimChannels.VcApi, default));

        JsonObject before = award["credential"]!.AsObject(), after = JsonNode.Parse(bound.Value.CredentialJson)!.AsObject();
        Assert.Equal(did, after["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.StartsWith("urn:uuid:", before["credentialSubject"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (string kept in new[] { "id", "validFrom", "credentialStatus", "issuer" })
            Assert.True(JsonNode.DeepEquals(before[kept], after[kept]), kept);
        Assert.True(JsonNode.DeepEquals(before["credentialSubject"]!["identifier"], after["credentialSubject"]!["identifier"]));
        Assert.NotEqual(before["proof"]![0]!["proofValue"]!.GetValue<string>(), after["proof"]![0]!["proofValue"]!.GetValue<string>());

        JsonObject read = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}")).ReadObjectAsync();
        Assert.Equal(did, read["holder"]!.GetValue<string>());
        Assert.NotNull(read["claimedAt"]);
        Assert.Null(read["links"]!["claim"]);
        Assert.True(JsonNode.DeepEquals(after, read["credential"]));
        JsonObject report = await Journey.VerifyAsync(api, read);
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        string jwt = await Journey.JwtAsync(api, read);
        Assert.Contains(did, System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_claim_by_the_same_did_changes_nothing_and_one_by_another_did_is_a_conflict()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        string awardId = award["id"]!.GetValue<string>(), did = NewDid();
        Award first = Assert.IsType<Done<Award>>(await Claims.BindHolderAsync(awardId, did, ClaimChannels.Lcw, default)).Value;

        Done<Award> again = Assert.IsType<Done<Award>>(await Claims.BindHolderAsync(awardId, did, ClaimChannels.Oid4Vci, default));
        Conflict<Award> other = Assert.IsType<Conflict<Award>>(await Claims.BindHolderAsync(awardId, NewDid(), ClaimChannels.Lcw, default));

        Assert.False(again.Created);
        Assert.Equal((first.Version, first.CredentialJson, ClaimChannels.Lcw), (again.Value.Version, again.Value.CredentialJson, again.Value.Holder!.Via));
        Assert.Contains("another wallet", other.Detail, StringComparison.Ordinal);
        string page = await PageAsync(ClaimLink(award), HttpStatusCode.OK);
        Assert.Contains("Claimed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/lcw\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_claims_by_two_dids_bind_exactly_one()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        string awardId = award["id"]!.GetValue<string>();

        Outcome<Award>[] outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Claims.BindHolderAsync(awardId, NewDid(), ClaimChannels.VcApi, default)));

        Assert.Single(outcomes.OfType<Done<Award>>());
        Assert.Equal(5, outcomes.OfType<Conflict<Award>>().Count());
    }

    [Fact]
    public async Task A_revoked_award_has_no_claim_link_and_its_page_is_gone()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);
        string link = ClaimLink(award);

        JsonObject revoked = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""))).ReadObjectAsync();

        Assert.Null(revoked["links"]!["claim"]);
        Assert.Contains("revoked", await PageAsync(link, HttpStatusCode.Gone), StringComparison.Ordinal);
        Assert.IsType<Conflict<Award>>(await Claims.BindHolderAsync(award["id"]!.GetValue<string>(), NewDid(), ClaimChannels.VcApi, default));
    }

    [Fact]
    public async Task A_renewed_link_replaces_the_old_one_and_an_expired_link_says_it_expired()
    {
        await using ApiFactory own = new();
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(own);
        string old = ClaimLink(award);
        ClaimService claims = own.Services.GetRequiredService<ClaimService>();

        Award renewed = Assert.IsType<Done<Award>>(await claims.RenewAsync(issuerId, award["id"]!.GetValue<string>(), default)).Value;
        string link = claims.ClaimUrl(renewed)!;
        own.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));

        Assert.NotEqual(old, link);
        Assert.IsType<NotFound<Award>>(await claims.OpenAsync(TokenOf(old), default));
        Assert.Equal(2, renewed.Claim!.Generation);
        NotFound<Award> expired = Assert.IsType<NotFound<Award>>(await claims.OpenAsync(TokenOf(link), default));
        Assert.Contains("expired", expired.Detail, StringComparison.Ordinal);
        JsonObject read = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}")).ReadObjectAsync();
        Assert.Null(read["links"]!["claim"]);
    }

    [Fact]
    public async Task A_claim_is_sent_as_an_award_claimed_webhook_and_recorded_in_the_audit_trail()
    {
        using ApiFactory own = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Webhooks:AllowPrivateNetworks"] = "true" });
        using Receiver receiver = new(HttpStatusCode.OK);
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(own);
        HttpResponseMessage subscribed = await client.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json($$"""{"url": "{{receiver.Url}}", "events": ["award.claimed"]}"""));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        string did = NewDid();

        await own.Services.GetRequiredService<ClaimService>().BindHolderAsync(award["id"]!.GetValue<string>(), did, ClaimChannels.Oid4Vci, default);
        await receiver.WaitForAsync(1);

        (string body, _, string type) = Assert.Single(receiver.Received);
        Assert.Equal("award.claimed", type);
        JsonNode data = JsonNode.Parse(body)!["data"]!;
        Assert.Equal((award["id"]!.GetValue<string>(), did, ClaimChannels.Oid4Vci), (data["awardId"]!.GetValue<string>(), data["holder"]!.GetValue<string>(), data["via"]!.GetValue<string>()));
        using HttpClient auditor = own.ClientWith(await Journey.CreateClientKeyAsync(own, issuerId, Core.Clients.Scopes.AuditRead));
        string trail = await auditor.GetStringAsync($"/api/v1/issuers/{issuerId}/audit");
        Assert.Contains("\"award.claimed\"", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_claim_the_baked_images_and_the_page_carry_the_bound_credential_under_new_entity_tags()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        string credentialUrl = award["links"]!["credential"]!.GetValue<string>(), did = NewDid();
        using HttpClient anonymous = api.Anonymous();
        HttpResponseMessage pngBefore = await anonymous.GetAsync(credentialUrl + ".png"), svgBefore = await anonymous.GetAsync(credentialUrl + ".svg");

        await Claims.BindHolderAsync(award["id"]!.GetValue<string>(), did, ClaimChannels.Lcw, default);

        HttpResponseMessage png = await anonymous.GetAsync(credentialUrl + ".png"), svg = await anonymous.GetAsync(credentialUrl + ".svg");
        Assert.NotEqual(pngBefore.Headers.ETag, png.Headers.ETag);
        Assert.NotEqual(svgBefore.Headers.ETag, svg.Headers.ETag);
        JsonNode baked = JsonNode.Parse(Credentials.Baking.PngBaking.Unbake(await png.Content.ReadAsByteArrayAsync())!)!;
        Assert.Equal(did, baked["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.Contains(did, await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claim_sessions_are_swept_a_day_after_they_expire_and_not_before()
    {
        await using ApiFactory own = new();
        _ = own.Services;
        Core.Ports.IClaimSessionStore sessions = own.Services.GetRequiredService<Core.Ports.IClaimSessionStore>();
        DateTimeOffset now = own.Time.GetUtcNow();
        // Not a day past its expiry when the service starts (its first sweep leaves it), but an hour later it is.
        Core.Ports.ClaimSession old = new(Ids.New(), "exchange", Ids.New(), "open", "{}", 0, now.AddDays(-2), now.AddDays(-1).AddMinutes(30), 1);
        Core.Ports.ClaimSession recent = old with { Id = Ids.New(), ExpiresAt = now.AddMinutes(-1) };
        await sessions.InsertAsync(old, default);
        await sessions.InsertAsync(recent, default);

        own.Time.Advance(TimeSpan.FromHours(1));
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(10); await sessions.GetAsync(old.Id, default) is not null; await Task.Delay(50))
            Assert.True(DateTime.UtcNow < deadline, "the expired session was not swept");

        Assert.NotNull(await sessions.GetAsync(recent.Id, default));
    }

    [Fact]
    public async Task The_wallet_qr_page_carries_the_apps_own_request_link_for_a_fresh_exchange()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        string link = ClaimLink(award);
        using HttpClient browser = api.Anonymous();

        HttpResponseMessage response = await browser.PostAsync(link + "/lcw", new FormUrlEncodedContent([]));
        string page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains("QR code that adds this badge to the Learner Credential Wallet", page, StringComparison.Ordinal);
        string web = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "href=\"(https://lcw\\.app/request\\.html\\?[^\"]+)\"").Groups[1].Value);
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(web).Query);
        Assert.Equal("bearer", query["auth_type"].ToString());
        JsonObject state = await (await browser.GetAsync(query["vc_request_url"].ToString())).ReadObjectAsync();
        Assert.Equal("pending", state["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsync("/claim/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/lcw", new FormUrlEncodedContent([]))).StatusCode);
    }
}
