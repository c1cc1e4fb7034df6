using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The API binds the Core shapes and returns the Core records: an answer carries every field of the request it
/// stored, unchanged and under the same name, plus the record's own metadata and nothing else.
/// </summary>
public sealed class WireShapeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_achievement_answer_is_its_request_plus_id_issuer_public_url_times_and_version()
    {
        (string issuerId, string requiredId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject request = Journey.SampleJson("achievements/digital-fluency.json");
        request["image"] = new JsonObject { ["id"] = "https://badges.example.edu/df.png", ["caption"] = "Digital Fluency" };
        request["validForDays"] = 365;
        request["pathway"] = new JsonObject { ["requires"] = new JsonArray(requiredId), ["minimumRequired"] = 1, ["minimumCredits"] = 0.5 };
        request["criteriaRules"] = new JsonObject { ["minimumEvidence"] = 1 };

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(request));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject answer = await response.ReadObjectAsync();
        AssertRequestPlus(request, answer, "id", "issuerId", "publicUrl", "createdAt", "updatedAt", "version");
        Assert.Equal($"{api.PublicBaseUrl}/issuers/{issuerId}/achievements/{answer["id"]}", answer["publicUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_achievement_request_without_its_lists_is_answered_with_empty_lists()
    {
        (string issuerId, string _, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject request = new() { ["name"] = "Attendance", ["description"] = "Attended.", ["criteria"] = new JsonObject { ["narrative"] = "Attend." }, ["tag"] = null };

        JsonObject answer = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(request))).ReadObjectAsync();

        foreach (string list in new[] { "alignment", "tag", "resultDescription" }) Assert.Empty(answer[list]!.AsArray());
        Assert.Empty(answer["criteriaRules"]!["requiredResults"]!.AsArray());
        Assert.Equal(0, answer["criteriaRules"]!["minimumEvidence"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_issuer_answer_is_its_request_plus_id_profile_url_times_and_version()
    {
        using HttpClient admin = api.Admin();
        JsonObject request = Journey.SampleJson("requests/issuer.json");

        HttpResponseMessage response = await admin.PostAsync("/api/v1/issuers", Journey.Json(request));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject answer = await response.ReadObjectAsync();
        AssertRequestPlus(request, answer, "id", "profileUrl", "createdAt", "updatedAt", "version");
        Assert.Equal($"{api.PublicBaseUrl}/issuers/{answer["id"]}", answer["profileUrl"]!.GetValue<string>());
    }

    /// <summary>The answer holds each field of the request with an equal value, and besides them exactly <paramref name="metadata"/>.</summary>
    private static void AssertRequestPlus(JsonObject request, JsonObject answer, params string[] metadata)
    {
        Assert.Equal([.. request.Select(p => p.Key).Concat(metadata).Order(StringComparer.Ordinal)], [.. answer.Select(p => p.Key).Order(StringComparer.Ordinal)]);
        foreach ((string name, JsonNode? value) in request)
            Assert.True(JsonNode.DeepEquals(Normalised(value), Normalised(answer[name])), $"{name}: sent {value?.ToJsonString()}, answered {answer[name]?.ToJsonString()}");
    }

    /// <summary>The node with numbers as doubles and empty lists left out, so <c>1.0</c> equals <c>1</c> and an absent optional list equals <c>[]</c>.</summary>
    private static JsonNode? Normalised(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not JsonArray { Count: 0 }).Select(p => KeyValuePair.Create(p.Key, Normalised(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Normalised)]),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };
}
