using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>OB 3.0 narratives rendered as Markdown on the pages: CommonMark, raw HTML off, only http(s) links.</summary>
public sealed class MarkdownTests : IClassFixture<ApiFactory>
{
    private const string Narrative = """
        Scored **Proficient** on every component:

        - a performance task
        - an analytic rubric

        See [the portfolio](https://portfolio.example.org/jlee?a=1&b=2).

        <script>alert('narrative')</script>

        Photo: <img src=x onerror="alert('img')">

        [Click me](javascript:alert('link'))
        """;

    private readonly ApiFactory _api;

    public MarkdownTests(ApiFactory api) => _api = api;

    [Fact]
    public void Bold_lists_and_http_links_render_as_their_elements()
    {
        string html = Markdown.ToHtml(Narrative);

        Assert.Contains("<strong>Proficient</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<ul>\n<li>a performance task</li>\n<li>an analytic rubric</li>\n</ul>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://portfolio.example.org/jlee?a=1&amp;b=2\" rel=\"nofollow noopener\">the portfolio</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_html_is_shown_escaped_and_never_as_markup()
    {
        string html = Markdown.ToHtml(Narrative);

        Assert.Contains("&lt;script&gt;alert('narrative')&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=&quot;alert('img')&quot;&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[Click me](javascript:alert(1))", "<p>Click me</p>")]
    [InlineData("[Click me](JavaScript:alert(1))", "<p>Click me</p>")]
    [InlineData("[Click me](&#106;avascript:alert(1))", "<p>Click me</p>")]
    [InlineData("[Click me][x]\n\n[x]: javascript:alert(1)", "<p>Click me</p>")]
    [InlineData("<javascript:alert(1)>", "<p>javascript:alert(1)</p>")]
    [InlineData("[Data](data:text/html;base64,PHNjcmlwdD4=)", "<p>Data</p>")]
    [InlineData("[Relative](/api/v1/issuers)", "<p>Relative</p>")]
    [InlineData("[Mail](mailto:a@example.org)", "<p>Mail</p>")]
    [InlineData("<a@example.org>", "<p>a@example.org</p>")]
    [InlineData("![Rubric **scan**](https://tracker.example.org/pixel.png)", "<p>Rubric <strong>scan</strong></p>")]
    [InlineData("[![logo](https://example.org/l.png)](javascript:alert(1))", "<p>logo</p>")]
    public void Links_other_than_http_and_images_render_as_their_text(string markdown, string expected) =>
        Assert.Equal(expected, Markdown.ToHtml(markdown).TrimEnd('\n'));

    [Fact]
    public void An_autolink_to_an_https_url_stays_a_link()
    {
        Assert.Equal(
            "<p><a href=\"https://example.org/criteria\" rel=\"nofollow noopener\">https://example.org/criteria</a></p>",
            Markdown.ToHtml("<https://example.org/criteria>").TrimEnd('\n'));
    }

    [Fact]
    public void A_narratives_headings_sit_below_the_pages_own()
    {
        Assert.Equal("<h3>Steps</h3>\n<h6>Deep</h6>", Markdown.ToHtml("# Steps\n###### Deep").TrimEnd('\n'));
    }

    [Fact]
    public async Task The_badge_page_renders_the_narratives_as_markdown_and_escapes_raw_html()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        body["narrative"] = Narrative;
        body["evidence"]![0]!["narrative"] = "Reviewed by **two** assessors. [Evil](javascript:alert('evidence'))";
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
        using HttpClient anonymous = _api.Anonymous();
        string url = award["links"]!["credential"]!.GetValue<string>() + ".html";

        HttpResponseMessage response = await anonymous.GetAsync(url);
        string page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("must reach <strong>Proficient</strong> or higher", page, StringComparison.Ordinal);
        Assert.Contains("Scored <strong>Proficient</strong> on every component", page, StringComparison.Ordinal);
        Assert.Contains("<li>a performance task</li>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://portfolio.example.org/jlee?a=1&amp;b=2\" rel=\"nofollow noopener\">the portfolio</a>", page, StringComparison.Ordinal);
        Assert.Contains("Reviewed by <strong>two</strong> assessors. Evil", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert('narrative')&lt;/script&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain("alert('narrative')</script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        string policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.StartsWith("default-src 'none'; script-src 'sha256-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal(page, await anonymous.GetStringAsync(url));
    }
}
