using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>Every way an employer can hand a credential to <c>POST /api/v1/verify</c>, and the expected recipient.</summary>
public sealed class VerifyInputTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public VerifyInputTests(ApiFactory api) => _api = api;

    private async Task<JsonObject> IssueAsync(string? email = null)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        if (email is not null) body["recipient"]!["email"] = email;
        return await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpContent content, string query = "")
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify" + query, content);
        return (response.StatusCode, await response.ReadObjectAsync());
    }

    private static string Code(JsonObject report, string check) =>
        report["checks"]!.AsArray().First(c => c!["check"]!.GetValue<string>() == check)!["code"]!.GetValue<string>();

    [Fact]
    public async Task A_url_of_a_credential_this_service_hosts_is_read_from_the_store_and_verified()
    {
        JsonObject award = await IssueAsync();

        (HttpStatusCode status, JsonObject report) = await PostAsync(Journey.Json(new JsonObject { ["url"] = award["links"]!["credential"]!.GetValue<string>() }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("url", report["credential"]!["container"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_jwt_url_of_a_hosted_credential_verifies_as_a_jwt()
    {
        JsonObject award = await IssueAsync();

        (_, JsonObject report) = await PostAsync(Journey.Json(new JsonObject { ["url"] = award["links"]!["jwt"]!.GetValue<string>() }));

        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("vc-jwt", report["credential"]!["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_url_on_a_host_that_is_not_allowed_is_not_fetched()
    {
        (HttpStatusCode status, JsonObject report) = await PostAsync(Journey.Json(new JsonObject { ["url"] = "https://169.254.169.254/latest/meta-data" }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("indeterminate", report["status"]!.GetValue<string>());
        Assert.Equal("not-fetched", Code(report, "format"));
    }

    [Fact]
    public async Task A_credential_wrapped_in_a_request_with_the_expected_recipient_is_matched()
    {
        JsonObject award = await IssueAsync("ada.lovelace@district.example");

        (_, JsonObject match) = await PostAsync(Journey.Json(new JsonObject { ["credential"] = award["credential"]!.DeepClone(), ["recipient"] = "ada.lovelace@district.example" }));
        (_, JsonObject other) = await PostAsync(Journey.Json(new JsonObject { ["credential"] = await Journey.JwtAsync(_api, award), ["recipient"] = new JsonObject { ["identity"] = "someone@else.example", ["identityType"] = "emailAddress" } }));

        Assert.Equal("recipient-matched", Code(match, "recipient"));
        Assert.Equal("valid", match["status"]!.GetValue<string>());
        Assert.Equal("recipient-mismatch", Code(other, "recipient"));
        Assert.Equal("invalid", other["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_raw_jwt_takes_the_expected_recipient_from_the_query()
    {
        JsonObject award = await IssueAsync("grace@district.example");

        (_, JsonObject report) = await PostAsync(new StringContent(await Journey.JwtAsync(_api, award), Encoding.UTF8, "text/plain"), "?recipient=grace%40district.example&recipientType=emailAddress");

        Assert.Equal("recipient-matched", Code(report, "recipient"));
    }

    [Fact]
    public async Task A_multipart_upload_of_a_json_file_is_verified()
    {
        JsonObject award = await IssueAsync();
        using MultipartFormDataContent form = new();
        ByteArrayContent file = new(Encoding.UTF8.GetBytes(award["credential"]!.ToJsonString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "badge.json");

        (HttpStatusCode status, JsonObject report) = await PostAsync(form);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("valid", report["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"url": "ftp://example.org/badge"}""", "invalid-field")]
    [InlineData("""{"url": "not a url"}""", "invalid-field")]
    [InlineData("""{"credential": {}, "url": "https://example.org/b"}""", "invalid-field")]
    [InlineData("""{"hello": 1}""", "invalid-field")]
    [InlineData("""{}""", "invalid-field")]
    [InlineData("""{"credential": 42}""", "invalid-field")]
    [InlineData("""{"credential": "x", "recipient": 5}""", "invalid-field")]
    [InlineData("""[1, 2]""", "invalid-field")]
    [InlineData("""{"credential": """, "malformed-json")]
    public async Task A_malformed_request_gets_a_400_problem(string body, string type)
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", Journey.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith("/problems/" + type, (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_media_type_gets_a_415_problem_listing_the_accepted_ones()
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", new StringContent("x", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("image/png", (await response.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jwt_of_megabytes_gets_a_413_problem()
    {
        string huge = "eyJhbGciOiJSUzI1NiJ9." + new string('A', 3 * 1024 * 1024) + ".sig";
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", new StringContent(huge, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Json_nested_thousands_deep_gets_a_400_problem()
    {
        string deep = "{\"credential\":" + string.Concat(Enumerable.Repeat("[", 5000)) + string.Concat(Enumerable.Repeat("]", 5000)) + "}";
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", Journey.Json(deep));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.EndsWith("/problems/json-too-deep", (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deeply_nested_credential_inside_a_jwt_is_a_failed_format_check()
    {
        string payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000));
        (HttpStatusCode status, JsonObject report) = await PostAsync(new StringContent($"eyJhbGciOiJSUzI1NiJ9.{payload}.c2ln", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("not-a-jwt", Code(report, "format"));
    }
}
