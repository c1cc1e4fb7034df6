using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The service as a real process, killed (SIGKILL) right after it answered 201 to an award while its webhook receiver
/// hung, then started again over the same data: the award.issued webhook of the award and of the certificate it
/// completes are each delivered once, and the certificate is issued once, also when the request is retried afterwards.
/// </summary>
public sealed class OutboxCrashTests : IDisposable
{
    private readonly Receiver _receiver = new(HttpStatusCode.OK);
    private readonly CrashableService _service = new(new Dictionary<string, string>
    {
        ["BadgeIssuer__Webhooks__AllowPrivateNetworks"] = "true",
        ["BadgeIssuer__Webhooks__LeaseSeconds"] = "2",
        ["BadgeIssuer__Webhooks__FirstRetrySeconds"] = "1",
        ["BadgeIssuer__Outbox__LeaseSeconds"] = "2",
    });

    public void Dispose()
    {
        _service.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task Killed_right_after_the_201_the_webhook_and_the_stacked_award_happen_once_after_the_restart()
    {
        await _service.StartAsync();
        (string issuerId, string key) = await _service.IssuerAsync();
        using HttpClient client = _service.Client(key);
        string achievementId = await Journey.CreateAchievementAsync(client, issuerId);
        string certificateId = await Journey.CreateCertificateAsync(client, issuerId, achievementId);
        HttpResponseMessage subscribed = await client.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json(new JsonObject { ["url"] = _receiver.Url, ["events"] = new JsonArray("award.issued") }));
        string deliveries = $"/api/v1/issuers/{issuerId}/webhooks/{(await subscribed.ReadObjectAsync())["id"]}/deliveries";
        HttpRequestMessage Award()
        {
            HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)) };
            request.Headers.Add("Idempotency-Key", "enrolment-4711");
            return request;
        }

        _receiver.Holding = true;
        using HttpRequestMessage first = Award();
        HttpResponseMessage issued = await client.SendAsync(first);
        _service.Kill();
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        _receiver.Holding = false;
        await _service.StartAsync();
        JsonArray delivered = await DeliveredAsync(client, deliveries, 2);
        using HttpRequestMessage retry = Award();
        HttpResponseMessage replayed = await client.SendAsync(retry);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));
        JsonArray certificates = (await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?achievementId={certificateId}")).ReadObjectAsync())["items"]!.AsArray();
        string certificate = Assert.Single(certificates)!["id"]!.GetValue<string>();
        string awardId = (await issued.ReadObjectAsync())["id"]!.GetValue<string>();
        Assert.Equal(2, (await DeliveredAsync(client, deliveries, 2)).Count);
        Assert.Equal(delivered.Select(d => d!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal), _receiver.Answered.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { awardId, certificate }.Order(StringComparer.Ordinal),
            _receiver.Received.Select(r => JsonNode.Parse(r.Body)!["data"]!["awardId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    /// <summary>The subscription's deliveries once <paramref name="count"/> of them are delivered and none is waiting (up to 30 seconds).</summary>
    private static async Task<JsonArray> DeliveredAsync(HttpClient client, string deliveries, int count)
    {
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            JsonArray all = JsonNode.Parse(await client.GetStringAsync(deliveries))!.AsArray();
            if (all.Count >= count && all.All(d => d!["state"]!.GetValue<string>() == "delivered")) return all;
            Assert.True(DateTime.UtcNow < deadline, $"the deliveries did not arrive: {all.ToJsonString()}");
        }
    }
}
