using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>Issue 12: no 5xx under load. Many callers issue and verify at the same moment, and every answer is the ordinary one.</summary>
public sealed class ConcurrentIssueAndVerifyTests
{
    private const int Callers = 32;

    [Fact]
    public async Task Issuing_and_verifying_from_32_callers_at_once_answers_201_and_valid_every_time()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:RateLimiting:Enabled"] = "false" });
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        using HttpClient anonymous = api.Anonymous();
        using SemaphoreSlim start = new(0);

        async Task<(HttpStatusCode Issued, JsonObject Report)> IssueThenVerify(int caller)
        {
            JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
            body["recipient"]!["email"] = $"caller{caller}@district.example.org";
            await start.WaitAsync();
            HttpResponseMessage issued = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body));
            JsonObject award = await issued.ReadObjectAsync();
            HttpResponseMessage verified = await anonymous.PostAsync("/api/v1/verify", Journey.Json(new JsonObject { ["credential"] = award["credential"]?.DeepClone() }));
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            return (issued.StatusCode, await verified.ReadObjectAsync());
        }

        Task<(HttpStatusCode Issued, JsonObject Report)>[] callers = [.. Enumerable.Range(0, Callers).Select(i => Task.Run(() => IssueThenVerify(i)))];
        start.Release(Callers);
        (HttpStatusCode Issued, JsonObject Report)[] outcomes = await Task.WhenAll(callers);

        Assert.All(outcomes, o => Assert.Equal(HttpStatusCode.Created, o.Issued));
        Assert.All(outcomes, o => Assert.Equal("valid", o.Report["status"]!.GetValue<string>()));
        string[] checks = [.. outcomes.Select(o => string.Join(",", o.Report["checks"]!.AsArray().Select(c => $"{c!["check"]}:{c["code"]}"))).Distinct()];
        Assert.Single(checks);
        Assert.Contains("schema:schema-valid", checks[0], StringComparison.Ordinal);
    }
}
