using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static BadgeIssuer.Api.Tests.Journey;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The tests that read counters from <c>/metrics</c> run alone: the OpenTelemetry SDK listens to every meter named
/// BadgeIssuer in the process, so awards issued by tests running beside them would be counted too.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

[Collection(nameof(MetricsCollection))]
public sealed class ObservabilityTests : IDisposable
{
    private readonly ApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Metrics_count_each_award_issued_and_not_its_replay()
    {
        (string issuerId, string achievementId, HttpClient client) = await ReadyIssuerAsync(_api);
        using (client)
        {
            double before = Sample(await ScrapeAsync(), "badgeissuer_awards_issued_total");
            string body = AwardBody("requests/award-met.json", achievementId).ToJsonString();
            for (int i = 0; i < 2; i++)
                Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).StatusCode);
            using HttpRequestMessage keyed = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(body) };
            keyed.Headers.Add("Idempotency-Key", "metrics-replay");
            using HttpRequestMessage replay = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards") { Content = Journey.Json(body) };
            replay.Headers.Add("Idempotency-Key", "metrics-replay");
            HttpResponseMessage first = await client.SendAsync(keyed);
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal((await first.ReadObjectAsync())["id"]!.GetValue<string>(), (await (await client.SendAsync(replay)).ReadObjectAsync())["id"]!.GetValue<string>());

            Assert.Equal(before + 3, Sample(await ScrapeAsync(), "badgeissuer_awards_issued_total"));
        }
    }

    [Fact]
    public async Task Metrics_count_each_verification_with_its_verdict()
    {
        (_, HttpClient client, JsonObject award) = await IssueSampleAsync(_api);
        client.Dispose();
        string before = await ScrapeAsync();
        JsonObject tampered = award.DeepClone().AsObject();
        tampered["credential"]!["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";

        Assert.True((await VerifyAsync(_api, award))["verified"]!.GetValue<bool>());
        Assert.False((await VerifyAsync(_api, tampered))["verified"]!.GetValue<bool>());
        Assert.True((await VerifyAsync(_api, award))["verified"]!.GetValue<bool>());

        string after = await ScrapeAsync();
        Assert.Equal(Sample(before, "badgeissuer_verifications_total", "verdict=\"verified\"") + 2, Sample(after, "badgeissuer_verifications_total", "verdict=\"verified\""));
        Assert.Equal(Sample(before, "badgeissuer_verifications_total", "verdict=\"failed\"") + 1, Sample(after, "badgeissuer_verifications_total", "verdict=\"failed\""));
    }

    [Fact]
    public async Task Metrics_show_the_request_duration_of_ASP_NET_Core()
    {
        using HttpClient anonymous = _api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        string metrics = await ScrapeAsync();
        Assert.Matches(new Regex("^http_server_request_duration_seconds_count\\{[^}]*http_route=\"/health\"", RegexOptions.Multiline), metrics);
    }

    [Fact]
    public async Task An_activity_listener_sees_the_span_of_issuing_an_award()
    {
        ConcurrentBag<Activity> stopped = [];
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source.Name == BadgeIssuerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        (string issuerId, HttpClient client, JsonObject award) = await IssueSampleAsync(_api);
        client.Dispose();
        string awardId = award["id"]!.GetValue<string>();

        Activity span = Assert.Single(stopped, a => a.OperationName == BadgeIssuerTelemetry.IssueAwardSpan && (a.GetTagItem("badgeissuer.award.id") as string) == awardId);
        Assert.Equal(issuerId, span.GetTagItem("badgeissuer.issuer.id"));
        Assert.Equal("issued", span.GetTagItem(BadgeIssuerTelemetry.OutcomeTag));
    }

    [Fact]
    public async Task Live_and_ready_answer_200_while_the_store_answers()
    {
        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage live = await anonymous.GetAsync(Observability.LivePath);
        HttpResponseMessage ready = await anonymous.GetAsync(Observability.ReadyPath);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_answers_503_and_live_200_once_the_SQLite_data_directory_is_gone()
    {
        using HttpClient anonymous = _api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(Observability.ReadyPath)).StatusCode);

        // The open connections keep the deleted file; a new one finds no directory to open the database in.
        Directory.Delete(_api.DataDirectory, recursive: true);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync(Observability.ReadyPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(Observability.LivePath)).StatusCode);
    }

    [Fact]
    public async Task Metrics_bound_to_a_management_port_answer_only_on_that_port()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Metrics:Port"] = "9464" });
        using HttpClient anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Observability.MetricsPath)).StatusCode);
        HttpResponseMessage scrape = await anonymous.GetAsync(new Uri(new Uri(ApiFactory.BaseUrl + ":9464"), Observability.MetricsPath));
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public void Traces_are_recorded_for_export_only_when_an_OTLP_endpoint_is_set()
    {
        using ApiFactory otlp = ApiFactory.With(new Dictionary<string, string> { [Observability.OtlpEndpointVariable] = "http://127.0.0.1:4317" });
        Assert.NotNull(otlp.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
        Assert.Null(_api.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public async Task A_claim_token_or_an_exchange_id_in_a_request_path_reaches_traces_only_as_the_route_template()
    {
        using ApiFactory otlp = ApiFactory.With(new Dictionary<string, string> { [Observability.OtlpEndpointVariable] = "http://127.0.0.1:9" });
        using RequestSpans spans = new();
        (_, HttpClient client, JsonObject award) = await IssueSampleAsync(otlp);
        client.Dispose();
        string link = award["links"]!["claim"]!.GetValue<string>(), token = link[(link.LastIndexOf('/') + 1)..];
        using HttpClient anonymous = otlp.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
        HttpResponseMessage redirect = await anonymous.GetAsync(link + "/lcw");
        string exchange = Uri.UnescapeDataString(redirect.Headers.Location!.Query.Split('&').Single(p => p.StartsWith("vc_request_url=", StringComparison.Ordinal))["vc_request_url=".Length..]);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(exchange)).StatusCode);

        Activity[] secretRoutes = await spans.OfAsync("/claim/{token}", "/claim/{token}/lcw", "/exchanges/{exchangeId}");
        Assert.Equal(3, secretRoutes.Select(span => span.GetTagItem("http.route")).Distinct().Count());
        Assert.All(secretRoutes, span => Assert.Equal(span.GetTagItem("http.route"), span.GetTagItem("url.path")));
        Assert.False(spans.Mention(token, exchange[(exchange.LastIndexOf('/') + 1)..]));
    }

    [Fact]
    public async Task Metrics_can_be_turned_off()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Metrics:Prometheus"] = "false" });
        using HttpClient anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Observability.MetricsPath)).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_batch_entries_by_outcome()
    {
        (string issuerId, string achievementId, HttpClient client) = await ReadyIssuerAsync(_api);
        using (client)
        {
            string before = await ScrapeAsync();
            JsonArray entries = [AwardBody("requests/award-met.json", achievementId), AwardBody("requests/award-met.json", achievementId), AwardBody("requests/award-unmet.json", achievementId)];
            HttpResponseMessage accepted = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = entries }));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60));

            string after = await ScrapeAsync();
            Assert.Equal(Sample(before, "badgeissuer_batch_entries_total", "outcome=\"issued\"") + 2, Sample(after, "badgeissuer_batch_entries_total", "outcome=\"issued\""));
            Assert.Equal(Sample(before, "badgeissuer_batch_entries_total", "outcome=\"criteria-not-met\"") + 1, Sample(after, "badgeissuer_batch_entries_total", "outcome=\"criteria-not-met\""));
        }
    }

    [Fact]
    public async Task State_changes_are_logged_with_ids_and_never_an_email_address_or_key()
    {
        CapturedLog log = new();
        _api.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
        (string issuerId, string achievementId, HttpClient client) = await ReadyIssuerAsync(_api);
        using (client)
        {
            string apiKey = await CreateClientKeyAsync(_api, issuerId, ApiFactory.IssuerScopes);
            JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
            string awardId = award["id"]!.GetValue<string>();
            JsonObject second = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}:suspend", Journey.Json("""{"reason": "Under review."}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{second["id"]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""))).StatusCode);
            using (HttpClient admin = _api.Admin())
                Assert.True((await admin.PostAsync($"/api/v1/issuers/{issuerId}/keys:rotate", null)).IsSuccessStatusCode);
            HttpResponseMessage accepted = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = new JsonArray(AwardBody("requests/award-met.json", achievementId)) }));
            string batchId = (await AwardBatchTests.CompletedAsync(client, accepted.Headers.Location!.ToString(), TimeSpan.FromSeconds(60)))["id"]!.GetValue<string>();

            await log.WaitForAsync(1007, TimeSpan.FromSeconds(30));
            Assert.Contains(log.Lines, l => l.EventId == 1001 && l.Message.Contains(awardId, StringComparison.Ordinal) && l.Message.Contains(issuerId, StringComparison.Ordinal));
            Assert.Contains(log.Lines, l => l.EventId == 1003 && l.Message.Contains(awardId, StringComparison.Ordinal));
            Assert.Contains(log.Lines, l => l.EventId == 1002 && l.Message.Contains(second["id"]!.GetValue<string>(), StringComparison.Ordinal));
            Assert.Contains(log.Lines, l => l.EventId == 1005 && l.Message.Contains(issuerId, StringComparison.Ordinal));
            Assert.Contains(log.Lines, l => l.EventId == 1006 && l.Message.Contains(issuerId, StringComparison.Ordinal));
            Assert.Contains(log.Lines, l => l.EventId == 1007 && l.Message.Contains(batchId, StringComparison.Ordinal));
            string email = SampleJson("requests/award-met.json")["recipient"]!["email"]!.GetValue<string>();
            Assert.DoesNotContain(log.Lines, l => l.Message.Contains(email, StringComparison.OrdinalIgnoreCase)
                || l.Message.Contains(apiKey, StringComparison.Ordinal) || l.Message.Contains(ApiFactory.AdminKey, StringComparison.Ordinal));
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using HttpClient anonymous = _api.Anonymous();
        return await anonymous.GetStringAsync(Observability.MetricsPath);
    }

    /// <summary>The value of the series <paramref name="name"/> whose labels include <paramref name="label"/>; 0 before its first count.</summary>
    private static double Sample(string metrics, string name, string label = "")
    {
        Match match = Regex.Match(metrics, $"^{Regex.Escape(name)}\\{{[^}}]*{Regex.Escape(label)}[^}}]*\\}} (\\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}

/// <summary>Every log line written through the service's logger factory, with its event id.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, string Message)> _lines = new();

    public IReadOnlyList<(int EventId, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public async Task WaitForAsync(int eventId, TimeSpan timeout)
    {
        for (DateTime deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(20))
            if (_lines.Any(l => l.EventId == eventId)) return;
        throw new TimeoutException($"No log line with event id {eventId} in {timeout}.");
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(int, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((eventId.Id, formatter(state, exception)));
    }
}
