using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Every route under <c>/api/v1/issuers/{issuerId}</c> sits in the issuer group, whose filter answers another issuer's
/// client as if the issuer did not exist: found by walking the service's own route table, so a route added later is
/// checked too.
/// </summary>
public sealed class IssuerScopeTests : IClassFixture<ApiFactory>
{
    private const string Prefix = "/api/v1/issuers/{issuerId}";
    private readonly ApiFactory _api;

    public IssuerScopeTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task No_issuer_scoped_route_lets_one_issuers_client_act_for_another()
    {
        (string issuerA, _, _) = await Journey.ReadyIssuerAsync(_api);
        (_, _, HttpClient clientB) = await Journey.ReadyIssuerAsync(_api);
        List<(string Method, string Pattern)> routes =
        [
            .. _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText?.StartsWith(Prefix, StringComparison.Ordinal) == true)
                .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (m, e.RoutePattern.RawText!))),
        ];
        Assert.True(routes.Count >= 20, $"found only {routes.Count} issuer-scoped routes");

        foreach ((string method, string pattern) in routes)
        {
            string path = pattern.Replace("{issuerId}", issuerA, StringComparison.Ordinal);
            foreach (string parameter in new[] { "{achievementId}", "{awardId}", "{batchId}", "{webhookId}", "{recipient}" })
                path = path.Replace(parameter, "x", StringComparison.Ordinal);
            using HttpRequestMessage request = new(new HttpMethod(method), path);
            if (method is "POST" or "PUT") request.Content = Journey.Json("{}");

            HttpResponseMessage response = await clientB.SendAsync(request);

            // 403 where B's key lacks the route's scope (administrators' routes), else the 404 of an unknown issuer.
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{method} {pattern}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.NotFound)
                Assert.Equal($"There is no issuer '{issuerA}'.", (await response.ReadObjectAsync())["detail"]!.GetValue<string>());
        }
    }
}
