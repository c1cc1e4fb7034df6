using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>
/// A shared badge link opened again and again: pages and baked images come from memory with entity tags and 304s,
/// and a page's verdict follows revocation, suspension, key compromise and expiry on the very next view.
/// </summary>
public sealed class SharedPageTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public SharedPageTests(ApiFactory api) => _api = api;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string accept, string? ifNoneMatch = null)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        return await client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PageAsync(HttpClient client, string url, string? ifNoneMatch = null) =>
        GetAsync(client, url, "text/html,application/xhtml+xml,*/*;q=0.8", ifNoneMatch);

    private static string ETag(HttpResponseMessage response) => response.Headers.ETag?.Tag ?? "";

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        SecurityHeaderTests.AssertCommonHeaders(response);
        Assert.NotEmpty(SecurityHeaderTests.Header(response, "Content-Security-Policy"));
    }

    private static async Task<string> VerdictAsync(HttpClient client, string url)
    {
        HttpResponseMessage response = await PageAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string page = await response.Content.ReadAsStringAsync();
        return page.Contains("<strong>Valid</strong>", StringComparison.Ordinal) ? "Valid"
            : page.Contains("<strong>Revoked</strong>", StringComparison.Ordinal) ? "Revoked"
            : page.Contains("<strong>Suspended</strong>", StringComparison.Ordinal) ? "Suspended"
            : page.Contains("<strong>Expired</strong>", StringComparison.Ordinal) ? "Expired"
            : "something else";
    }

    [Fact]
    public async Task A_second_view_of_the_page_is_the_same_page_under_the_same_strong_etag_and_revalidates_to_304()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string url = award["links"]!["credential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage first = await PageAsync(anonymous, url);
        HttpResponseMessage second = await PageAsync(anonymous, url + ".html");
        HttpResponseMessage revalidated = await PageAsync(anonymous, url, ETag(first));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.ETag!.IsWeak);
        Assert.Equal(ETag(first), ETag(second));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(first.Headers.CacheControl!.NoCache);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(ETag(first), ETag(revalidated));
        Assert.True(revalidated.Headers.CacheControl!.NoCache);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        AssertSecurityHeaders(second);
        AssertSecurityHeaders(revalidated);
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("svg", "image/svg+xml")]
    public async Task A_baked_image_is_served_for_a_day_with_a_strong_etag_and_revalidates_to_304(string extension, string mediaType)
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string url = award["links"]!["credential"]!.GetValue<string>() + "." + extension;
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage first = await GetAsync(anonymous, url, "*/*");
        HttpResponseMessage second = await GetAsync(anonymous, url, "*/*");
        HttpResponseMessage revalidated = await GetAsync(anonymous, url, "*/*", ETag(first));
        HttpResponseMessage otherTag = await GetAsync(anonymous, url, "*/*", "\"another\"");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mediaType, first.Content.Headers.ContentType!.MediaType);
        Assert.False(first.Headers.ETag!.IsWeak);
        Assert.Equal(CredentialEndpoints.ImageCacheControl, first.Headers.CacheControl!.ToString());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(ETag(first), ETag(second));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(ETag(first), ETag(revalidated));
        Assert.Equal(CredentialEndpoints.ImageCacheControl, revalidated.Headers.CacheControl!.ToString());
        Assert.Equal(HttpStatusCode.OK, otherTag.StatusCode);
        AssertSecurityHeaders(second);
        AssertSecurityHeaders(revalidated);
    }

    [Fact]
    public async Task The_page_says_revoked_on_the_very_next_view_after_revoke_and_its_etag_changes()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string url = award["links"]!["credential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        Assert.Equal("Valid", await VerdictAsync(anonymous, url));
        string valid = ETag(await PageAsync(anonymous, url));

        (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Issued to the wrong teacher."}"""))).EnsureSuccessStatusCode();

        Assert.Equal("Revoked", await VerdictAsync(anonymous, url));
        HttpResponseMessage revalidated = await PageAsync(anonymous, url, valid);
        Assert.Equal(HttpStatusCode.OK, revalidated.StatusCode);
        Assert.NotEqual(valid, ETag(revalidated));
        Assert.Contains("<strong>Revoked</strong>", await revalidated.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertSecurityHeaders(revalidated);
    }

    [Fact]
    public async Task The_page_follows_suspend_and_unsuspend_on_the_very_next_view()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string url = award["links"]!["credential"]!.GetValue<string>();
        string path = $"/api/v1/issuers/{issuerId}/awards/{award["id"]}";
        using HttpClient anonymous = _api.Anonymous();
        Assert.Equal("Valid", await VerdictAsync(anonymous, url));
        string valid = ETag(await PageAsync(anonymous, url));

        (await client.PostAsync(path + ":suspend", Journey.Json("""{"reason": "Under review."}"""))).EnsureSuccessStatusCode();
        Assert.Equal("Suspended", await VerdictAsync(anonymous, url));
        string suspended = ETag(await PageAsync(anonymous, url));

        (await client.PostAsync(path + ":unsuspend", null)).EnsureSuccessStatusCode();
        Assert.Equal("Valid", await VerdictAsync(anonymous, url));
        HttpResponseMessage back = await PageAsync(anonymous, url, valid);

        Assert.NotEqual(valid, suspended);
        Assert.Equal(HttpStatusCode.NotModified, back.StatusCode);
    }

    [Fact]
    public async Task A_view_between_the_suspension_record_and_its_status_bit_is_not_kept_so_the_bit_shows_next()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string url = award["links"]!["credential"]!.GetValue<string>();
        string id = award["id"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        IAwardStore store = _api.Services.GetRequiredService<IAwardStore>();
        Award stored = (await store.GetAsync(id, default))!;
        // What :suspend writes first: the record on the award, a new version, before the bit in the suspension list.
        Award recorded = stored with { Suspended = new AwardSuspension(_api.Time.GetUtcNow(), "Under review."), Version = stored.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.UpdateAsync(recorded, stored.Version, default));
        Assert.Equal("Valid", await VerdictAsync(anonymous, url));

        // Suspending again keeps the record and version as they are and makes the bit follow the record.
        (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{id}:suspend", Journey.Json("""{"reason": "Under review."}"""))).EnsureSuccessStatusCode();

        Assert.Equal(recorded.Version, (await store.GetAsync(id, default))!.Version);
        Assert.Equal("Suspended", await VerdictAsync(anonymous, url));
    }

    [Fact]
    public async Task The_page_says_the_key_is_revoked_once_the_issuer_marks_it_compromised_before_the_award()
    {
        (string issuerId, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        string url = award["links"]!["credential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        using HttpClient admin = _api.Admin();
        Assert.Equal("Valid", await VerdictAsync(anonymous, url));

        (await admin.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/keys:rotate", new { compromisedAt = _api.Time.GetUtcNow().AddHours(-1) })).EnsureSuccessStatusCode();

        Assert.NotEqual("Valid", await VerdictAsync(anonymous, url));
    }

    [Fact]
    public async Task The_page_says_expired_on_the_first_view_after_valid_until_though_it_was_valid_before()
    {
        using ApiFactory api = new();
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        body["validUntil"] = api.Time.GetUtcNow().AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
        string url = award["links"]!["credential"]!.GetValue<string>();
        using HttpClient anonymous = api.Anonymous();
        Assert.Equal("Valid", await VerdictAsync(anonymous, url));

        api.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal("Expired", await VerdictAsync(anonymous, url));
    }
}
