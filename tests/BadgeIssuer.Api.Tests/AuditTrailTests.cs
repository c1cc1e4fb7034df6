using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;
using Microsoft.AspNetCore.Http;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// <c>GET /api/v1/issuers/{issuerId}/audit</c>: every state change of an issuer is there with the client that made it
/// (or <c>admin</c>), the ids it changed and the id of its request; only administrators and the issuer's own clients
/// holding <c>audit:read</c> read it, and no entry holds recipient data or a key.
/// </summary>
public sealed class AuditTrailTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public AuditTrailTests(ApiFactory api) => _api = api;

    /// <summary>A client of the issuer: its id and its API key.</summary>
    private async Task<(string Id, string Key)> CreateClientAsync(string issuerId, params string[] scopes)
    {
        using HttpClient admin = _api.Admin();
        JsonObject created = await (await admin.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes })).ReadObjectAsync();
        return (created["id"]!.GetValue<string>(), created["apiKey"]!.GetValue<string>());
    }

    /// <summary>Sends a request whose <see cref="HttpContext.TraceIdentifier"/> is <paramref name="requestId"/>; returns its status and body.</summary>
    private async Task<(int Status, JsonObject Body)> SendAsync(string method, string path, string apiKey, JsonNode? body, string requestId)
    {
        HttpContext context = await _api.Server.SendAsync(c =>
        {
            c.TraceIdentifier = requestId;
            c.Request.Method = method;
            c.Request.Scheme = "https";
            c.Request.Host = new HostString(new Uri(_api.PublicBaseUrl).Host);
            c.Request.Path = path;
            c.Request.Headers.Authorization = "Bearer " + apiKey;
            if (body is null) return;
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString()));
        });
        string text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>A new issuer, the id and key of a client holding every issuer scope, and an achievement the client made.</summary>
    private async Task<(string IssuerId, string ClientId, string Key, string AchievementId)> ReadyIssuerAsync()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        (string clientId, string key) = await CreateClientAsync(issuerId, ApiFactory.IssuerScopes);
        using HttpClient client = _api.ClientWith(key);
        return (issuerId, clientId, key, await Journey.CreateAchievementAsync(client, issuerId));
    }

    private static async Task<List<JsonObject>> TrailAsync(HttpClient reader, string issuerId, string query = "")
    {
        HttpResponseMessage response = await reader.GetAsync($"/api/v1/issuers/{issuerId}/audit{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadObjectAsync())["items"]!.AsArray().Select(e => e!.AsObject())];
    }

    private static JsonObject Single(List<JsonObject> trail, string action) => Assert.Single(trail, e => e["action"]!.GetValue<string>() == action);

    private static (string Actor, string? RequestId) Who(JsonObject entry) => (entry["actor"]!.GetValue<string>(), entry["requestId"]?.GetValue<string>());

    [Fact]
    public async Task Issuing_revoking_and_rotating_a_key_are_recorded_with_who_did_it_and_in_which_request()
    {
        (string issuerId, string clientId, string key, string achievementId) = await ReadyIssuerAsync();

        (int issued, JsonObject award) = await SendAsync("POST", $"/api/v1/issuers/{issuerId}/awards", key, Journey.AwardBody("requests/award-met.json", achievementId), "issue-request-1");
        string awardId = award["id"]!.GetValue<string>();
        (int revoked, _) = await SendAsync("POST", $"/api/v1/issuers/{issuerId}/awards/{awardId}:revoke", key, new JsonObject { ["reason"] = "Issued to the wrong teacher." }, "revoke-request-2");
        (int rotated, _) = await SendAsync("POST", $"/api/v1/clients/{clientId}:rotate", ApiFactory.AdminKey, new JsonObject(), "rotate-request-3");

        Assert.Equal((201, 200, 200), (issued, revoked, rotated));
        using HttpClient admin = _api.Admin();
        List<JsonObject> trail = await TrailAsync(admin, issuerId);
        JsonObject issue = Single(trail, "award.issued"), revoke = Single(trail, "award.revoked"), rotation = Single(trail, "client.rotated");
        Assert.Equal((clientId, "issue-request-1"), Who(issue));
        Assert.Equal((awardId, achievementId), (issue["targets"]!["awardId"]!.GetValue<string>(), issue["targets"]!["achievementId"]!.GetValue<string>()));
        Assert.Equal((clientId, "revoke-request-2"), Who(revoke));
        Assert.Equal(awardId, revoke["targets"]!["awardId"]!.GetValue<string>());
        Assert.Equal(("admin", "rotate-request-3"), Who(rotation));
        Assert.Equal(clientId, rotation["targets"]!["clientId"]!.GetValue<string>());
        Assert.Equal("admin", Single(trail, "issuer.created")["actor"]!.GetValue<string>());
        Assert.Equal("admin", Single(trail, "client.created")["actor"]!.GetValue<string>());
        Assert.Equal(clientId, Single(trail, "achievement.created")["actor"]!.GetValue<string>());
        Assert.All(trail, e => Assert.Equal(_api.Time.GetUtcNow(), e["at"]!.GetValue<DateTimeOffset>()));
    }

    [Fact]
    public async Task A_retried_award_keeps_one_entry()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        using HttpRequestMessage first = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)) };
        first.Headers.Add("Idempotency-Key", "retry-1");
        using HttpRequestMessage retry = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)) };
        retry.Headers.Add("Idempotency-Key", "retry-1");

        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(first)).StatusCode);
        Assert.Equal("true", (await client.SendAsync(retry)).Headers.GetValues("Idempotent-Replayed").Single());

        using HttpClient admin = _api.Admin();
        Single(await TrailAsync(admin, issuerId), "award.issued");
    }

    [Fact]
    public async Task A_batchs_awards_are_recorded_as_made_by_the_client_that_submitted_it_in_its_request()
    {
        (string issuerId, string clientId, string key, string achievementId) = await ReadyIssuerAsync();
        using HttpClient client = _api.ClientWith(key);
        JsonArray entries = [Journey.AwardBody("requests/award-met.json", achievementId), Journey.AwardBody("requests/award-met.json", achievementId)];

        (int status, JsonObject batch) = await SendAsync("POST", $"/api/v1/issuers/{issuerId}/award-batches", key, new JsonObject { ["entries"] = entries }, "batch-request-1");
        Assert.Equal(202, status);
        await AwardBatchTests.CompletedAsync(client, $"/api/v1/issuers/{issuerId}/award-batches/{batch["id"]!.GetValue<string>()}", TimeSpan.FromSeconds(60));

        using HttpClient admin = _api.Admin();
        List<JsonObject> trail = await TrailAsync(admin, issuerId);
        List<JsonObject> batchWork = [.. trail.Where(e => e["action"]!.GetValue<string>() is "batch.created" or "award.issued" or "batch.completed")];
        Assert.Equal(["award.issued", "award.issued", "batch.completed", "batch.created"], batchWork.Select(e => e["action"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(batchWork, e => Assert.Equal((clientId, "batch-request-1"), Who(e)));
    }

    [Fact]
    public async Task Only_administrators_and_the_issuers_own_clients_with_audit_read_read_its_trail()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api), otherIssuerId = await Journey.CreateIssuerAsync(_api);
        (_, string auditor) = await CreateClientAsync(issuerId, Scopes.AuditRead);
        (_, string reader) = await CreateClientAsync(issuerId, Scopes.AwardsRead, Scopes.AwardsIssue);
        (_, string otherAuditor) = await CreateClientAsync(otherIssuerId, Scopes.AuditRead);
        using HttpClient own = _api.ClientWith(auditor), awards = _api.ClientWith(reader), other = _api.ClientWith(otherAuditor), anonymous = _api.Anonymous();

        Assert.NotEmpty(await TrailAsync(own, issuerId));
        HttpResponseMessage forbidden = await awards.GetAsync($"/api/v1/issuers/{issuerId}/audit");
        HttpResponseMessage unknown = await other.GetAsync($"/api/v1/issuers/{issuerId}/audit");
        HttpResponseMessage unauthenticated = await anonymous.GetAsync($"/api/v1/issuers/{issuerId}/audit");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized), (forbidden.StatusCode, unknown.StatusCode, unauthenticated.StatusCode));
        Assert.All(new[] { forbidden, unknown, unauthenticated }, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task No_entry_holds_a_recipients_e_mail_address_or_name_or_an_api_key()
    {
        (string issuerId, string clientId, string key, string achievementId) = await ReadyIssuerAsync();
        using HttpClient client = _api.ClientWith(key);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        string awardId = award["id"]!.GetValue<string>();
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}:suspend", Journey.Json(new JsonObject { ["reason"] = "Ask jordan.lee@district.example.org first." }));
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}:unsuspend", null);
        using HttpClient admin = _api.Admin();
        JsonObject rotated = await (await admin.PostAsJsonAsync($"/api/v1/clients/{clientId}:rotate", new { graceSeconds = 60 })).ReadObjectAsync();

        string trail = await admin.GetStringAsync($"/api/v1/issuers/{issuerId}/audit");

        Assert.Contains("award.suspended", trail, StringComparison.Ordinal);
        Assert.Contains("award.unsuspended", trail, StringComparison.Ordinal);
        foreach (string secret in new[] { "jordan", "Jordan Lee", "district.example.org", "@", key, rotated["apiKey"]!.GetValue<string>(), "bi_" })
            Assert.DoesNotContain(secret, trail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_trail_pages_with_a_cursor_from_a_time_and_refuses_a_bad_from_or_cursor()
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        using HttpClient admin = _api.Admin();
        List<JsonObject> all = await TrailAsync(admin, issuerId);

        List<string> paged = [];
        string? cursor = null;
        do
        {
            JsonObject page = await (await admin.GetAsync($"/api/v1/issuers/{issuerId}/audit?limit=1" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadObjectAsync();
            paged.AddRange(page["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        HttpResponseMessage badFrom = await admin.GetAsync($"/api/v1/issuers/{issuerId}/audit?from=yesterday");
        HttpResponseMessage badCursor = await admin.GetAsync($"/api/v1/issuers/{issuerId}/audit?cursor=abc");

        Assert.Equal(3, all.Count);
        Assert.Equal(all.Select(e => e["id"]!.GetValue<string>()), paged);
        Assert.Equal(all.Count, (await TrailAsync(admin, issuerId, "?from=" + Uri.EscapeDataString(_api.Time.GetUtcNow().ToString("O")))).Count);
        Assert.Empty(await TrailAsync(admin, issuerId, "?from=" + Uri.EscapeDataString(_api.Time.GetUtcNow().AddTicks(1).ToString("O"))));
        Assert.Equal((HttpStatusCode.BadRequest, "/from"), (badFrom.StatusCode, (await badFrom.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, "/cursor"), (badCursor.StatusCode, (await badCursor.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>()));
        client.Dispose();
    }
}
