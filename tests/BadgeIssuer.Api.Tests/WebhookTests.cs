using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Codecs;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// A webhook receiver on loopback that answers with a fixed status (and, for a redirect, a <c>Location</c> under its own
/// URL) and keeps what it received; with <c>hold</c> it records each request and never answers it (the sender times
/// out). While <see cref="Holding"/> is set it accepts each request and holds it unanswered, as a receiver that hangs
/// does; when holding ends, the held requests are dropped without an answer.
/// </summary>
internal sealed class Receiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpStatusCode _answer;
    private readonly string? _location;
    private readonly bool _hold;

    public Receiver(HttpStatusCode answer, string? location = null, bool hold = false)
    {
        _answer = answer;
        _location = location;
        _hold = hold;
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/hooks/badges/";
        probe.Stop();
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = ListenAsync();
    }

    public string Url { get; }

    public ConcurrentQueue<(string Body, string Signature, string Event)> Received { get; } = new();

    /// <summary>The <c>BadgeIssuer-Delivery</c> header of every request received, in arrival order.</summary>
    public ConcurrentQueue<string> DeliveryIds { get; } = new();

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = AnswerAsync(context);
        }
    }

    /// <summary>Hold the requests that arrive from now on, unanswered, until this is cleared.</summary>
    public bool Holding { get; set; }

    /// <summary>The <c>BadgeIssuer-Delivery</c> id of every request answered, in order.</summary>
    public ConcurrentQueue<string> Answered { get; } = new();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            if (Holding)
            {
                while (Holding) await Task.Delay(20);
                context.Response.Abort();
                return;
            }
            using StreamReader reader = new(context.Request.InputStream, Encoding.UTF8);
            DeliveryIds.Enqueue(context.Request.Headers["BadgeIssuer-Delivery"] ?? "");
            Received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["BadgeIssuer-Signature"] ?? "", context.Request.Headers["BadgeIssuer-Event"] ?? ""));
            if (_hold) return;
            context.Response.StatusCode = (int)_answer;
            if (_location is not null) context.Response.RedirectLocation = Url + _location;
            context.Response.Close();
            Answered.Enqueue(context.Request.Headers["BadgeIssuer-Delivery"] ?? "");
        }
        catch (HttpListenerException)
        {
            // The sender went away (a killed service): nothing was answered.
        }
    }

    public async Task<int> WaitForAsync(int count, int seconds = 20)
    {
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(seconds); Received.Count < count; await Task.Delay(50))
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Received.Count} of {count} deliveries arrived.");
        return Received.Count;
    }

    public void Dispose() => _listener.Close();
}

/// <summary>Per-issuer webhooks: signed deliveries, retries with backoff, dead letters, and addresses that are refused.</summary>
public sealed class WebhookTests
{
    private static ApiFactory Factory(int maxAttempts = 8) => ApiFactory.With(new Dictionary<string, string>
    {
        ["BadgeIssuer:Webhooks:AllowPrivateNetworks"] = "true",
        ["BadgeIssuer:Webhooks:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BadgeIssuer:Webhooks:FirstRetrySeconds"] = "60",
    });

    private static async Task<JsonObject> SubscribeAsync(HttpClient client, string issuerId, string url, params string[] events)
    {
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json(new JsonObject { ["url"] = url, ["events"] = new JsonArray([.. events.Select(e => (JsonNode)e)]) }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    [Fact]
    public async Task Issued_and_revoked_awards_are_delivered_signed_with_the_secret_given_once()
    {
        using ApiFactory api = Factory();
        using Receiver receiver = new(HttpStatusCode.OK);
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject webhook = await SubscribeAsync(client, issuerId, receiver.Url, "award.issued", "award.revoked");
        byte[] secret = Base64Url.Decode(webhook["secret"]!.GetValue<string>()["whsec_".Length..]);

        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        await receiver.WaitForAsync(1);
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        await receiver.WaitForAsync(2);

        (string Body, string Signature, string Event)[] received = [.. receiver.Received];
        Assert.Equal(["award.issued", "award.revoked"], received.Select(r => r.Event));
        foreach ((string body, string signature, _) in received)
        {
            Dictionary<string, string> parts = signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            string expected = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{parts["t"]}.{body}")));
            Assert.Equal(expected, parts["v1"]);
        }
        JsonObject issued = JsonNode.Parse(received[0].Body)!.AsObject();
        Assert.Equal(award["id"]!.GetValue<string>(), issued["data"]!["awardId"]!.GetValue<string>());
        Assert.DoesNotContain("jordan", received[0].Body, StringComparison.OrdinalIgnoreCase);
        JsonArray listed = (await client.GetStringAsync($"/api/v1/issuers/{issuerId}/webhooks")) is { } text ? JsonNode.Parse(text)!.AsArray() : [];
        Assert.Null(listed.Single()!["secret"]);
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(50))
        {
            JsonArray delivered = JsonNode.Parse(await client.GetStringAsync($"/api/v1/issuers/{issuerId}/webhooks/{webhook["id"]}/deliveries?state=delivered"))!.AsArray();
            if (delivered.Count == 2) break;
            Assert.True(DateTime.UtcNow < deadline, "the deliveries were not recorded as delivered");
        }
    }

    [Fact]
    public async Task A_batch_whose_worker_died_before_marking_it_completed_is_completed_by_the_next_claim_with_one_delivery()
    {
        using ApiFactory api = Factory();
        using Receiver receiver = new(HttpStatusCode.OK);
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject webhook = await SubscribeAsync(client, issuerId, receiver.Url, "batch.completed");
        JsonArray entries = [Journey.AwardBody("requests/award-met.json", achievementId), Journey.AwardBody("requests/award-met.json", achievementId)];
        string location = (await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = entries }))).Headers.Location!.ToString();
        await AwardBatchTests.CompletedAsync(client, location, TimeSpan.FromSeconds(30));
        await receiver.WaitForAsync(1);

        // As a worker leaves a batch when it dies after recording every entry's result and queuing the deliveries, but
        // before marking the batch completed: still running, under a lease that has run out.
        IBatchStore batches = api.Services.GetRequiredService<IBatchStore>();
        AwardBatch completed = (await batches.GetAsync(location.Split('/')[^1], default))!;
        AwardBatch interrupted = completed with
        {
            State = BatchState.Running, LeaseOwner = "a-dead-worker", LeaseUntil = api.Time.GetUtcNow().AddSeconds(-1), CompletedAt = null, Version = completed.Version + 1,
        };
        Assert.Equal(WriteOutcome.Written, await batches.UpdateAsync(interrupted, completed.Version, default));

        JsonObject again = await AwardBatchTests.CompletedAsync(client, location, TimeSpan.FromSeconds(30));
        await api.SideEffectsDoneAsync();

        Assert.Equal((2, 2), (again["processed"]!.GetValue<int>(), again["issued"]!.GetValue<int>()));
        JsonArray deliveries = JsonNode.Parse(await client.GetStringAsync($"/api/v1/issuers/{issuerId}/webhooks/{webhook["id"]}/deliveries"))!.AsArray();
        Assert.Equal("batch.completed", Assert.Single(deliveries)!["event"]!.GetValue<string>());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_retried_with_backoff_then_dead_lettered()
    {
        using ApiFactory api = Factory(maxAttempts: 3);
        using Receiver receiver = new(HttpStatusCode.ServiceUnavailable);
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject webhook = await SubscribeAsync(client, issuerId, receiver.Url, "award.issued");
        string deliveries = $"/api/v1/issuers/{issuerId}/webhooks/{webhook["id"]}/deliveries";
        async Task<JsonObject> DeliveryAsync(int attempts)
        {
            for (DateTime deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50))
            {
                JsonObject delivery = JsonNode.Parse(await client.GetStringAsync(deliveries))!.AsArray().Single()!.AsObject();
                if (delivery["attempts"]!.GetValue<int>() >= attempts) return delivery;
                Assert.True(DateTime.UtcNow < deadline, $"attempt {attempts} did not happen: {delivery.ToJsonString()}");
            }
        }

        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));
        await api.SideEffectsDoneAsync();
        JsonObject first = await DeliveryAsync(1);
        Assert.Equal("pending", first["state"]!.GetValue<string>());
        Assert.Equal(api.Time.GetUtcNow().AddSeconds(60), first["nextAttemptAt"]!.GetValue<DateTimeOffset>());
        api.Time.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(1500);
        Assert.Single(receiver.Received);
        api.Time.Advance(TimeSpan.FromSeconds(31));
        JsonObject second = await DeliveryAsync(2);
        Assert.Equal(api.Time.GetUtcNow().AddSeconds(120), second["nextAttemptAt"]!.GetValue<DateTimeOffset>());
        api.Time.Advance(TimeSpan.FromSeconds(121));
        JsonObject third = await DeliveryAsync(3);

        Assert.Equal("dead", third["state"]!.GetValue<string>());
        Assert.Equal("The receiver answered 503.", third["lastError"]!.GetValue<string>());
        Assert.Single(JsonNode.Parse(await client.GetStringAsync(deliveries + "?state=dead"))!.AsArray());
        Assert.Equal(3, receiver.Received.Count);
    }

    [Theory]
    [InlineData("http://hooks.example.org/badges", "https")]
    [InlineData("https://127.0.0.1/hooks", "loopback, private or link-local")]
    [InlineData("https://10.20.30.40/hooks", "loopback, private or link-local")]
    [InlineData("https://169.254.169.254/latest/meta-data", "loopback, private or link-local")]
    [InlineData("https://[::1]/hooks", "loopback, private or link-local")]
    [InlineData("https://user:pass@hooks.example.org/", "user name or password")]
    [InlineData("not a url", "absolute https URL")]
    public async Task Webhook_urls_into_private_networks_are_refused_by_default(string url, string reason)
    {
        using ApiFactory api = new();
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(api);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json(new JsonObject { ["url"] = url, ["events"] = new JsonArray("award.issued") }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_events_are_refused_and_another_issuer_cannot_see_the_webhooks()
    {
        using ApiFactory api = Factory();
        (string issuerId, _, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        (_, _, HttpClient other) = await Journey.ReadyIssuerAsync(api);

        HttpResponseMessage unknown = await client.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json("""{"url": "http://127.0.0.1:9/x", "events": ["award.deleted"]}"""));
        JsonObject webhook = await SubscribeAsync(client, issuerId, "http://127.0.0.1:9/x", "batch.completed");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/issuers/{issuerId}/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/issuers/{issuerId}/webhooks/{webhook["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/issuers/{issuerId}/webhooks/{webhook["id"]}")).StatusCode);
    }

    [Fact]
    public async Task A_receiver_that_holds_the_connection_delays_only_its_own_deliveries()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["BadgeIssuer:Webhooks:AllowPrivateNetworks"] = "true",
            ["BadgeIssuer:Webhooks:Parallelism"] = "4",
            ["BadgeIssuer:Webhooks:PerEndpointLimit"] = "1",
        });
        using Receiver slow = new(HttpStatusCode.OK, hold: true);
        using Receiver fast = new(HttpStatusCode.OK);
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        await SubscribeAsync(client, issuerId, slow.Url, "award.issued");
        await SubscribeAsync(client, issuerId, fast.Url, "award.issued");

        for (int i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).StatusCode);
        await slow.WaitForAsync(1);
        System.Diagnostics.Stopwatch stuck = System.Diagnostics.Stopwatch.StartNew();
        await fast.WaitForAsync(6);

        // The slow receiver still holds its first delivery (the sender gives up after 10 s), and no second one was sent to it.
        Assert.True(stuck.Elapsed < TimeSpan.FromSeconds(9), $"the fast receiver waited {stuck.Elapsed} for the slow one");
        Assert.Single(slow.Received);
    }

    [Fact]
    public async Task Dead_letters_of_every_webhook_are_listed_for_the_issuer_with_their_last_error()
    {
        using ApiFactory api = Factory(maxAttempts: 1);
        using Receiver failing = new(HttpStatusCode.InternalServerError);
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject webhook = await SubscribeAsync(client, issuerId, failing.Url, "award.issued");

        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));
        JsonArray unsent = [];
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(20); unsent.Count == 0; await Task.Delay(50))
        {
            unsent = JsonNode.Parse(await client.GetStringAsync($"/api/v1/issuers/{issuerId}/webhook-deliveries"))!.AsArray();
            Assert.True(DateTime.UtcNow < deadline, "the dead letter was not listed");
        }

        JsonObject dead = Assert.Single(unsent)!.AsObject();
        Assert.Equal((webhook["id"]!.GetValue<string>(), "dead", "The receiver answered 500."),
            (dead["webhookId"]!.GetValue<string>(), dead["state"]!.GetValue<string>(), dead["lastError"]!.GetValue<string>()));
        Assert.Single(JsonNode.Parse(await client.GetStringAsync($"/api/v1/issuers/{issuerId}/webhook-deliveries?state=dead"))!.AsArray());
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync($"/api/v1/issuers/{issuerId}/webhook-deliveries?state=parked"))!.AsArray());
        HttpResponseMessage wrong = await client.GetAsync($"/api/v1/issuers/{issuerId}/webhook-deliveries?state=pending");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
    }
}
