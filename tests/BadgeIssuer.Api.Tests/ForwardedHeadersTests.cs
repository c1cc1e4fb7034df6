using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Behind a reverse proxy: X-Forwarded-For names the client for the failed-authentication limit only when the peer is a
/// configured trusted proxy; from any other peer the header is ignored and the peer's own address is limited. The test
/// server has no peer address of its own, so <see cref="RateLimitTests.ClientAddressFromHeader"/> sets it first.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.1.2.3";

    /// <summary>One failed attempt a minute: the allowance does not refill while a test runs, however slow the machine.</summary>
    private const int Allowance = 1;

    private static WebApplicationFactory<Program> Service(ApiFactory api) =>
        api.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RateLimitTests.ClientAddressFromHeader>()));

    private static ApiFactory Limited() => ApiFactory.With(new Dictionary<string, string>
    {
        ["BadgeIssuer:RateLimiting:Enabled"] = "true",
        ["BadgeIssuer:RateLimiting:AuthFailuresPerMinute"] = Allowance.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["BadgeIssuer:ForwardedHeaders:TrustedProxies:0"] = "10.0.0.0/8",
        ["BadgeIssuer:ForwardedHeaders:TrustedProxies:1"] = "192.0.2.10",
    });

    private static async Task<HttpStatusCode> GuessAsync(WebApplicationFactory<Program> service, string peer, string? forwardedFor)
    {
        using HttpClient client = service.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(ApiFactory.BaseUrl) });
        client.DefaultRequestHeaders.Add(RateLimitTests.AddressHeader, peer);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "bi_guessed-key-0123456789");
        return (await client.GetAsync("/api/v1/issuers")).StatusCode;
    }

    [Fact]
    public async Task Through_a_trusted_proxy_each_forwarded_client_has_its_own_allowance()
    {
        using ApiFactory api = Limited();
        using WebApplicationFactory<Program> service = Service(api);

        for (int i = 0; i < Allowance; i++) Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(service, Proxy, "203.0.113.7"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(service, Proxy, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(service, "192.0.2.10", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(service, Proxy, "203.0.113.8"));
    }

    [Fact]
    public async Task From_a_peer_that_is_no_trusted_proxy_the_forwarded_address_is_ignored()
    {
        using ApiFactory api = Limited();
        using WebApplicationFactory<Program> service = Service(api);

        for (int i = 0; i < Allowance; i++) Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(service, "198.51.100.4", $"203.0.113.{i + 1}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(service, "198.51.100.4", "203.0.113.99"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(service, "198.51.100.4", null));
        Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(service, Proxy, "198.51.100.4, 203.0.113.50"));
    }

    [Fact]
    public async Task A_client_behind_a_chain_of_trusted_proxies_is_the_first_untrusted_address()
    {
        using ApiFactory api = Limited();
        using WebApplicationFactory<Program> service = Service(api);

        for (int i = 0; i < Allowance; i++) Assert.Equal(HttpStatusCode.Unauthorized, await GuessAsync(service, Proxy, "203.0.113.7, 10.9.9.9"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(service, Proxy, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GuessAsync(service, Proxy, "198.51.100.1, 203.0.113.7"));
    }

    [Fact]
    public void A_trusted_proxy_that_is_no_address_or_network_stops_the_start_naming_it()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:ForwardedHeaders:TrustedProxies:0"] = "proxy.internal" });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal("BadgeIssuer:ForwardedHeaders:TrustedProxies must hold IP addresses or CIDR networks (e.g. 10.0.0.0/8); found 'proxy.internal'.", refused.Message);
    }
}
