using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Storage.Documents;
using BadgeIssuer.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Side effects through the outbox: an award's webhook and stacking happen once, however often the request is retried
/// with its Idempotency-Key, for a batch entry as for a single award, and a dispatcher that runs an event again (as one
/// that claims it after another died) creates nothing twice.
/// </summary>
public sealed class OutboxTests : IDisposable
{
    private readonly ApiFactory _api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Webhooks:AllowPrivateNetworks"] = "true" });
    private readonly Receiver _receiver = new(HttpStatusCode.OK);

    public void Dispose()
    {
        _receiver.Dispose();
        _api.Dispose();
    }

    /// <summary>An issuer subscribed to every event, with an achievement and a certificate that stacks from it.</summary>
    private async Task<(string IssuerId, string AchievementId, string CertificateId, HttpClient Client)> ReadyAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        string certificateId = await Journey.CreateCertificateAsync(client, issuerId, achievementId);
        HttpResponseMessage subscribed = await client.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json(new JsonObject
        {
            ["url"] = _receiver.Url,
            ["events"] = new JsonArray("award.issued", "award.revoked", "award.suspended", "award.unsuspended", "batch.completed"),
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        return (issuerId, achievementId, certificateId, client);
    }

    private static async Task<JsonArray> AwardsAsync(HttpClient client, string issuerId, string achievementId) =>
        (await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?achievementId={achievementId}")).ReadObjectAsync())["items"]!.AsArray();

    /// <summary>The event type and award id of every delivery the receiver answered.</summary>
    private List<(string Type, string? AwardId)> Delivered() =>
        [.. _receiver.Received.Select(r => JsonNode.Parse(r.Body)!).Select(b => (b["type"]!.GetValue<string>(), b["data"]!["awardId"]?.GetValue<string>()))];

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_sends_the_webhook_and_stacks_the_certificate_once()
    {
        (string issuerId, string achievementId, string certificateId, HttpClient client) = await ReadyAsync();
        HttpResponseMessage[] responses = new HttpResponseMessage[3];
        for (int i = 0; i < responses.Length; i++)
        {
            using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)) };
            request.Headers.Add("Idempotency-Key", "enrolment-4711");
            responses[i] = await client.SendAsync(request);
            if (i == 0) await _api.SideEffectsDoneAsync();
        }
        await _api.SideEffectsDoneAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal([false, true, true], responses.Select(r => r.Headers.Contains("Idempotent-Replayed")));
        string awardId = (await responses[0].ReadObjectAsync())["id"]!.GetValue<string>();
        string certificate = Assert.Single(await AwardsAsync(client, issuerId, certificateId))!["id"]!.GetValue<string>();
        Assert.Equal(new (string, string?)[] { ("award.issued", awardId), ("award.issued", certificate) }.Order(), Delivered().Order());
        Assert.Single(await AwardsAsync(client, issuerId, achievementId));
    }

    [Fact]
    public async Task Revoking_suspending_and_reinstating_twice_sends_each_webhook_once()
    {
        (string issuerId, string achievementId, _, HttpClient client) = await ReadyAsync();
        string awardId = (await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync())["id"]!.GetValue<string>();
        await _api.SideEffectsDoneAsync();

        foreach (string action in new[] { "suspend", "suspend", "unsuspend", "unsuspend", "revoke", "revoke" })
        {
            HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}:{action}", Journey.Json("""{"reason": "Issued in error."}"""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await _api.SideEffectsDoneAsync();
        }

        Assert.Equal(["award.suspended", "award.unsuspended", "award.revoked"], Delivered().Where(d => d.Type != "award.issued").Select(d => d.Type));
    }

    [Fact]
    public async Task Batch_entries_send_their_webhooks_and_stack_through_the_same_path_once()
    {
        (string issuerId, string achievementId, string certificateId, HttpClient client) = await ReadyAsync();
        JsonArray entries = [.. Enumerable.Range(0, 3).Select(i =>
        {
            JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
            body["recipient"] = new JsonObject { ["email"] = $"learner{i}@district.example" };
            return (JsonNode)body;
        })];
        for (int i = 0; i < 2; i++)
        {
            using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/award-batches") { Content = Journey.Json(new JsonObject { ["entries"] = entries.DeepClone() }) };
            request.Headers.Add("Idempotency-Key", "term-2026");
            HttpResponseMessage accepted = await client.SendAsync(request);
            await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        }
        await _api.SideEffectsDoneAsync();

        Assert.Equal(3, (await AwardsAsync(client, issuerId, certificateId)).Count);
        Assert.Equal(6, Delivered().Count(d => d.Type == "award.issued"));
        Assert.Equal(6, Delivered().Where(d => d.Type == "award.issued").Select(d => d.AwardId).Distinct().Count());
    }

    [Fact]
    public async Task An_event_dispatched_again_after_a_crash_before_it_was_marked_done_creates_nothing_twice()
    {
        (string issuerId, string achievementId, string certificateId, HttpClient client) = await ReadyAsync();
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        await _api.SideEffectsDoneAsync();
        SqliteDatabase database = _api.Services.GetRequiredService<SqliteDatabase>();
        OutboxEvent done = (await database.QuerySingleAsync<OutboxEventDocument>("SELECT doc FROM outbox WHERE json_extract(doc, '$.awardId') = $award",
            new Dictionary<string, object?> { ["$award"] = award["id"]!.GetValue<string>() }, default))!.ToDomain();
        Assert.Equal((OutboxState.Done, (Core.Awards.Recipient?)null), (done.State, done.Recipient));

        // As claimed again by a worker after the first one died between the side effects and the mark: still pending, recipient and all.
        OutboxEvent pending = done with { State = OutboxState.Pending, Recipient = new Core.Awards.Recipient("jordan.lee@district.example.org", null, "Jordan Lee"), DoneAt = null };
        OutboxDispatcher dispatcher = _api.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DispatchAsync(pending, default);
        await dispatcher.DispatchAsync(pending, default);
        await _api.SideEffectsDoneAsync();

        Assert.Single(await AwardsAsync(client, issuerId, certificateId));
        Assert.Equal(2, Delivered().Count);
    }
}
