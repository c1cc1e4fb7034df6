using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Tests;

/// <summary>Malformed, oversized, hostile and unexpected input: always a 4xx problem with a stable type, never a 5xx.</summary>
public sealed class BadInputTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public BadInputTests(ApiFactory api) => _api = api;

    private async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string? pointer = null)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonObject problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal($"{ApiFactory.BaseUrl}/problems/{type}", problem["type"]!.GetValue<string>());
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        if (pointer is not null)
            Assert.Contains(problem["errors"]!.AsArray(), e => e!["pointer"]!.GetValue<string>() == pointer);
        return problem;
    }

    public static TheoryData<string, string, string?> MalformedBodies => new()
    {
        { "{\"name\": \"x\",}", "malformed-json", null },
        { "{\"name\": ", "malformed-json", null },
        { "not json at all", "malformed-json", null },
        { "", "malformed-json", null },
        { "{\"name\": \"x\"} trailing", "malformed-json", null },
        { "{\"name\": 'single quotes'}", "malformed-json", null },
        { "{\"name\": \"x\" /* comment */}", "malformed-json", null },
        { "null", "invalid-field", "" },
        { "[]", "invalid-field", "" },
        { "42", "invalid-field", "" },
        { "{\"name\": 42}", "invalid-field", "/name" },
        { "{\"name\": null}", "invalid-field", "/name" },
        { "{\"name\": [\"a\"]}", "invalid-field", "/name" },
        { "{}", "invalid-field", "" },
        { "{\"url\": \"https://example.org\"}", "invalid-field", "" },
        { "{\"name\": \"x\", \"colour\": \"blue\"}", "invalid-field", "/colour" },
        { "{\"name\": \"x\", \"Name\": \"y\"}", "invalid-field", "/Name" },
    };

    /// <summary>Issuer bodies of the right shape whose values are refused: 422 naming the field.</summary>
    public static TheoryData<string, string> RefusedIssuerValues => new()
    {
        { "{\"name\": \"   \"}", "/name" },
        { "{\"name\": \"x\", \"url\": \"not a url\"}", "/url" },
        { "{\"name\": \"x\", \"url\": \"javascript:alert(1)\"}", "/url" },
        { "{\"name\": \"x\", \"email\": \"nobody\"}", "/email" },
        { "{\"name\": \"x\", \"image\": \"file:///etc/passwd\"}", "/image" },
    };

    [Theory, MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_issuer_body_is_a_400_problem(string body, string type, string? pointer)
    {
        using HttpClient admin = _api.Admin();
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, type, pointer);
    }

    [Theory, MemberData(nameof(RefusedIssuerValues))]
    public async Task A_refused_issuer_value_is_a_422_problem_naming_the_field(string body, string pointer)
    {
        using HttpClient admin = _api.Admin();
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid-field", pointer);
    }

    public static TheoryData<string, string, HttpStatusCode> BadAchievementFields => new()
    {
        { "/criteria", """{"name":"n","description":"d","criteria":{}}""", HttpStatusCode.UnprocessableEntity },
        { "/achievementType", """{"name":"n","description":"d","criteria":{"narrative":"c"},"achievementType":"Trophy"}""", HttpStatusCode.UnprocessableEntity },
        { "/creditsAvailable", """{"name":"n","description":"d","criteria":{"narrative":"c"},"creditsAvailable":-1}""", HttpStatusCode.UnprocessableEntity },
        { "/creditsAvailable", """{"name":"n","description":"d","criteria":{"narrative":"c"},"creditsAvailable":"one"}""", HttpStatusCode.BadRequest },
        { "/resultDescription/0/key", """{"name":"n","description":"d","criteria":{"narrative":"c"},"resultDescription":[{"key":"Bad Key","name":"r","resultType":"Percent"}]}""", HttpStatusCode.UnprocessableEntity },
        { "/resultDescription/0/resultType", """{"name":"n","description":"d","criteria":{"narrative":"c"},"resultDescription":[{"key":"r","name":"r","resultType":"Vibes"}]}""", HttpStatusCode.UnprocessableEntity },
        { "/criteriaRules/requiredResults/0/resultDescription", """{"name":"n","description":"d","criteria":{"narrative":"c"},"criteriaRules":{"requiredResults":[{"resultDescription":"missing"}]}}""", HttpStatusCode.UnprocessableEntity },
        { "/criteriaRules/requiredResults/0/minimumLevel", """{"name":"n","description":"d","criteria":{"narrative":"c"},"resultDescription":[{"key":"r","name":"r","resultType":"RubricCriterion","rubricCriterionLevel":[{"key":"ok","name":"OK"}]}],"criteriaRules":{"requiredResults":[{"resultDescription":"r","minimumLevel":"great"}]}}""", HttpStatusCode.UnprocessableEntity },
        { "/criteriaRules/requiredResults/0/minimumValue", """{"name":"n","description":"d","criteria":{"narrative":"c"},"resultDescription":[{"key":"r","name":"r","resultType":"Percent","valueMax":"100"}],"criteriaRules":{"requiredResults":[{"resultDescription":"r","minimumValue":"120"}]}}""", HttpStatusCode.UnprocessableEntity },
        { "/criteriaRules/minimumResultsMet", """{"name":"n","description":"d","criteria":{"narrative":"c"},"criteriaRules":{"minimumResultsMet":2}}""", HttpStatusCode.UnprocessableEntity },
        { "/criteriaRules/minimumEvidence", """{"name":"n","description":"d","criteria":{"narrative":"c"},"criteriaRules":{"minimumEvidence":-3}}""", HttpStatusCode.UnprocessableEntity },
        { "/alignment/0/targetUrl", """{"name":"n","description":"d","criteria":{"narrative":"c"},"alignment":[{"targetName":"t","targetUrl":"nope"}]}""", HttpStatusCode.UnprocessableEntity },
    };

    [Theory, MemberData(nameof(BadAchievementFields))]
    public async Task An_invalid_achievement_field_is_refused_naming_the_field(string pointer, string body, HttpStatusCode status)
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(body));
        await AssertProblemAsync(response, status, "invalid-field", pointer);
    }

    public static TheoryData<string, string, HttpStatusCode> BadAwardFields => new()
    {
        { "/recipient", """{"recipient":{}}""", HttpStatusCode.UnprocessableEntity },
        { "/recipient/email", """{"recipient":{"email":"not-an-email"}}""", HttpStatusCode.UnprocessableEntity },
        { "/recipient/id", """{"recipient":{"id":"relative/id"}}""", HttpStatusCode.UnprocessableEntity },
        { "/results/0/achievedLevel", """{"recipient":{"email":"a@example.org"},"results":[{"resultDescription":"task-design","achievedLevel":"legendary"}]}""", HttpStatusCode.UnprocessableEntity },
        { "/results/1/resultDescription", """{"recipient":{"email":"a@example.org"},"results":[{"resultDescription":"task-design"},{"resultDescription":"task-design"}]}""", HttpStatusCode.UnprocessableEntity },
        { "/evidence/0", """{"recipient":{"email":"a@example.org"},"evidence":[{}]}""", HttpStatusCode.UnprocessableEntity },
        { "/evidence/0/id", """{"recipient":{"email":"a@example.org"},"evidence":[{"id":"not a uri"}]}""", HttpStatusCode.UnprocessableEntity },
        { "/validUntil", """{"recipient":{"email":"a@example.org"},"validUntil":"2020-01-01T00:00:00Z"}""", HttpStatusCode.UnprocessableEntity },
        { "/validUntil", """{"recipient":{"email":"a@example.org"},"validUntil":"next tuesday"}""", HttpStatusCode.BadRequest },
        { "/results", """{"recipient":{"email":"a@example.org"},"results":{"resultDescription":"task-design"}}""", HttpStatusCode.BadRequest },
    };

    [Theory, MemberData(nameof(BadAwardFields))]
    public async Task An_invalid_award_field_is_refused_naming_the_field(string pointer, string bodyWithoutAchievement, HttpStatusCode status)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = JsonNode.Parse(bodyWithoutAchievement)!.AsObject();
        body["achievementId"] = achievementId;
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body));
        await AssertProblemAsync(response, status, "invalid-field", pointer);
    }

    public static TheoryData<string, string> WrongTypes => new()
    {
        { """{"recipient":"a@example.org"}""", "/recipient has the wrong type; expected an object." },
        { """{"recipient":{"email":5}}""", "/recipient/email has the wrong type; expected a string." },
        { """{"recipient":{"email":"a@example.org"},"results":"task-design"}""", "/results has the wrong type; expected an array." },
        { """{"recipient":{"email":"a@example.org"},"evidence":[5]}""", "/evidence/0 has the wrong type; expected an object." },
        { """{"recipient":{"email":"a@example.org"},"notify":"yes"}""", "/notify has the wrong type; expected true or false." },
        { """{"recipient":{"email":"a@example.org"},"validUntil":5}""", "/validUntil has the wrong type; expected a date-time with a time zone, e.g. 2027-06-30T00:00:00Z." },
    };

    [Theory, MemberData(nameof(WrongTypes))]
    public async Task A_value_of_the_wrong_type_is_refused_naming_the_type_its_field_takes(string bodyWithoutAchievement, string detail)
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = JsonNode.Parse(bodyWithoutAchievement)!.AsObject();
        body["achievementId"] = achievementId;
        JsonObject problem = await AssertProblemAsync(await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body)), HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"awardIds":"x"}""", "/awardIds has the wrong type; expected an array.")]
    [InlineData("""{"awardIds":[1]}""", "/awardIds/0 has the wrong type; expected a string.")]
    [InlineData("""{"name":123}""", "/name has the wrong type; expected a string.")]
    [InlineData("[]", "The body has the wrong type; expected an object.")]
    public async Task A_learner_record_request_of_the_wrong_shape_names_what_its_field_takes(string body, string detail)
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient records = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, Scopes.ClrsIssue));
        HttpResponseMessage response = await records.PostAsync($"/api/v1/issuers/{issuerId}/recipients/a%40example.org/clr", Journey.Json(body));
        JsonObject problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-field");
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_is_413()
    {
        using HttpClient admin = _api.Admin();
        string huge = "{\"name\": \"" + new string('a', 1024 * 1024) + "\"}";
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", new StringContent(huge, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task A_body_far_over_the_server_limit_is_413_too()
    {
        using HttpClient admin = _api.Admin();
        byte[] huge = new byte[5 * 1024 * 1024];
        huge.AsSpan().Fill((byte)' ');
        using ByteArrayContent content = new(huge);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", content);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public async Task Nesting_deeper_than_64_levels_is_400(int depth)
    {
        using HttpClient admin = _api.Admin();
        string deep = "{\"name\":\"x\",\"description\":" + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}";
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", new StringContent(deep, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "json-too-deep");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task A_body_that_is_not_json_is_415(string? mediaType)
    {
        using HttpClient admin = _api.Admin();
        ByteArrayContent content = new(Encoding.UTF8.GetBytes(Journey.Sample("requests/issuer.json")));
        if (mediaType is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", content);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Invalid_utf8_in_json_is_400()
    {
        using HttpClient admin = _api.Admin();
        ByteArrayContent content = new([(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", content);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using HttpClient anonymous = _api.Anonymous();
        await AssertProblemAsync(await anonymous.GetAsync("/no/such/thing"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using HttpClient anonymous = _api.Anonymous();
        await AssertProblemAsync(await anonymous.DeleteAsync("/.well-known/jwks.json"), HttpStatusCode.MethodNotAllowed, "method-not-allowed");
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_is_a_400_problem()
    {
        using HttpClient admin = _api.Admin();
        await AssertProblemAsync(await admin.GetAsync("/api/v1/issuers?limit=lots"), HttpStatusCode.BadRequest, "bad-request");
    }

    [Theory]
    [InlineData("/credentials/doesnotexist")]
    [InlineData("/credentials/doesnotexist.jwt")]
    [InlineData("/credentials/x.exe")]
    [InlineData("/issuers/doesnotexist")]
    [InlineData("/keys/doesnotexist")]
    [InlineData("/issuers/a/achievements/b")]
    public async Task Unknown_public_documents_are_404_problems(string path)
    {
        using HttpClient anonymous = _api.Anonymous();
        await AssertProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("/credentials/%2e%2e%2f", "There is no credential '..%2f'.")]
    [InlineData("/clrs/%2e%2e%2f", "There is no learner record '..%2f'.")]
    [InlineData("/clrs/.json", "There is no learner record '.json'.")]
    public async Task A_public_document_name_that_is_not_an_id_with_an_extension_is_answered_as_an_unknown_id(string path, string detail)
    {
        // ASP.NET Core leaves an encoded slash encoded in a route value, so "%2e%2e%2f" arrives as "..%2f".
        using HttpClient anonymous = _api.Anonymous();
        JsonObject problem = await AssertProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.NotFound, "not-found");
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_if_match_is_412()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient admin = _api.Admin();
        using HttpRequestMessage request = new(HttpMethod.Put, $"/api/v1/issuers/{issuerId}") { Content = Journey.Json(Journey.Sample("requests/issuer.json")) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await AssertProblemAsync(await admin.SendAsync(request), HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Theory]
    [InlineData("text/plain", "")]
    [InlineData("application/json", "[1, 2]")]
    [InlineData("application/vc+ld+json", "{\"a\": 1, \"a\": 2}")]
    [InlineData("application/json", "{not json")]
    [InlineData("image/gif", "GIF89a")]
    public async Task Verify_rejects_unreadable_requests_with_a_problem(string mediaType, string body)
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", new StringContent(body, Encoding.UTF8, mediaType));
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
