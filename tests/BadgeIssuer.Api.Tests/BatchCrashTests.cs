using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The service as a real process, killed (SIGKILL) in the middle of a batch and started again over the same data: the
/// batch completes, with every entry issued exactly once.
/// </summary>
public sealed class BatchCrashTests : IDisposable
{
    private readonly CrashableService _service = new(new Dictionary<string, string> { ["BadgeIssuer__Batches__LeaseSeconds"] = "2" });

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task A_process_killed_mid_batch_resumes_on_restart_with_no_entry_lost_or_issued_twice()
    {
        const int entries = 300;
        await _service.StartAsync();
        (string issuerId, string key) = await _service.IssuerAsync();
        using HttpClient client = _service.Client(key);
        string achievementId = (await (await client.PostAsync($"/api/v1/issuers/{issuerId}/achievements", Journey.Json(Journey.Sample("achievements/performance-assessment-design.json")))).ReadObjectAsync())["id"]!.GetValue<string>();
        JsonArray list = [.. Enumerable.Range(0, entries).Select(_ => (JsonNode)Journey.AwardBody("requests/award-met.json", achievementId))];
        string location = (await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = list }))).Headers.Location!.ToString();

        int processedAtKill;
        while ((processedAtKill = (await (await client.GetAsync(location)).ReadObjectAsync())["processed"]!.GetValue<int>()) < 40) await Task.Delay(20);
        _service.Kill();
        await _service.StartAsync();
        JsonObject batch = await AwardBatchTests.CompletedAsync(client, location, TimeSpan.FromSeconds(120));

        Assert.InRange(processedAtKill, 40, entries - 1);
        Assert.Equal((entries, entries), (batch["processed"]!.GetValue<int>(), batch["issued"]!.GetValue<int>()));
        HashSet<string> awardIds = [.. batch["results"]!.AsArray().Select(r => r!["awardId"]!.GetValue<string>())];
        Assert.Equal(entries, awardIds.Count);
        Assert.Equal(awardIds.Order(StringComparer.Ordinal), (await Journey.AwardIdsAsync(client, issuerId)).Order(StringComparer.Ordinal));
    }
}
