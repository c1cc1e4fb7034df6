using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Hosting;

namespace BadgeIssuer.Api.Tests;

/// <summary>Every response carries the security headers; pages, SVG images and documents each get their own policy.</summary>
public sealed class SecurityHeaderTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public SecurityHeaderTests(ApiFactory api) => _api = api;

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? string.Join(", ", values) : "";

    internal static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, Header(response, "Strict-Transport-Security"));
    }

    private async Task<(string Id, HttpClient Client)> IssueAsync(Action<JsonObject>? changeAchievement = null)
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        HttpClient client = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, ApiFactory.IssuerScopes));
        JsonObject achievement = Journey.SampleJson("achievements/performance-assessment-design.json");
        changeAchievement?.Invoke(achievement);
        HttpResponseMessage created = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(achievement));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string achievementId = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
        HttpResponseMessage issued = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return ((await issued.ReadObjectAsync())["id"]!.GetValue<string>(), _api.Anonymous());
    }

    [Theory]
    [InlineData("{0}.html")]
    [InlineData("/verify")]
    public async Task Pages_carry_a_strict_content_security_policy_and_the_common_headers(string path)
    {
        (string id, HttpClient anonymous) = await IssueAsync();

        HttpResponseMessage response = await anonymous.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, "/credentials/" + id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        string policy = Header(response, "Content-Security-Policy");
        Assert.Equal(SecurityHeaders.PagePolicy(new Core.Configuration.BadgeIssuerOptions { PublicBaseUrl = ApiFactory.BaseUrl }), policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("base-uri 'none'", policy);
        Assert.Contains("form-action 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
    }

    [Fact]
    public async Task A_page_lists_the_hash_of_each_inline_style_and_script_it_carries()
    {
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await anonymous.GetAsync("/verify");
        string html = await response.Content.ReadAsStringAsync();
        string policy = Header(response, "Content-Security-Policy");

        foreach (string tag in new[] { "style", "script" })
        {
            int start = html.IndexOf($"<{tag}>", StringComparison.Ordinal) + tag.Length + 2;
            string inline = html[start..html.IndexOf($"</{tag}>", start, StringComparison.Ordinal)];
            string hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
            Assert.Contains($"{tag}-src 'sha256-{hash}'", policy);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(".json")]
    [InlineData(".jwt")]
    [InlineData(".png")]
    public async Task Credential_documents_load_nothing_and_cannot_be_framed(string extension)
    {
        (string id, HttpClient anonymous) = await IssueAsync();

        HttpResponseMessage response = await anonymous.GetAsync($"/credentials/{id}{extension}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal(SecurityHeaders.DocumentPolicy, Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task An_issuer_supplied_svg_image_is_served_with_a_policy_that_runs_no_script()
    {
        const string issuerSvg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(document.cookie)</script><circle cx="5" cy="5" r="4"/></svg>""";
        (string id, HttpClient anonymous) = await IssueAsync(achievement =>
            achievement["image"] = new JsonObject { ["id"] = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(issuerSvg)), ["caption"] = "An issuer's own image" });

        HttpResponseMessage response = await anonymous.GetAsync($"/credentials/{id}.svg");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("alert(document.cookie)", await response.Content.ReadAsStringAsync());
        AssertCommonHeaders(response);
        string policy = Header(response, "Content-Security-Policy");
        Assert.Equal(SecurityHeaders.SvgPolicy, policy);
        Assert.Contains("sandbox", policy);
        Assert.DoesNotContain("script-src", policy);
    }

    [Fact]
    public async Task Problem_responses_and_health_carry_the_headers_too()
    {
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage missing = await anonymous.GetAsync("/credentials/no-such-credential");
        HttpResponseMessage health = await anonymous.GetAsync("/health");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        AssertCommonHeaders(missing);
        Assert.Equal(SecurityHeaders.DocumentPolicy, Header(missing, "Content-Security-Policy"));
        AssertCommonHeaders(health);
    }

    [Fact]
    public async Task Swagger_ui_keeps_its_inline_scripts_and_gets_no_content_security_policy()
    {
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage ui = await anonymous.GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("nosniff", Header(ui, "X-Content-Type-Options"));
        Assert.Equal("", Header(ui, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Hsts_is_sent_only_when_the_public_base_url_is_https()
    {
        using ApiFactory plain = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:PublicBaseUrl"] = "http://badges.test" });
        using HttpClient anonymous = plain.Anonymous();

        HttpResponseMessage response = await anonymous.GetAsync("/verify");

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("", Header(response, "Strict-Transport-Security"));
    }
}
