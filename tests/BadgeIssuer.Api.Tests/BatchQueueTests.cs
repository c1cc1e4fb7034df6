using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>Bad entries never poison the batch queue: an entry that fails at signing is recorded and the batch goes on; a batch that keeps failing is parked.</summary>
public sealed class BatchQueueTests
{
    [Fact]
    public async Task An_entry_that_fails_at_signing_is_recorded_as_failed_and_the_batch_goes_on_keeping_no_recipient_data()
    {
        using ApiFactory api = new();
        (string issuerId, string goodId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        string badId = await Journey.CreateAchievementAsync(client, issuerId);
        // An achievement stored before the API checked IRIs as the canonicalizer does: signing refuses its criteria id.
        IAchievementStore achievements = api.Services.GetRequiredService<IAchievementStore>();
        Achievement stored = (await achievements.GetAsync(issuerId, badId, default))!;
        Assert.Equal(WriteOutcome.Written, await achievements.UpdateAsync(
            stored with { Criteria = stored.Criteria with { Id = "https://x/a#b#c" }, Version = stored.Version + 1 }, stored.Version, default));
        JsonArray entries = [Journey.AwardBody("requests/award-met.json", badId), Journey.AwardBody("requests/award-met.json", goodId), Journey.AwardBody("requests/award-met.json", badId)];

        HttpResponseMessage accepted = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = entries }));
        JsonObject batch = await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));

        Assert.Equal((3, 1, 2), (batch["processed"]!.GetValue<int>(), batch["issued"]!.GetValue<int>(), batch["failed"]!.GetValue<int>()));
        JsonArray results = batch["results"]!.AsArray();
        Assert.Equal(["failed", "issued", "failed"], results.Select(r => r!["outcome"]!.GetValue<string>()));
        JsonObject problem = results[0]!["problems"]![0]!.AsObject();
        Assert.Equal("/entries/0", problem["pointer"]!.GetValue<string>());
        Assert.StartsWith("Issuing failed: JSON-LD processing would drop data", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", batch.ToJsonString(), StringComparison.Ordinal);
        string recipientKey = IssuingService.RecipientKey(new Recipient("jordan.lee@district.example.org"));
        Assert.All(results, r => Assert.Equal(recipientKey, r!["recipientKey"]!.GetValue<string>()));
        Assert.NotNull(results[1]!["awardId"]!.GetValue<string>());
        Assert.DoesNotContain("jordan", batch.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(await api.Services.GetRequiredService<IBatchStore>().GetChunkAsync(batch["id"]!.GetValue<string>(), 0, default));
    }

    [Fact]
    public async Task A_batch_whose_work_keeps_failing_is_parked_and_shows_its_error()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Batches:MaxLeaseFailures"] = "2" });
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        // A batch whose entries are gone: its worker fails every time it takes it up.
        AwardBatch broken = new(Ids.New(), issuerId, null, "fingerprint", 3, BatchState.Queued, 0, null, null, api.Time.GetUtcNow(), null, 1);
        Assert.Equal(WriteOutcome.Written, await api.Services.GetRequiredService<IBatchStore>().InsertAsync(broken, [], default));

        JsonObject batch = [];
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); batch["state"]?.GetValue<string>() != "parked"; await Task.Delay(100))
        {
            batch = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/award-batches/{broken.Id}")).ReadObjectAsync();
            Assert.True(DateTime.UtcNow < deadline, $"the batch was not parked: {batch.ToJsonString()}");
        }

        Assert.Equal("The batch's worker failed: an unexpected InvalidOperationException; the service log has the details.", batch["error"]!.GetValue<string>());
        Assert.Equal(0, batch["processed"]!.GetValue<int>());
        Assert.Equal(2, (await api.Services.GetRequiredService<IBatchStore>().GetAsync(broken.Id, default))!.LeaseFailures);
    }

    [Fact]
    public async Task An_issuers_one_entry_batch_is_not_held_up_by_another_issuers_large_one()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Batches:SliceEntries"] = "8" });
        (string largeIssuer, string largeAchievement, HttpClient large) = await Journey.ReadyIssuerAsync(api);
        (string smallIssuer, string smallAchievement, HttpClient small) = await Journey.ReadyIssuerAsync(api);
        JsonArray many = [.. Enumerable.Range(0, 400).Select(_ => (JsonNode)Journey.AwardBody("requests/award-met.json", largeAchievement))];

        HttpResponseMessage largeAccepted = await large.PostAsync($"/api/v1/issuers/{largeIssuer}/award-batches", Journey.Json(new JsonObject { ["entries"] = many }));
        HttpResponseMessage smallAccepted = await small.PostAsync($"/api/v1/issuers/{smallIssuer}/award-batches",
            Journey.Json(new JsonObject { ["entries"] = new JsonArray(Journey.AwardBody("requests/award-met.json", smallAchievement)) }));
        await AwardBatchTests.CompletedAsync(small, smallAccepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));
        JsonObject largeNow = await (await large.GetAsync(largeAccepted.Headers.Location + "?limit=1")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Accepted, largeAccepted.StatusCode);
        Assert.True(largeNow["processed"]!.GetValue<int>() < 400, $"the small batch waited for the large one: {largeNow.ToJsonString()}");
        await AwardBatchTests.CompletedAsync(large, largeAccepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(120));
    }
}
