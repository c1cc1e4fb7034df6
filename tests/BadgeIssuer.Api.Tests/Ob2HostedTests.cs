using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The Open Badges 2.0 hosted copy of every award (OB 2.0 §Assertion, §BadgeClass, §Profile; hosted verification), and
/// the OB 2.0 entries of the baked images (Open Badges Baking 1.0), for consumers that import only OB 2.0.
/// </summary>
public sealed class Ob2HostedTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    private static string AssertionPath(JsonObject award) => $"/ob2/assertions/{award["id"]!.GetValue<string>()}";

    [Fact]
    public async Task An_awards_hosted_assertion_resolves_to_its_badge_class_and_issuer_with_the_same_salted_hash()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        using HttpClient anonymous = api.Anonymous();

        HttpResponseMessage response = await anonymous.GetAsync(AssertionPath(award));
        JsonObject assertion = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://w3id.org/openbadges/v2", assertion["@context"]!.GetValue<string>());
        Assert.Equal("Assertion", assertion["type"]!.GetValue<string>());
        Assert.Equal(AssertionPath(award), PathOf(assertion["id"]!.GetValue<string>()));
        Assert.Equal("hosted", assertion["verification"]!["type"]!.GetValue<string>());
        JsonObject identifier = award["credential"]!["credentialSubject"]!["identifier"]!.AsArray()
            .Single(i => i!["identityType"]!.GetValue<string>() == "emailAddress")!.AsObject();
        Assert.Equal("email", assertion["recipient"]!["type"]!.GetValue<string>());
        Assert.True(assertion["recipient"]!["hashed"]!.GetValue<bool>());
        Assert.Equal(identifier["identityHash"]!.GetValue<string>(), assertion["recipient"]!["identity"]!.GetValue<string>());
        Assert.Equal(identifier["salt"]!.GetValue<string>(), assertion["recipient"]!["salt"]!.GetValue<string>());
        Assert.Equal(award["credential"]!["validFrom"]!.GetValue<string>(), assertion["issuedOn"]!.GetValue<string>());
        Assert.Equal(award["credential"]!["evidence"]!.AsArray().Count, assertion["evidence"]!.AsArray().Count);
        Assert.All(assertion["evidence"]!.AsArray(), e => Assert.Equal("Evidence", e!["type"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(PathOf(assertion["image"]!.GetValue<string>()))).StatusCode);

        JsonObject badge = await (await anonymous.GetAsync(PathOf(assertion["badge"]!.GetValue<string>()))).ReadObjectAsync();
        Assert.Equal("BadgeClass", badge["type"]!.GetValue<string>());
        Assert.Equal(assertion["badge"]!.GetValue<string>(), badge["id"]!.GetValue<string>());
        Assert.Equal(award["credential"]!["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>(), badge["name"]!.GetValue<string>());
        foreach (string required in (string[])["description", "image", "criteria", "issuer"]) Assert.NotNull(badge[required]);

        JsonObject issuer = await (await anonymous.GetAsync(PathOf(badge["issuer"]!.GetValue<string>()))).ReadObjectAsync();
        Assert.Equal("Issuer", issuer["type"]!.GetValue<string>());
        Assert.Equal(badge["issuer"]!.GetValue<string>(), issuer["id"]!.GetValue<string>());
        foreach (string required in (string[])["name", "url", "email"]) Assert.NotNull(issuer[required]);
        // Hosted verification's default scope: the assertion lives on the issuer Profile's origin.
        Assert.Equal(new Uri(issuer["id"]!.GetValue<string>()).GetLeftPart(UriPartial.Authority), new Uri(assertion["id"]!.GetValue<string>()).GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task A_badge_class_without_an_image_of_its_own_points_at_a_picture_that_is_served()
    {
        (string issuerId, string _, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject plain = Journey.SampleJson("achievements/performance-assessment-design.json");
        plain.Remove("image");
        string achievementId = await Journey.CreateAchievementAsync(client, issuerId, plain);
        using HttpClient anonymous = api.Anonymous();

        JsonObject badge = await (await anonymous.GetAsync($"/ob2/badges/{achievementId}")).ReadObjectAsync();
        HttpResponseMessage image = await anonymous.GetAsync(PathOf(badge["image"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.True(PngBaking.IsPng(await image.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData(":revoke", """{"reason": "Issued to the wrong teacher."}""", "Issued to the wrong teacher.")]
    [InlineData(":suspend", """{"reason": "Under review."}""", "Suspended: Under review.")]
    public async Task A_revoked_or_suspended_awards_assertion_is_gone_and_says_why(string action, string body, string reason)
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}{action}", Journey.Json(body))).StatusCode);
        using HttpClient anonymous = api.Anonymous();

        HttpResponseMessage response = await anonymous.GetAsync(AssertionPath(award));
        JsonObject gone = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.True(gone["revoked"]!.GetValue<bool>());
        Assert.Equal(reason, gone["revocationReason"]!.GetValue<string>());
        Assert.Equal(AssertionPath(award), PathOf(gone["id"]!.GetValue<string>()));
        Assert.Null(gone["recipient"]);
    }

    [Fact]
    public async Task Baked_images_carry_the_ob2_assertion_url_beside_the_ob3_credential()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        using HttpClient anonymous = api.Anonymous();
        string credentialPath = PathOf(award["credential"]!["id"]!.GetValue<string>());

        byte[] png = await anonymous.GetByteArrayAsync(credentialPath + ".png");
        string svg = await anonymous.GetStringAsync(credentialPath + ".svg");

        Assert.Equal(AssertionPath(award), PathOf(PngBaking.UnbakeOb2(png)!));
        Assert.Equal(award["credential"]!["id"]!.GetValue<string>(), JsonNode.Parse(PngBaking.Unbake(png)!)!["id"]!.GetValue<string>());
        Assert.Equal(AssertionPath(award), PathOf(SvgBaking.UnbakeOb2(svg)!));
        Assert.Contains("<openbadges:assertion xmlns:openbadges=\"http://openbadges.org\"", svg, StringComparison.Ordinal);
        Assert.Equal(award["credential"]!["id"]!.GetValue<string>(), JsonNode.Parse(SvgBaking.Unbake(svg)!)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_issuer_can_turn_the_ob2_copies_off()
    {
        using HttpClient admin = api.Admin();
        JsonObject draft = Journey.SampleJson("requests/issuer.json");
        draft["ob2Compatibility"] = false;
        JsonObject issuer = await (await admin.PostAsync("/api/v1/issuers", Journey.Json(draft))).ReadObjectAsync();
        string issuerId = issuer["id"]!.GetValue<string>();
        string achievementId = await Journey.CreateAchievementAsync(admin, issuerId);
        JsonObject award = await (await admin.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        using HttpClient anonymous = api.Anonymous();

        Assert.False(issuer["ob2Compatibility"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(AssertionPath(award))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/ob2/badges/{achievementId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/ob2/issuers/{issuerId}")).StatusCode);
        Assert.Null(PngBaking.UnbakeOb2(await anonymous.GetByteArrayAsync(PathOf(award["credential"]!["id"]!.GetValue<string>()) + ".png")));
    }

    private static JsonObject Check(JsonObject report, string name) =>
        report["checks"]!.AsArray().First(c => c!["check"]!.GetValue<string>() == name)!.AsObject();

    private async Task<JsonObject> VerifyAsync(HttpContent body)
    {
        using HttpClient anonymous = api.Anonymous();
        return await (await anonymous.PostAsync("/api/v1/verify", body)).ReadObjectAsync();
    }

    [Fact]
    public async Task Our_verifier_reads_a_hosted_assertion_by_url_and_reports_it_as_ob2()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        string url = award["credential"]!["id"]!.GetValue<string>().Replace("/credentials/", "/ob2/assertions/", StringComparison.Ordinal);

        JsonObject report = await VerifyAsync(Journey.Json(new JsonObject { ["url"] = url, ["recipient"] = "Jordan.Lee@District.example.org" }));

        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("ob2-hosted", report["credential"]!["format"]!.GetValue<string>());
        Assert.Equal(url, report["credential"]!["id"]!.GetValue<string>());
        Assert.Equal(award["credential"]!["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>(), report["credential"]!["achievementName"]!.GetValue<string>());
        Assert.Equal("ob2-hosted-verified", Check(report, "hosted")["code"]!.GetValue<string>());
        Assert.Equal("issuer-identity-proven", Check(report, "issuer-identity")["code"]!.GetValue<string>());
        Assert.Equal("recipient-matched", Check(report, "recipient")["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_revoked_hosted_assertion_verifies_invalid_with_the_issuers_reason()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(api);
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Awarded in error."}"""));
        string url = award["credential"]!["id"]!.GetValue<string>().Replace("/credentials/", "/ob2/assertions/", StringComparison.Ordinal);

        JsonObject report = await VerifyAsync(Journey.Json(new JsonObject { ["url"] = url }));

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("revoked", Check(report, "status")["code"]!.GetValue<string>());
        Assert.Contains("Awarded in error.", Check(report, "status")["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ob2_only_baked_svg_and_a_posted_assertion_are_verified_through_the_hosted_copy()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(api);
        using HttpClient anonymous = api.Anonymous();
        JsonObject assertion = await (await anonymous.GetAsync(AssertionPath(award))).ReadObjectAsync();
        string url = assertion["id"]!.GetValue<string>();
        string svg = $"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="{url}"/><circle r="4"/></svg>""";

        JsonObject baked = await VerifyAsync(new StringContent(svg, System.Text.Encoding.UTF8, "image/svg+xml"));
        JsonObject posted = await VerifyAsync(Journey.Json(assertion));
        assertion["recipient"]!["identity"] = "sha256$" + new string('0', 64);
        JsonObject tampered = await VerifyAsync(Journey.Json(assertion));

        Assert.Equal(("valid", "svg", "ob2-hosted"), (baked["status"]!.GetValue<string>(), baked["credential"]!["container"]!.GetValue<string>(), baked["credential"]!["format"]!.GetValue<string>()));
        Assert.Equal("valid", posted["status"]!.GetValue<string>());
        Assert.Equal("ob2-hosted-verified", Check(posted, "hosted")["code"]!.GetValue<string>());
        Assert.Equal("ob2-presented-differs", Check(tampered, "hosted")["code"]!.GetValue<string>());
    }
}
