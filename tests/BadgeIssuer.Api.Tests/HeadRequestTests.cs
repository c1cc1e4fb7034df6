using System.Net;

namespace BadgeIssuer.Api.Tests;

/// <summary>RFC 9110 §9.3.2 on Kestrel: HEAD answers every GET route with its status and header fields and no content.</summary>
public sealed class HeadRequestTests : IDisposable
{
    private readonly ApiFactory _api = ApiFactory.OnLoopback();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task Head_of_a_badge_its_image_and_a_page_has_the_get_answers_header_fields_and_no_content()
    {
        (_, _, System.Text.Json.Nodes.JsonObject award) = await Journey.IssueSampleAsync(_api);
        using HttpClient anonymous = _api.Anonymous();
        string credential = new Uri(award["credential"]!["id"]!.GetValue<string>()).PathAndQuery;

        foreach (string path in (string[])[credential, credential + ".png", credential + ".html", "/health", "/verify"])
        {
            HttpResponseMessage get = await anonymous.GetAsync(path);
            using HttpRequestMessage request = new(HttpMethod.Head, path);
            HttpResponseMessage head = await anonymous.SendAsync(request);
            byte[] body = await head.Content.ReadAsByteArrayAsync();

            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(body);
            if (get.Content.Headers.ContentLength is { } length && path.EndsWith(".png", StringComparison.Ordinal))
                Assert.Equal(length, head.Content.Headers.ContentLength);
        }
    }

    [Fact]
    public async Task Head_of_a_route_without_get_is_still_405_and_an_api_route_still_needs_its_key()
    {
        using HttpClient anonymous = _api.Anonymous();

        using HttpRequestMessage verify = new(HttpMethod.Head, "/api/v1/verify");
        using HttpRequestMessage issuers = new(HttpMethod.Head, "/api/v1/issuers");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await anonymous.SendAsync(verify)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(issuers)).StatusCode);
    }
}
