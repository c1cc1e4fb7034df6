using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// One IRI rule for the API and the canonicalizer: every IRI a client sends is either refused with the field named,
/// or signed. Each row goes through JSON-LD safe mode to RDF and through every IRI field of issuers, achievements and awards.
/// </summary>
public sealed class IriRuleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>http(s) IRIs and whether RDF can hold them.</summary>
    public static TheoryData<string, bool> Iris => new()
    {
        { "https://example.org/evidence/1", true },
        { "https://example.org/evidence#part-2", true },
        { "https://example.org/a?q=1&r=two", true },
        { "https://example.org/\u00e9l\u00e8ve/travail", true },
        { "https://example.org/a%20b", true },
        { "https://x/a#b#c", false },
        { "https://example.org/a b", false },
        { "https://example.org/{id}", false },
        { "https://example.org/a|b", false },
        { "https://example.org/a^b", false },
        { "https://example.org/a`b", false },
        { "https://example.org/a\\b", false },
        { "https://example.org/\"quoted\"", false },
        { "https://example.org/<tag>", false },
    };

    [Theory, MemberData(nameof(Iris))]
    public void The_canonicalizer_holds_exactly_the_iris_the_rule_accepts(string iri, bool wellFormed)
    {
        JsonObject node = new() { ["@id"] = iri, ["https://schema.org/name"] = "x" };
        JsonLdOptions safe = new() { SafeMode = true };
        Assert.Equal(wellFormed, Iri.IsWellFormedAbsolute(iri));
        if (wellFormed) Assert.Single(JsonLdProcessor.ToRdf(node, safe).Quads);
        else Assert.Throws<JsonLdSafeModeException>(() => JsonLdProcessor.ToRdf(node, safe));
    }

    [Theory, MemberData(nameof(Iris))]
    public async Task An_iri_the_api_accepts_is_signed_and_one_it_refuses_is_named(string iri, bool wellFormed)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        using (client)
        {
            JsonObject issuer = Journey.SampleJson("requests/issuer.json");
            issuer["url"] = iri;
            issuer["image"] = iri;
            using HttpClient admin = api.Admin();
            await ExpectAsync(await admin.PostAsync("/api/v1/issuers", Journey.Json(issuer)), wellFormed, "/url", "/image");

            JsonObject achievement = Journey.SampleJson("achievements/performance-assessment-design.json");
            achievement["criteria"]!["id"] = iri;
            achievement["image"]!["id"] = iri;
            HttpResponseMessage created = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(achievement));
            await ExpectAsync(created, wellFormed, "/criteria/id", "/image/id");
            if (wellFormed) achievementId = (await created.ReadObjectAsync())["id"]!.GetValue<string>();

            JsonObject award = Journey.AwardBody("requests/award-met.json", achievementId);
            award["recipient"]!["id"] = iri;
            award["evidence"]![0]!["id"] = iri;
            HttpResponseMessage issued = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(award));
            await ExpectAsync(issued, wellFormed, "/recipient/id", "/evidence/0/id");
            if (wellFormed) Assert.True((await Journey.VerifyAsync(api, await issued.ReadObjectAsync()))["verified"]!.GetValue<bool>());
        }
    }

    private static async Task ExpectAsync(HttpResponseMessage response, bool accepted, params string[] pointers)
    {
        string body = await response.Content.ReadAsStringAsync();
        if (accepted)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
            return;
        }
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonArray errors = JsonNode.Parse(body)!["errors"]!.AsArray();
        foreach (string pointer in pointers)
            Assert.Contains(errors, e => e!["pointer"]!.GetValue<string>() == pointer && e["detail"]!.GetValue<string>().Contains("at most one '#'", StringComparison.Ordinal));
    }
}
