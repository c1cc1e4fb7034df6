using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Status;

namespace BadgeIssuer.Api.Tests;

/// <summary>Revocation through a signed W3C Bitstring Status List, seen by our verifier, the badge page and any reader of the list.</summary>
public sealed class RevocationTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public RevocationTests(ApiFactory api) => _api = api;

    private static JsonObject Status(JsonObject report) => report["checks"]!.AsArray().First(c => c!["check"]!.GetValue<string>() == "status")!.AsObject();

    /// <summary>The credential's status entry for a purpose.</summary>
    internal static JsonObject Entry(JsonObject award, string purpose) =>
        award["credential"]!["credentialStatus"]!.AsArray().Single(e => e!["statusPurpose"]!.GetValue<string>() == purpose)!.AsObject();

    [Fact]
    public async Task Every_credential_carries_a_revocation_entry_in_a_signed_list_of_131072_entries()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        JsonObject entry = Entry(award, "revocation");
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await anonymous.GetAsync(entry["statusListCredential"]!.GetValue<string>());
        JsonObject list = await response.ReadObjectAsync();

        Assert.Equal("BitstringStatusListEntry", entry["type"]!.GetValue<string>());
        Assert.Equal("revocation", entry["statusPurpose"]!.GetValue<string>());
        Assert.Equal("application/vc+ld+json", response.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("max-age=60", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(award["credential"]!["issuer"]!["id"]!.GetValue<string>(), list["issuer"]!.GetValue<string>());
        Assert.Equal("eddsa-rdfc-2022", list["proof"]![0]!["cryptosuite"]!.GetValue<string>());
        byte[] bits = BitstringStatusList.Decode(list["credentialSubject"]!["encodedList"]!.GetValue<string>());
        Assert.Equal(131_072 / 8, bits.Length);
        Assert.Equal("not-revoked", Status(await Journey.VerifyAsync(_api, award))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_badge_is_invalid_everywhere_and_the_list_changes_its_etag()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string listUrl = Entry(award, "revocation")["statusListCredential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        EntityTagHeaderValue before = (await anonymous.GetAsync(listUrl)).Headers.ETag!;

        HttpResponseMessage revoked = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Issued to the wrong teacher."}"""));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("Issued to the wrong teacher.", (await revoked.ReadObjectAsync())["revoked"]!["reason"]!.GetValue<string>());
        JsonObject report = await Journey.VerifyAsync(_api, award);
        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("revoked", Status(report)["code"]!.GetValue<string>());
        using HttpRequestMessage conditional = new(HttpMethod.Get, listUrl);
        conditional.Headers.IfNoneMatch.Add(before);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(conditional)).StatusCode);
        using HttpRequestMessage page = new(HttpMethod.Get, award["links"]!["credential"]!.GetValue<string>());
        page.Headers.Accept.ParseAdd("text/html");
        Assert.Contains("<strong>Revoked</strong>", await (await anonymous.SendAsync(page)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unchanged_list_answers_304_to_its_etag()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string listUrl = Entry(award, "revocation")["statusListCredential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        EntityTagHeaderValue etag = (await anonymous.GetAsync(listUrl)).Headers.ETag!;
        using HttpRequestMessage conditional = new(HttpMethod.Get, listUrl);
        conditional.Headers.IfNoneMatch.Add(etag);

        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_reason_and_other_issuers_cannot_revoke()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        (string otherIssuer, HttpClient other, _) = await Journey.IssueSampleAsync(_api);
        string path = $"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke";

        await client.PostAsync(path, Journey.Json("""{"reason": "First."}"""));
        JsonObject again = await (await client.PostAsync(path, Journey.Json("""{"reason": "Second."}"""))).ReadObjectAsync();
        HttpResponseMessage foreign = await other.PostAsync(path, Journey.Json("""{"reason": "Not mine."}"""));
        HttpResponseMessage wrongIssuer = await other.PostAsync($"/api/v1/issuers/{otherIssuer}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Not mine."}"""));

        Assert.Equal("First.", again["revoked"]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongIssuer.StatusCode);
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason": ""}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"reason": 5}""", HttpStatusCode.BadRequest)]
    public async Task A_revocation_without_a_reason_is_refused_with_a_problem(string body, HttpStatusCode status)
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Concurrent_revocations_in_one_list_all_land()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject[] awards = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync()));

        await Task.WhenAll(awards.Select(a => client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{a["id"]}:revoke", Journey.Json("""{"reason": "Cohort cancelled."}"""))));

        Assert.Equal(12, awards.Select(a => Entry(a, "revocation")["statusListIndex"]!.GetValue<string>()).Distinct().Count());
        foreach (JsonObject award in awards) Assert.Equal("revoked", Status(await Journey.VerifyAsync(_api, award))["code"]!.GetValue<string>());
    }
}
