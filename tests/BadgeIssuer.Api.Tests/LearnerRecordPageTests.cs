using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Api.Tests.PublicPages;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// A learner record's page and PNG at /clrs/{id}: the page lists each credential the record holds with its status
/// today (a revocation after signing shows at once), says when the record is revoked or partial, and escapes what
/// programs name; the PNG carries the signed record.
/// </summary>
public sealed partial class LearnerRecordPageTests : IClassFixture<ApiFactory>
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private readonly ApiFactory _api;

    public LearnerRecordPageTests(ApiFactory api) => _api = api;

    /// <summary>A teacher's four micro-credentials and their certificate, and a record of them (or of <paramref name="body"/>'s choice).</summary>
    internal static async Task<(Pathway Pathway, string[] Micros, string Certificate, JsonObject Record)> RecordAsync(ApiFactory api, Func<string[], JsonObject>? body = null)
    {
        Pathway pathway = await Pathway.CreateAsync(api, Scopes.ClrsIssue);
        List<string> micros = [];
        foreach (string achievementId in pathway.Micros)
            micros.Add((await (await pathway.AwardAsync(achievementId)).ReadObjectAsync())["id"]!.GetValue<string>());
        await api.SideEffectsDoneAsync();
        string certificate = Assert.Single(await pathway.AwardsOfAsync(pathway.Certificate))!["id"]!.GetValue<string>();
        HttpResponseMessage created = await pathway.Client.PostAsync(
            $"/api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clr", body is null ? null : Journey.Json(body([.. micros])));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (pathway, [.. micros], certificate, await created.ReadObjectAsync());
    }

    private static async Task<HttpResponseMessage> PageAsync(HttpClient client, string url, string? ifNoneMatch = null)
    {
        using HttpRequestMessage request = new(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(BrowserAccept);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.ParseAdd(ifNoneMatch);
        return await client.SendAsync(request);
    }

    private static async Task<string> HtmlAsync(HttpClient client, string url)
    {
        HttpResponseMessage response = await PageAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The list items of the page's credentials, each as its markup.</summary>
    private static string[] Items(string page) =>
        [.. Regex.Match(page, "<ol class=\"credentials\"[^>]*>(?<items>.*?)</ol>", RegexOptions.Singleline).Groups["items"].Value
            .Split("<li>", StringSplitOptions.RemoveEmptyEntries)];

    private static string ItemOf(string page, string awardId) => Assert.Single(Items(page), i => i.Contains($"/credentials/{awardId}.html\"", StringComparison.Ordinal));

    [GeneratedRegex("<meta (?:property|name)=\"(?<name>[^\"]+)\" content=\"(?<content>[^\"]*)\">")]
    private static partial Regex Meta();

    [Fact]
    public async Task A_browser_gets_the_page_listing_each_credential_with_its_type_credits_stack_and_status()
    {
        (_, string[] micros, string certificate, JsonObject record) = await RecordAsync(_api);
        string url = record["url"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await PageAsync(anonymous, url);
        string page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("Accept", response.Headers.Vary.Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(page, await HtmlAsync(anonymous, url + ".html"));

        Assert.Contains("<h1>Comprehensive Learner Record from Riverside Center for Teacher Learning</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Current</strong>The issuer has not revoked this record, and every credential in it is valid today.", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Learner</dt><dd>Sam Rivera</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Issued on</dt><dd>25 November 2026</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Holds</dt><dd>5 credentials</dd>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Pathway.Teacher, page, StringComparison.Ordinal);
        Assert.DoesNotContain("holds some of", page, StringComparison.Ordinal);

        Assert.Equal(5, Items(page).Length);
        string[] names = ["Basic performance assessment design", "Rubric design", "Feedback for learning", "Data-driven instruction"];
        for (int i = 0; i < 4; i++)
        {
            string item = ItemOf(page, micros[i]);
            Assert.Contains($">{names[i]}</a></h3>", item, StringComparison.Ordinal);
            Assert.Contains("<strong>Valid</strong>", item, StringComparison.Ordinal);
            Assert.Contains("<dt>Type</dt><dd>Micro credential</dd>", item, StringComparison.Ordinal);
            Assert.Contains("<dt>Credits</dt><dd>1.5</dd>", item, StringComparison.Ordinal);
            Assert.Contains("<dt>Part of</dt><dd>Certificate in Assessment Literacy</dd>", item, StringComparison.Ordinal);
            Assert.Contains("<dt>Issued by</dt><dd>Riverside Center for Teacher Learning</dd>", item, StringComparison.Ordinal);
        }
        string stacked = ItemOf(page, certificate);
        Assert.Contains(">Certificate in Assessment Literacy</a></h3>", stacked, StringComparison.Ordinal);
        Assert.Contains("<dt>Type</dt><dd>Certificate</dd>", stacked, StringComparison.Ordinal);
        Assert.DoesNotContain("Part of", stacked, StringComparison.Ordinal);
        Assert.DoesNotContain("Credits", stacked, StringComparison.Ordinal);

        Dictionary<string, string> meta = Meta().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["content"].Value));
        Assert.Equal("Comprehensive Learner Record from Riverside Center for Teacher Learning — Riverside Center for Teacher Learning", meta["og:title"]);
        Assert.Equal(url + ".png", meta["og:image"]);
        Assert.Equal(url, meta["og:url"]);
        Assert.Contains($"href=\"{url}.png\" download", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}.json\" download", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/verify\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_revoked_or_suspended_after_the_record_was_signed_shows_so_at_once_and_the_others_stay_valid()
    {
        (Pathway pathway, string[] micros, string certificate, JsonObject record) = await RecordAsync(_api);
        string url = record["url"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage before = await PageAsync(anonymous, url);

        Assert.Equal(HttpStatusCode.NotModified, (await PageAsync(anonymous, url, before.Headers.ETag!.ToString())).StatusCode);
        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[1]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        HttpResponseMessage after = await PageAsync(anonymous, url, before.Headers.ETag!.ToString());
        string page = await after.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Contains("<strong>Revoked</strong> on 25 November 2026. Reason given: Issued in error.", ItemOf(page, micros[1]), StringComparison.Ordinal);
        foreach (string awardId in (string[])[micros[0], micros[2], micros[3], certificate])
            Assert.Contains("<strong>Valid</strong>", ItemOf(page, awardId), StringComparison.Ordinal);
        Assert.Contains("<strong>Current</strong>The issuer has not revoked this record, but 1 of the 5 credentials in it is no longer valid", page, StringComparison.Ordinal);

        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[2]}:suspend", Journey.Json("""{"reason": "Under review by the program."}"""));
        page = await HtmlAsync(anonymous, url);

        Assert.Contains("<strong>Suspended</strong> since 25 November 2026", ItemOf(page, micros[2]), StringComparison.Ordinal);
        Assert.DoesNotContain("Under review", page, StringComparison.Ordinal);
        Assert.Contains("but 2 of the 5 credentials in it are no longer valid", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_past_its_valid_until_shows_expired_once_the_day_has_passed()
    {
        using ApiFactory api = new();
        Pathway pathway = await Pathway.CreateAsync(api, Scopes.ClrsIssue);
        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards", Journey.Json(new JsonObject
        {
            ["achievementId"] = pathway.Micros[0],
            ["recipient"] = new JsonObject { ["email"] = Pathway.Teacher, ["name"] = "Sam Rivera" },
            ["validUntil"] = "2027-01-01T00:00:00Z",
        }));
        JsonObject record = await (await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clr", null)).ReadObjectAsync();
        string url = record["url"]!.GetValue<string>();
        using HttpClient anonymous = api.Anonymous();

        string current = await HtmlAsync(anonymous, url);
        api.Time.Advance(TimeSpan.FromDays(90));
        string expired = await HtmlAsync(anonymous, url);

        Assert.Contains("<strong>Valid</strong> until 1 January 2027", current, StringComparison.Ordinal);
        Assert.Contains("<dt>Holds</dt><dd>1 credential</dd>", current, StringComparison.Ordinal);
        Assert.Contains("<strong>Expired</strong> on 1 January 2027", expired, StringComparison.Ordinal);
        Assert.Contains("The issuer has not revoked this record, but none of the credentials in it is valid today", expired, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_record_says_so_with_the_reason_and_date()
    {
        (Pathway pathway, _, _, JsonObject record) = await RecordAsync(_api);
        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/clrs/{record["id"]}:revoke", Journey.Json("""{"reason": "Replaced by a newer record."}"""));
        using HttpClient anonymous = _api.Anonymous();

        string page = await HtmlAsync(anonymous, record["url"]!.GetValue<string>() + ".html");

        Assert.Contains("<div class=\"verdict invalid\" role=\"status\"><strong>Revoked</strong>The issuer revoked this record on 25 November 2026; "
            + "the credentials in it keep their own status, shown below. Reason given: Replaced by a newer record.</div>", page, StringComparison.Ordinal);
        Assert.Equal(5, Items(page).Count(i => i.Contains("<strong>Valid</strong>", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_partial_record_says_plainly_that_it_holds_some_of_the_learners_credentials()
    {
        (_, string[] micros, _, JsonObject record) = await RecordAsync(_api, m => new JsonObject { ["awardIds"] = new JsonArray(m[0], m[2]) });
        using HttpClient anonymous = _api.Anonymous();

        string page = await HtmlAsync(anonymous, record["url"]!.GetValue<string>());

        Assert.Contains("<dt>Holds</dt><dd>2 credentials: this record holds some of the learner&#x27;s credentials from the issuer, not all of them</dd>", page, StringComparison.Ordinal);
        Assert.Equal(2, Items(page).Length);
        ItemOf(page, micros[0]);
        ItemOf(page, micros[2]);
        Assert.DoesNotContain("Part of", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_and_descriptions_from_programs_are_escaped()
    {
        const string Hostile = "<script>alert(\"x\")</script> & <img src=x onerror=alert(1)>";
        (_, _, _, JsonObject record) = await RecordAsync(_api, _ => new JsonObject { ["name"] = Hostile, ["description"] = Hostile });
        using HttpClient anonymous = _api.Anonymous();

        string page = await HtmlAsync(anonymous, record["url"]!.GetValue<string>());

        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        Assert.Contains("<h1>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<title>&lt;script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_png_is_the_record_picture_with_the_signed_record_baked_in()
    {
        (_, _, _, JsonObject record) = await RecordAsync(_api);
        string url = record["url"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage image = await anonymous.GetAsync(url + ".png");
        byte[] png = await image.Content.ReadAsByteArrayAsync();
        string json = await anonymous.GetStringAsync(url + ".json");

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=86400", image.Headers.CacheControl!.ToString());
        PngFile file = PngFile.Read(png);
        Assert.Equal((256, 256), (file.Width, file.Height));
        Assert.Equal(((byte)0xF5, (byte)0x9E, (byte)0x0B, (byte)255), file[128, 10]);
        Assert.Equal(((byte)0x1E, (byte)0x3A, (byte)0x8A, (byte)255), file[128, 24]);
        Assert.Equal(json, PngBaking.Unbake(png));
        Assert.True(JsonNode.DeepEquals(record["credential"], JsonNode.Parse(PngBaking.Unbake(png)!)));
        Assert.Equal(png, await anonymous.GetByteArrayAsync(url + ".png"));
        ByteArrayContent dropped = new(png);
        dropped.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        HttpResponseMessage verified = await anonymous.PostAsync("/api/v1/verify", dropped);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("png", (await verified.ReadObjectAsync())["credential"]!["container"]!.GetValue<string>());
        using HttpRequestMessage again = new(HttpMethod.Get, url + ".png");
        again.Headers.IfNoneMatch.Add(image.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa.html")]
    [InlineData("aaaaaaaaaaaaaaaaaaaa.png")]
    [InlineData("not an id.html")]
    [InlineData("{record}.svg")]
    [InlineData("{record}.jwt")]
    [InlineData("{record}.")]
    public async Task Unknown_records_and_forms_are_404_problems(string file)
    {
        (_, _, _, JsonObject record) = await RecordAsync(_api);
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await PageAsync(anonymous, "/clrs/" + Uri.EscapeDataString(file.Replace("{record}", record["id"]!.GetValue<string>(), StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Head_of_the_page_the_png_and_the_json_has_the_get_answers_header_fields_and_no_content()
    {
        using ApiFactory api = ApiFactory.OnLoopback();
        (_, _, _, JsonObject record) = await RecordAsync(api);
        string path = new Uri(record["url"]!.GetValue<string>()).PathAndQuery;
        using HttpClient anonymous = api.Anonymous();

        foreach (string form in (string[])[path, path + ".html", path + ".png", path + ".json"])
        {
            HttpResponseMessage get = await PageAsync(anonymous, form);
            using HttpRequestMessage request = new(HttpMethod.Head, form);
            request.Headers.Accept.ParseAdd(BrowserAccept);
            HttpResponseMessage head = await anonymous.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.ETag, head.Headers.ETag);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }
}
