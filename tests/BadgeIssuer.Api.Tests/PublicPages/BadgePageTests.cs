using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>The public badge page, the baked images, and our own credentials verifying in every form.</summary>
public sealed partial class BadgePageTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public BadgePageTests(ApiFactory api) => _api = api;

    private async Task<JsonObject> IssueAsync(ApiFactory? api = null, string? validUntil = null)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api ?? _api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        if (validUntil is not null) body["validUntil"] = validUntil;
        return await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
    }

    private static async Task<string> PageAsync(HttpClient client, string url)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<meta (?:property|name)=\"(?<name>[^\"]+)\" content=\"(?<content>[^\"]*)\">")]
    private static partial Regex Meta();

    [Fact]
    public async Task A_browser_gets_the_badge_page_with_verdict_facts_links_and_previews()
    {
        JsonObject award = await IssueAsync();
        string url = award["links"]!["credential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        string page = await PageAsync(anonymous, url);

        Dictionary<string, string> meta = Meta().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["content"].Value));
        Assert.Equal("Basic Performance Assessment Design — Riverside Center for Teacher Learning", meta["og:title"]);
        Assert.Equal(url + ".png", meta["og:image"]);
        Assert.Equal(url, meta["og:url"]);
        Assert.Equal("summary", meta["twitter:card"]);
        Assert.Contains("<h1>Basic Performance Assessment Design</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Valid</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}.json\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}.jwt\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}.png\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}.svg\"", page, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"QR code linking to this badge page\"", page, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(page) < 100 * 1024, $"the page weighs {Encoding.UTF8.GetByteCount(page)} bytes");
        string linkedIn = WebUtility.HtmlDecode(Regex.Match(page, "href=\"(https://www.linkedin.com/profile/add[^\"]+)\"").Groups[1].Value);
        Assert.StartsWith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Basic%20Performance%20Assessment%20Design&organizationName=", linkedIn, StringComparison.Ordinal);
        Assert.Contains("&issueYear=2026&issueMonth=11", linkedIn, StringComparison.Ordinal);
        Assert.Contains("&certUrl=" + Uri.EscapeDataString(url), linkedIn, StringComparison.Ordinal);
        Assert.Contains("&certId=" + Uri.EscapeDataString(award["credentialId"]!.GetValue<string>()), linkedIn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/html;q=0.5")]
    public async Task Api_clients_still_get_json_by_content_negotiation(string accept)
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();
        using HttpRequestMessage request = new(HttpMethod.Get, award["links"]!["credential"]!.GetValue<string>());
        request.Headers.Accept.ParseAdd(accept);

        HttpResponseMessage response = await anonymous.SendAsync(request);

        Assert.EndsWith("json", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        Assert.Equal("Accept", response.Headers.Vary.Single());
    }

    [Fact]
    public async Task An_expired_badge_says_so_plainly_on_its_page()
    {
        using ApiFactory api = new();
        JsonObject award = await IssueAsync(api, "2027-01-01T00:00:00Z");
        api.Time.Advance(TimeSpan.FromDays(90));
        using HttpClient anonymous = api.Anonymous();

        string page = await PageAsync(anonymous, award["links"]!["credential"]!.GetValue<string>() + ".html");

        Assert.Contains("<strong>Expired</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Expires on</dt><dd>1 January 2027</dd>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("svg", "image/svg+xml")]
    public async Task The_baked_image_carries_the_signed_credential_and_verifies_as_valid(string extension, string mediaType)
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage image = await anonymous.GetAsync($"{award["links"]!["credential"]}.{extension}");
        byte[] bytes = await image.Content.ReadAsByteArrayAsync();

        Assert.Equal(mediaType, image.Content.Headers.ContentType!.MediaType);
        string baked = extension == "png" ? PngBaking.Unbake(bytes)! : SvgBaking.Unbake(Encoding.UTF8.GetString(bytes))!;
        Assert.Equal(award["credential"]!.ToJsonString(), JsonNode.Parse(baked)!.ToJsonString());
        ByteArrayContent content = new(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", content)).ReadObjectAsync();
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal(extension, report["credential"]!["container"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_baked_png_whose_credential_was_changed_is_invalid_with_the_reason()
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();
        byte[] png = await anonymous.GetByteArrayAsync($"{award["links"]!["credential"]}.png");
        JsonObject credential = JsonNode.Parse(PngBaking.Unbake(png)!)!.AsObject();
        credential["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";
        ByteArrayContent content = new(PngBaking.Bake(png, credential.ToJsonString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");

        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", content)).ReadObjectAsync();

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Contains(report["checks"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "signature-mismatch");
    }

    [Fact]
    public async Task The_verify_page_works_without_javascript_for_pasted_text()
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();

        string form = await anonymous.GetStringAsync("/verify");
        HttpResponseMessage posted = await anonymous.PostAsync("/verify", new FormUrlEncodedContent([new("credential", await Journey.JwtAsync(_api, award))]));
        string result = await posted.Content.ReadAsStringAsync();

        Assert.Contains("<form method=\"post\" action=\"/verify\" enctype=\"multipart/form-data\">", form, StringComparison.Ordinal);
        Assert.Contains("<label for=\"credential\">", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("<strong>Valid</strong>", result, StringComparison.Ordinal);
        Assert.Contains("Basic Performance Assessment Design", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_link_to_our_own_badge_is_verified_from_the_store()
    {
        JsonObject award = await IssueAsync();
        using HttpClient anonymous = _api.Anonymous();

        string result = await (await anonymous.PostAsync("/verify", new FormUrlEncodedContent([new("credential", award["links"]!["credential"]!.GetValue<string>())]))).Content.ReadAsStringAsync();

        Assert.Contains("<strong>Valid</strong>", result, StringComparison.Ordinal);
        Assert.Contains("json in url", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_verify_form_is_answered_with_the_form_and_a_message()
    {
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await anonymous.PostAsync("/verify", new FormUrlEncodedContent([new("credential", "  ")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("role=\"alert\">Paste a credential or a link, or choose a file.</p>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
