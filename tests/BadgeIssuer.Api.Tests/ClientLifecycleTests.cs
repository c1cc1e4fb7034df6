using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// API keys have a lifecycle: administrators list clients (no secrets, with their last use), revoke them, give them an
/// expiry and rotate their keys with a grace period; each refused key is a 401.
/// </summary>
public sealed class ClientLifecycleTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public ClientLifecycleTests(ApiFactory api) => _api = api;

    private static async Task<JsonObject> CreateAsync(ApiFactory api, object body)
    {
        using HttpClient admin = api.Admin();
        HttpResponseMessage response = await admin.PostAsJsonAsync("/api/v1/clients", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static async Task<HttpStatusCode> UseAsync(ApiFactory api, string apiKey, string issuerId)
    {
        using HttpClient client = api.ClientWith(apiKey);
        return (await client.GetAsync($"/api/v1/issuers/{issuerId}")).StatusCode;
    }

    private static async Task<JsonObject> ListedAsync(ApiFactory api, string issuerId)
    {
        using HttpClient admin = api.Admin();
        HttpResponseMessage response = await admin.GetAsync($"/api/v1/clients?issuerId={issuerId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    private static async Task<string> RefusalAsync(ApiFactory api, string apiKey, string issuerId)
    {
        using HttpClient client = api.ClientWith(apiKey);
        HttpResponseMessage response = await client.GetAsync($"/api/v1/issuers/{issuerId}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return (await response.ReadObjectAsync())["detail"]!.GetValue<string>();
    }

    [Fact]
    public async Task Listing_an_issuers_clients_shows_their_last_use_and_no_secret()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        JsonObject created = await CreateAsync(_api, new { issuerId, scopes = new[] { Scopes.AwardsRead }, name = "reader" });
        string apiKey = created["apiKey"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await UseAsync(_api, apiKey, issuerId));

        JsonObject page = await ListedAsync(_api, issuerId);

        JsonObject listed = Assert.Single(page["items"]!.AsArray())!.AsObject();
        Assert.Equal(created["id"]!.GetValue<string>(), listed["id"]!.GetValue<string>());
        Assert.Equal("reader", listed["name"]!.GetValue<string>());
        Assert.Equal(_api.Time.GetUtcNow(), listed["lastUsedAt"]!.GetValue<DateTimeOffset>());
        Assert.Null(listed["apiKey"]);
        Assert.DoesNotContain(apiKey, page.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeys.Hash(apiKey), page.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_last_use_is_recorded_at_most_once_a_minute()
    {
        using ApiFactory api = new();
        string issuerId = await Journey.CreateIssuerAsync(api);
        string apiKey = (await CreateAsync(api, new { issuerId, scopes = new[] { Scopes.AwardsRead } }))["apiKey"]!.GetValue<string>();
        DateTimeOffset first = api.Time.GetUtcNow();

        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, apiKey, issuerId));
        api.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, apiKey, issuerId));
        DateTimeOffset? withinTheMinute = (await ListedAsync(api, issuerId))["items"]![0]!["lastUsedAt"]!.GetValue<DateTimeOffset>();
        api.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, apiKey, issuerId));
        DateTimeOffset? afterIt = (await ListedAsync(api, issuerId))["items"]![0]!["lastUsedAt"]!.GetValue<DateTimeOffset>();

        Assert.Equal(first, withinTheMinute);
        Assert.Equal(first.AddMinutes(1), afterIt);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_the_next_request_on()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        JsonObject created = await CreateAsync(_api, new { issuerId, scopes = new[] { Scopes.AwardsRead } });
        string apiKey = created["apiKey"]!.GetValue<string>();
        string clientId = created["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await UseAsync(_api, apiKey, issuerId));
        using HttpClient admin = _api.Admin();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/clients/{clientId}")).StatusCode);

        Assert.Equal("This API key has been revoked.", await RefusalAsync(_api, apiKey, issuerId));
        Assert.Equal(_api.Time.GetUtcNow(), (await ListedAsync(_api, issuerId))["items"]![0]!["revokedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/clients/{clientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/clients/{clientId}:rotate", null)).StatusCode);
    }

    [Fact]
    public async Task Revoking_or_rotating_an_unknown_client_is_404()
    {
        using HttpClient admin = _api.Admin();

        HttpResponseMessage revoke = await admin.DeleteAsync("/api/v1/clients/no-such-client");
        HttpResponseMessage rotate = await admin.PostAsync("/api/v1/clients/no-such-client:rotate", null);

        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rotate.StatusCode);
        Assert.Equal("application/problem+json", rotate.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_key_works_until_its_expiry_and_is_401_from_then_on()
    {
        using ApiFactory api = new();
        string issuerId = await Journey.CreateIssuerAsync(api);
        DateTimeOffset expiresAt = api.Time.GetUtcNow().AddHours(1);
        JsonObject created = await CreateAsync(api, new { issuerId, scopes = new[] { Scopes.AwardsRead }, expiresAt });
        string apiKey = created["apiKey"]!.GetValue<string>();

        Assert.Equal(expiresAt, created["expiresAt"]!.GetValue<DateTimeOffset>());
        api.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, apiKey, issuerId));
        api.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("This API key has expired.", await RefusalAsync(api, apiKey, issuerId));
    }

    [Fact]
    public async Task An_expiry_in_the_past_is_422_naming_the_field()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient admin = _api.Admin();

        HttpResponseMessage response = await admin.PostAsJsonAsync("/api/v1/clients",
            new { issuerId, scopes = new[] { Scopes.AwardsRead }, expiresAt = _api.Time.GetUtcNow().AddSeconds(-1) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/expiresAt", (await response.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rotation_returns_a_new_key_once_and_the_old_one_works_for_the_grace_period()
    {
        using ApiFactory api = new();
        string issuerId = await Journey.CreateIssuerAsync(api);
        JsonObject created = await CreateAsync(api, new { issuerId, scopes = new[] { Scopes.AwardsRead } });
        string oldKey = created["apiKey"]!.GetValue<string>();
        using HttpClient admin = api.Admin();

        HttpResponseMessage response = await admin.PostAsJsonAsync($"/api/v1/clients/{created["id"]}:rotate", new { graceSeconds = 60 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        JsonObject rotated = await response.ReadObjectAsync();
        string newKey = rotated["apiKey"]!.GetValue<string>();
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(created["id"]!.GetValue<string>(), rotated["id"]!.GetValue<string>());
        Assert.Equal(api.Time.GetUtcNow().AddSeconds(60), rotated["previousKeyValidUntil"]!.GetValue<DateTimeOffset>());
        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, newKey, issuerId));
        api.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, oldKey, issuerId));
        api.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("This API key has been replaced by a rotation.", await RefusalAsync(api, oldKey, issuerId));
        Assert.Equal(HttpStatusCode.OK, await UseAsync(api, newKey, issuerId));
    }

    [Fact]
    public async Task A_rotation_without_a_body_has_no_grace_period()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        JsonObject created = await CreateAsync(_api, new { issuerId, scopes = new[] { Scopes.AwardsRead } });
        string oldKey = created["apiKey"]!.GetValue<string>();
        using HttpClient admin = _api.Admin();

        JsonObject rotated = await (await admin.PostAsync($"/api/v1/clients/{created["id"]}:rotate", null)).ReadObjectAsync();

        Assert.Null(rotated["previousKeyValidUntil"]);
        Assert.Equal("The API key is not valid.", await RefusalAsync(_api, oldKey, issuerId));
        Assert.Equal(HttpStatusCode.OK, await UseAsync(_api, rotated["apiKey"]!.GetValue<string>(), issuerId));
    }

    [Fact]
    public async Task A_grace_period_out_of_range_is_422_naming_the_field()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        JsonObject created = await CreateAsync(_api, new { issuerId, scopes = new[] { Scopes.AwardsRead } });
        using HttpClient admin = _api.Admin();

        HttpResponseMessage response = await admin.PostAsJsonAsync($"/api/v1/clients/{created["id"]}:rotate", new { graceSeconds = -1 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("/graceSeconds", (await response.ReadObjectAsync())["errors"]![0]!["pointer"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, await UseAsync(_api, created["apiKey"]!.GetValue<string>(), issuerId));
    }

    [Fact]
    public async Task Only_administrators_list_revoke_and_rotate_clients()
    {
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string clientId = (await ListedAsync(_api, issuerId))["items"]![0]!["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/clients?issuerId={issuerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"/api/v1/clients/{clientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/v1/clients/{clientId}:rotate", null)).StatusCode);
        using HttpClient anonymous = _api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/clients")).StatusCode);
    }
}
