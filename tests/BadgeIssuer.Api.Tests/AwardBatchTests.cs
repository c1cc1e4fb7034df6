using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary><c>POST .../award-batches</c>: 202 at once, then every entry issued, refused with reasons, or invalid with pointers.</summary>
public sealed class AwardBatchTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public AwardBatchTests(ApiFactory api) => _api = api;

    internal static async Task<JsonObject> CompletedAsync(HttpClient client, string location, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            JsonObject batch = await (await client.GetAsync(location + "?limit=1000")).ReadObjectAsync();
            if (batch["state"]!.GetValue<string>() == "completed") return batch;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The batch did not complete: {batch.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_mixed_batch_reports_each_entry_issued_not_met_or_invalid()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonArray entries = [];
        for (int i = 0; i < 6; i++) entries.Add(Journey.AwardBody("requests/award-met.json", achievementId));
        entries.Add(Journey.AwardBody("requests/award-unmet.json", achievementId));
        entries.Add(new JsonObject { ["achievementId"] = achievementId });
        JsonObject wrongType = Journey.AwardBody("requests/award-met.json", achievementId);
        wrongType["results"] = "all good";
        entries.Add(wrongType);

        HttpResponseMessage accepted = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = entries }));
        JsonObject batch = await CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal((9, 9, 6, 1, 2), (batch["total"]!.GetValue<int>(), batch["processed"]!.GetValue<int>(), batch["issued"]!.GetValue<int>(),
            batch["criteriaNotMet"]!.GetValue<int>(), batch["invalid"]!.GetValue<int>()));
        JsonArray results = batch["results"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 9), results.Select(r => r!["index"]!.GetValue<int>()));
        Assert.Equal(6, results.Where(r => r!["outcome"]!.GetValue<string>() == "issued").Select(r => r!["awardId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal("criteria-not-met", results[6]!["outcome"]!.GetValue<string>());
        Assert.NotEmpty(results[6]!["problems"]!.AsArray());
        Assert.Equal("/entries/7", results[7]!["problems"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal("/entries/8/results", results[8]!["problems"]![0]!["pointer"]!.GetValue<string>());
        string awardId = results[0]!["awardId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}")).StatusCode);
    }

    /// <summary>Submits a batch of <paramref name="count"/> met awards and returns the credentials it issued, in entry order.</summary>
    private static async Task<List<JsonObject>> IssueBatchAsync(HttpClient client, string issuerId, string achievementId, int count)
    {
        JsonArray entries = [];
        for (int i = 0; i < count; i++) entries.Add(Journey.AwardBody("requests/award-met.json", achievementId));
        HttpResponseMessage accepted = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = entries }));
        JsonObject batch = await CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        List<JsonObject> credentials = [];
        foreach (JsonNode? result in batch["results"]!.AsArray())
        {
            string awardId = result!["awardId"]!.GetValue<string>();
            credentials.Add((await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}")).ReadObjectAsync())["credential"]!.AsObject());
        }
        return credentials;
    }

    [Fact]
    public async Task A_key_rotation_and_an_achievement_edit_between_batches_show_in_the_next_batch()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        List<JsonObject> first = await IssueBatchAsync(client, issuerId, achievementId, 70);
        using HttpClient admin = _api.Admin();

        HttpResponseMessage rotated = await admin.PostAsync($"/api/v1/issuers/{issuerId}/keys:rotate", null);
        JsonObject edited = Journey.SampleJson("achievements/performance-assessment-design.json");
        edited["name"] = "Performance Assessment Design, revised";
        HttpResponseMessage replaced = await client.PutAsync($"/api/v1/issuers/{issuerId}/achievements/{achievementId}", Journey.Json(edited));
        List<JsonObject> second = await IssueBatchAsync(client, issuerId, achievementId, 70);

        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        static string Method(JsonObject credential) => credential["proof"]![0]!["verificationMethod"]!.GetValue<string>();
        static string Name(JsonObject credential) => credential["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>();
        Assert.Single(first.Select(Method).Distinct());
        Assert.Single(second.Select(Method).Distinct());
        Assert.NotEqual(Method(first[0]), Method(second[0]));
        Assert.All(first, c => Assert.Equal("Basic Performance Assessment Design", Name(c)));
        Assert.All(second, c => Assert.Equal("Performance Assessment Design, revised", Name(c)));
        JsonObject report = await Journey.VerifyAsync(_api, new JsonObject { ["credential"] = second[^1].DeepClone() });
        Assert.Equal("valid", report["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_resent_with_its_idempotency_key_is_the_same_batch()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = new() { ["entries"] = new JsonArray(Journey.AwardBody("requests/award-met.json", achievementId)) };
        async Task<HttpResponseMessage> SendAsync(JsonObject json)
        {
            using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/award-batches") { Content = Journey.Json(json) };
            request.Headers.Add("Idempotency-Key", "cohort-2026-fall");
            return await client.SendAsync(request);
        }

        HttpResponseMessage first = await SendAsync(body);
        HttpResponseMessage again = await SendAsync(body);
        JsonObject changed = body.DeepClone().AsObject();
        changed["entries"]!.AsArray().Add(Journey.AwardBody("requests/award-met.json", achievementId));
        HttpResponseMessage different = await SendAsync(changed);

        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
    }

    [Theory]
    [InlineData("""{"entries": []}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""{"entries": {}}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"entries": [], "extra": 1}""", HttpStatusCode.BadRequest)]
    [InlineData("""[]""", HttpStatusCode.BadRequest)]
    [InlineData("""{"entries": [""", HttpStatusCode.BadRequest)]
    public async Task A_malformed_batch_is_a_problem_not_a_job(string body, HttpStatusCode status)
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task More_than_10000_entries_are_refused_and_another_issuer_sees_nothing()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string entry = """{"achievementId":"x","recipient":{"email":"a@b.example"}}""";
        string tooMany = "{\"entries\":[" + string.Join(',', Enumerable.Repeat(entry, 10_001)) + "]}";
        (_, _, HttpClient other) = await Journey.ReadyIssuerAsync(_api);
        HttpResponseMessage accepted = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches",
            Journey.Json(new JsonObject { ["entries"] = new JsonArray(Journey.AwardBody("requests/award-met.json", achievementId)) }));

        HttpResponseMessage refused = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(tooMany));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(accepted.Headers.Location)).StatusCode);
    }
}
