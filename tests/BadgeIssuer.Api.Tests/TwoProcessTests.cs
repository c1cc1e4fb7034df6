using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Two service processes on one SQLite file, as two replicas behind one address: both start at once over a new file,
/// both run their batch and webhook workers, and every batch entry is issued and every webhook delivered exactly once
/// (ISSUE 14, item 9). Each process has its own group-commit writer; SQLite's write lock and busy timeout order them.
/// </summary>
public sealed class TwoProcessTests(ITestOutputHelper output) : IDisposable
{
    private const string AdminKey = "bi_two-process-admin-key-0123456789abcdefghij";
    private const string KeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const int Batches = 4;
    private const int EntriesPerBatch = 100;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "badgeissuer-two-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProcess> _services = [];

    public void Dispose()
    {
        foreach (ServiceProcess service in _services) service.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private static HttpClient Client(string url, string key)
    {
        HttpClient client = new() { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task Two_processes_on_one_file_issue_each_batch_entry_and_deliver_each_webhook_exactly_once()
    {
        const int entries = Batches * EntriesPerBatch;
        string[] urls = [$"http://127.0.0.1:{ServiceProcess.FreePort()}", $"http://127.0.0.1:{ServiceProcess.FreePort()}"];
        Dictionary<string, string> Settings() => new()
        {
            ["BadgeIssuer__DataDirectory"] = _data,
            ["BadgeIssuer__AdminApiKey"] = AdminKey,
            ["BadgeIssuer__KeyEncryptionKey"] = KeyEncryptionKey,
            ["BadgeIssuer__PublicBaseUrl"] = urls[0],
            ["BadgeIssuer__Webhooks__AllowPrivateNetworks"] = "true",
        };
        _services.AddRange(await Task.WhenAll(urls.Select(url => ServiceProcess.StartAsync(url, Settings(), "--urls", url))));
        using Receiver receiver = new(HttpStatusCode.OK);

        using HttpClient admin = Client(urls[0], AdminKey);
        string issuerId = (await (await admin.PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")))).ReadObjectAsync())["id"]!.GetValue<string>();
        string key = (await (await admin.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes = ApiFactory.IssuerScopes, name = "two" })).ReadObjectAsync())["apiKey"]!.GetValue<string>();
        HttpClient[] clients = [.. urls.Select(url => Client(url, key))];
        string achievementId = (await (await clients[1].PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(Journey.Sample("achievements/performance-assessment-design.json")))).ReadObjectAsync())["id"]!.GetValue<string>();
        HttpResponseMessage subscribed = await clients[0].PostAsync($"/api/v1/issuers/{issuerId}/webhooks",
            Journey.Json(new JsonObject { ["url"] = receiver.Url, ["events"] = new JsonArray("award.issued", "batch.completed") }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        // The batches are submitted to both processes in turn; each wakes its own worker, and both poll for the rest.
        string[] locations = await Task.WhenAll(Enumerable.Range(0, Batches).Select(async b =>
        {
            JsonArray list = [.. Enumerable.Range(0, EntriesPerBatch).Select(_ => (JsonNode)Journey.AwardBody("requests/award-met.json", achievementId))];
            HttpResponseMessage accepted = await clients[b % 2].PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = list }));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            return accepted.Headers.Location!.ToString();
        }));
        JsonObject[] completed = await Task.WhenAll(locations.Select(location => AwardBatchTests.CompletedAsync(clients[0], location, TimeSpan.FromSeconds(120))));
        await receiver.WaitForAsync(entries + Batches, seconds: 60);

        Assert.All(completed, batch => Assert.Equal((EntriesPerBatch, EntriesPerBatch), (batch["processed"]!.GetValue<int>(), batch["issued"]!.GetValue<int>())));
        HashSet<string> awardIds = [.. completed.SelectMany(batch => batch["results"]!.AsArray().Select(r => r!["awardId"]!.GetValue<string>()))];
        Assert.Equal(entries, awardIds.Count);
        Assert.Equal(awardIds.Order(StringComparer.Ordinal), (await Journey.AwardIdsAsync(clients[1], issuerId)).Order(StringComparer.Ordinal));

        // Every delivery was sent once: none is left pending or dead, the receiver saw each delivery id once, and each
        // process counted only the deliveries it sent (the counts of both add up to the deliveries, not more).
        string deliveries = $"/api/v1/issuers/{issuerId}/webhooks/{(await subscribed.ReadObjectAsync())["id"]!.GetValue<string>()}/deliveries";
        Assert.Empty(JsonNode.Parse(await clients[1].GetStringAsync(deliveries + "?state=pending"))!.AsArray());
        Assert.Empty(JsonNode.Parse(await clients[1].GetStringAsync(deliveries + "?state=dead"))!.AsArray());
        Assert.Equal(entries + Batches, receiver.DeliveryIds.Count);
        Assert.Equal(entries + Batches, receiver.DeliveryIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(entries, receiver.Received.Count(r => r.Event == "award.issued"));
        HashSet<string> notified = [.. receiver.Received.Where(r => r.Event == "award.issued").Select(r => JsonNode.Parse(r.Body)!["data"]!["awardId"]!.GetValue<string>())];
        Assert.True(awardIds.SetEquals(notified));

        double[] entriesBy = new double[urls.Length], deliveriesBy = new double[urls.Length];
        for (int i = 0; i < urls.Length; i++)
        {
            using HttpClient scraper = new() { BaseAddress = new Uri(urls[i]) };
            string metrics = await scraper.GetStringAsync("/metrics");
            entriesBy[i] = Total(metrics, "badgeissuer_batch_entries_total");
            deliveriesBy[i] = Total(metrics, "badgeissuer_webhook_deliveries_total");
        }
        output.WriteLine($"batch entries by process: {string.Join(", ", entriesBy)}; webhook deliveries by process: {string.Join(", ", deliveriesBy)}");
        Assert.Equal(entries, entriesBy.Sum());
        Assert.Equal(entries + Batches, deliveriesBy.Sum());
        foreach (HttpClient client in clients) client.Dispose();
    }

    /// <summary>The sum of every series of a counter in a Prometheus text exposition (0 when it has none yet).</summary>
    private static double Total(string metrics, string name) =>
        Regex.Matches(metrics, $"^{Regex.Escape(name)}(?:\\{{[^}}]*\\}})? (\\S+)", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
}
