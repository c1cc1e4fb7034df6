using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The verify routes are rationed per client address and in total, and nothing else is; failed authentication is
/// rationed per client address. The test server has no
/// client address of its own, so a startup filter takes it from the <c>X-Test-Client-Address</c> header.
/// </summary>
public sealed class RateLimitTests
{
    internal const string AddressHeader = "X-Test-Client-Address";

    private static ApiFactory Limited(bool enabled, int perMinute, int concurrency = 4) => ApiFactory.With(new Dictionary<string, string>
    {
        ["BadgeIssuer:RateLimiting:Enabled"] = enabled ? "true" : "false",
        ["BadgeIssuer:RateLimiting:VerifyPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BadgeIssuer:RateLimiting:VerifyConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static WebApplicationFactory<Program> Service(ApiFactory api) =>
        api.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>()));

    private static HttpClient Client(WebApplicationFactory<Program> service, string address, string? apiKey = null)
    {
        HttpClient client = service.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(ApiFactory.BaseUrl), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(AddressHeader, address);
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    private static StringContent Garbage() => Journey.Json(new JsonObject { ["credential"] = "not a credential" });

    [Fact]
    public async Task The_verify_after_the_per_minute_allowance_gets_429_problem_json_with_retry_after()
    {
        using ApiFactory api = Limited(enabled: true, perMinute: 3);
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient client = Client(service, "203.0.113.7");

        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        HttpResponseMessage refused = await client.PostAsync("/api/v1/verify", Garbage());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ApiFactory.BaseUrl + "/problems/rate-limited", (await refused.ReadObjectAsync())["type"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(20), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Presentations_to_wallet_exchanges_draw_on_the_same_allowance_as_verify()
    {
        using ApiFactory api = Limited(enabled: true, perMinute: 2);
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient client = Client(service, "203.0.113.9");
        const string exchange = "/exchanges/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(exchange, Journey.Json(new JsonObject()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        HttpResponseMessage refused = await client.PostAsync(exchange, Journey.Json(new JsonObject()));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(ApiFactory.BaseUrl + "/problems/rate-limited", (await refused.ReadObjectAsync())["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(exchange)).StatusCode);
    }

    [Fact]
    public async Task Failed_authentications_past_the_allowance_get_429_for_that_address_only_and_are_logged_with_the_address_never_the_key()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["BadgeIssuer:RateLimiting:Enabled"] = "true",
            ["BadgeIssuer:RateLimiting:AuthFailuresPerMinute"] = "3",
        });
        CapturedLogs logs = new();
        using WebApplicationFactory<Program> service = api.WithWebHostBuilder(builder => builder
            .ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>())
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        const string guess = "bi_guessed-key-0123456789";
        using HttpClient guesser = Client(service, "203.0.113.9", guess);
        using HttpClient adminFromGuesser = Client(service, "203.0.113.9", ApiFactory.AdminKey);
        using HttpClient adminElsewhere = Client(service, "198.51.100.20", ApiFactory.AdminKey);

        for (int i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/v1/issuers")).StatusCode);
        HttpResponseMessage refused = await guesser.GetAsync("/api/v1/issuers");
        HttpResponseMessage validKeyFromThere = await adminFromGuesser.GetAsync("/api/v1/issuers");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ApiFactory.BaseUrl + "/problems/rate-limited", (await refused.ReadObjectAsync())["type"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(20), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, validKeyFromThere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminElsewhere.GetAsync("/api/v1/issuers")).StatusCode);
        Assert.Equal(3, logs.Messages.Count(m => m.StartsWith("Authentication failed from 203.0.113.9 ", StringComparison.Ordinal)));
        Assert.Contains(logs.Messages, m => m.StartsWith("Authentication refused to 203.0.113.9 ", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(guess, StringComparison.Ordinal) || m.Contains(ApiFactory.AdminKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_verify_page_shares_the_allowance_and_another_address_has_its_own()
    {
        using ApiFactory api = Limited(enabled: true, perMinute: 2);
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient first = Client(service, "203.0.113.7");
        using HttpClient second = Client(service, "198.51.100.20");
        using FormUrlEncodedContent form = new([new("credential", "not a credential")]);

        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsync("/verify", form)).StatusCode);
        HttpResponseMessage refused = await first.PostAsync("/verify", form);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsync("/api/v1/verify", Garbage())).StatusCode);
    }

    [Fact]
    public async Task Issuing_health_and_credential_documents_are_not_limited()
    {
        using ApiFactory api = Limited(enabled: true, perMinute: 1);
        (string issuerId, string achievementId, HttpClient issuerClient) = await Journey.ReadyIssuerAsync(api);
        string apiKey = issuerClient.DefaultRequestHeaders.Authorization!.Parameter!;
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient client = Client(service, "203.0.113.7", apiKey);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        for (int i = 0; i < 3; i++)
        {
            HttpResponseMessage issued = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)));
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            string credentialUrl = (await issued.ReadObjectAsync())["links"]!["credential"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(credentialUrl)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(credentialUrl + ".html")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify")).StatusCode);
        }
    }

    [Fact]
    public async Task Verifications_beyond_the_concurrency_limit_get_503_while_health_and_issuing_answer()
    {
        using ApiFactory api = Limited(enabled: true, perMinute: 1000, concurrency: 1);
        (string issuerId, string achievementId, HttpClient issuerClient) = await Journey.ReadyIssuerAsync(api);
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient client = Client(service, "203.0.113.7", issuerClient.DefaultRequestHeaders.Authorization!.Parameter);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage>[] held = [client.PostAsync("/api/v1/verify", new HeldBody(release.Task)), client.PostAsync("/api/v1/verify", new HeldBody(release.Task))];

        Task<HttpResponseMessage> turnedAway = await Task.WhenAny(held).WaitAsync(TimeSpan.FromSeconds(30));
        Task<HttpResponseMessage> running = held.Single(h => h != turnedAway);
        HttpResponseMessage busy = await turnedAway;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ApiFactory.BaseUrl + "/problems/verification-busy", (await busy.ReadObjectAsync())["type"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(VerificationRateLimits.BusyRetryAfterSeconds), busy.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsync("/api/v1/verify", Garbage())).StatusCode);

        Stopwatch health = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.True(health.Elapsed < TimeSpan.FromSeconds(5), $"/health took {health.Elapsed}");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/verify")).StatusCode);
        Assert.False(running.IsCompleted);

        release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/verify", Garbage())).StatusCode);
    }

    [Fact]
    public async Task A_verification_turned_away_for_want_of_a_slot_does_not_use_up_the_address_allowance()
    {
        using ApiFactory api = Limited(enabled: true, perMinute: 1, concurrency: 1);
        using WebApplicationFactory<Program> service = Service(api);
        HttpClient[] clients = [Client(service, "198.51.100.20"), Client(service, "198.51.100.21")];
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage>[] held = [.. clients.Select(c => c.PostAsync("/api/v1/verify", new HeldBody(release.Task)))];

        Task<HttpResponseMessage> turnedAway = await Task.WhenAny(held).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await turnedAway).StatusCode);
        release.SetResult();
        await Task.WhenAll(held);
        HttpClient again = clients[Array.IndexOf(held, turnedAway)];

        Assert.Equal(HttpStatusCode.OK, (await again.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await again.PostAsync("/api/v1/verify", Garbage())).StatusCode);
        foreach (HttpClient client in clients) client.Dispose();
    }

    [Fact]
    public async Task A_used_up_failed_authentication_allowance_stays_used_up_across_the_limiter_s_refill_ticks()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["BadgeIssuer:RateLimiting:Enabled"] = "true",
            ["BadgeIssuer:RateLimiting:AuthFailuresPerMinute"] = "1",
        });
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient guesser = Client(service, "203.0.113.11", "bi_guessed-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/v1/issuers")).StatusCode);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        HttpResponseMessage refused = await guesser.GetAsync("/api/v1/issuers");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task With_rate_limiting_disabled_no_verify_is_refused()
    {
        using ApiFactory api = Limited(enabled: false, perMinute: 1, concurrency: 1);
        using WebApplicationFactory<Program> service = Service(api);
        using HttpClient client = Client(service, "203.0.113.7");

        HttpResponseMessage[] answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync("/api/v1/verify", Garbage())));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void An_ipv6_client_is_limited_by_its_64_and_an_ipv4_client_by_its_address(string address, string partition) =>
        Assert.Equal(partition, VerificationRateLimits.ClientPartition(IPAddress.Parse(address)));

    /// <summary>Sets the connection's remote address from the test header, before the rate limiter reads it.</summary>
    internal sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate nextMiddleware) =>
            {
                if (IPAddress.TryParse(http.Request.Headers[AddressHeader], out IPAddress? address)) http.Connection.RemoteIpAddress = address;
                return nextMiddleware(http);
            });
            next(app);
        };
    }

    /// <summary>A JSON body whose end is sent only when <paramref name="release"/> completes: it holds a verification open.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly Task _release;

        public HeldBody(Task release)
        {
            _release = release;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync("{\"credential\":"u8.ToArray());
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync("\"not a credential\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
