using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Tests.Verification;

namespace BadgeIssuer.Api.Tests;

/// <summary>Issue 11, "done when": the hostile cases answer within 5 s, and /health keeps answering while they run.</summary>
public sealed class VerifyBudgetTests : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly ApiFactory _api;

    public VerifyBudgetTests(ApiFactory api) => _api = api;

    private async Task<(HttpStatusCode Status, JsonObject Report, TimeSpan Elapsed)> VerifyAsync(string body)
    {
        using HttpClient anonymous = _api.Anonymous();
        // The service's start (store, first request) is not part of what is timed.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Stopwatch clock = Stopwatch.StartNew();
        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", Journey.Json(body));
        JsonObject report = await response.ReadObjectAsync();
        return (response.StatusCode, report, clock.Elapsed);
    }

    private static IEnumerable<string> Codes(JsonObject report) => report["checks"]!.AsArray().Select(c => c!["code"]!.GetValue<string>());

    [Theory]
    [InlineData("1,000 evidence items and 100 proofs", "indeterminate", "too-many-proofs")]
    [InlineData("5,000 proofs", "indeterminate", "too-many-proofs")]
    [InlineData("a 1.5 MB proofValue", "invalid", "invalid-proof")]
    public async Task Each_hostile_body_of_issue_11_answers_within_five_seconds(string name, string verdict, string code)
    {
        string body = (name switch
        {
            "5,000 proofs" => HostileCredentials.FiveThousandProofs(),
            "a 1.5 MB proofValue" => HostileCredentials.HugeProofValue(),
            _ => HostileCredentials.ManyEvidenceManyProofs(),
        }).ToJsonString();

        (HttpStatusCode status, JsonObject report, TimeSpan elapsed) = await VerifyAsync(body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(verdict, report["status"]!.GetValue<string>());
        Assert.Contains(code, Codes(report));
        Assert.True(elapsed < Bound, $"{name} ({body.Length} bytes) took {elapsed}");
    }

    [Fact]
    public void The_five_thousand_proof_body_fits_under_the_two_mebibyte_limit()
    {
        int length = HostileCredentials.FiveThousandProofs().ToJsonString().Length;

        Assert.InRange(length, 1_500_000, 2 * 1024 * 1024);
    }

    [Fact]
    public async Task Health_answers_within_a_second_while_four_hostile_bodies_are_verified()
    {
        string[] bodies = [.. new[]
        {
            HostileCredentials.FiveThousandProofs(), HostileCredentials.FiveThousandProofs(),
            HostileCredentials.ManyEvidenceManyProofs(), HostileCredentials.HugeProofValue(),
        }.Select(c => c.ToJsonString())];
        using HttpClient anonymous = _api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Task<(HttpStatusCode Status, JsonObject Report, TimeSpan Elapsed)>[] running = [.. bodies.Select(body => Task.Run(() => VerifyAsync(body)))];

        List<TimeSpan> health = [];
        while (!running.All(t => t.IsCompleted))
        {
            Stopwatch clock = Stopwatch.StartNew();
            HttpResponseMessage response = await anonymous.GetAsync("/health");
            health.Add(clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        (HttpStatusCode Status, JsonObject Report, TimeSpan Elapsed)[] done = await Task.WhenAll(running);

        Assert.NotEmpty(health);
        Assert.All(health, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(1), $"/health took {elapsed}"));
        Assert.All(done, r => Assert.True(r.Status == HttpStatusCode.OK && r.Elapsed < Bound, $"{r.Status} after {r.Elapsed}"));
    }
}
