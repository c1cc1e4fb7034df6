using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The service as a real process, killed (SIGKILL) in the middle of a batch and started again over the same data: the
/// batch completes, with every entry issued exactly once.
/// </summary>
public sealed class BatchCrashTests : IDisposable
{
    private const string AdminKey = "bi_crash-test-admin-key-0123456789abcdefghijkl";
    private const string KeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "badgeissuer-crash-" + Guid.NewGuid().ToString("N"));
    private readonly string _url = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
    private ServiceProcess? _service;

    public void Dispose()
    {
        Stop();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private async Task StartAsync() =>
        _service = await ServiceProcess.StartAsync(_url, new Dictionary<string, string>
        {
            ["BadgeIssuer__DataDirectory"] = _data,
            ["BadgeIssuer__AdminApiKey"] = AdminKey,
            ["BadgeIssuer__KeyEncryptionKey"] = KeyEncryptionKey,
            ["BadgeIssuer__PublicBaseUrl"] = _url,
            ["BadgeIssuer__Batches__LeaseSeconds"] = "2",
        }, "--urls", _url);

    private void Stop()
    {
        _service?.Dispose();
        _service = null;
    }

    private HttpClient Client(string key)
    {
        HttpClient client = new() { BaseAddress = new Uri(_url) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task A_process_killed_mid_batch_resumes_on_restart_with_no_entry_lost_or_issued_twice()
    {
        const int entries = 300;
        await StartAsync();
        using HttpClient admin = Client(AdminKey);
        string issuerId = (await (await admin.PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")))).ReadObjectAsync())["id"]!.GetValue<string>();
        string key = (await (await admin.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes = ApiFactory.IssuerScopes, name = "crash" })).ReadObjectAsync())["apiKey"]!.GetValue<string>();
        using HttpClient client = Client(key);
        string achievementId = (await (await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(Journey.Sample("achievements/performance-assessment-design.json")))).ReadObjectAsync())["id"]!.GetValue<string>();
        JsonArray list = [.. Enumerable.Range(0, entries).Select(_ => (JsonNode)Journey.AwardBody("requests/award-met.json", achievementId))];
        string location = (await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = list }))).Headers.Location!.ToString();

        int processedAtKill;
        while ((processedAtKill = (await (await client.GetAsync(location)).ReadObjectAsync())["processed"]!.GetValue<int>()) < 40) await Task.Delay(20);
        Stop();
        await StartAsync();
        JsonObject batch = await AwardBatchTests.CompletedAsync(client, location, TimeSpan.FromSeconds(120));

        Assert.InRange(processedAtKill, 40, entries - 1);
        Assert.Equal((entries, entries), (batch["processed"]!.GetValue<int>(), batch["issued"]!.GetValue<int>()));
        HashSet<string> awardIds = [.. batch["results"]!.AsArray().Select(r => r!["awardId"]!.GetValue<string>())];
        Assert.Equal(entries, awardIds.Count);
        Assert.Equal(awardIds.Order(StringComparer.Ordinal), (await Journey.AwardIdsAsync(client, issuerId)).Order(StringComparer.Ordinal));
    }
}
