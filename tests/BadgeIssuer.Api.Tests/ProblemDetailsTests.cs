using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Problems leave through <c>IProblemDetailsService</c> as RFC 9457 <c>application/problem+json</c> with a type that
/// fits their status: one of ours when we have one, <c>about:blank</c> with the status's reason phrase otherwise.
/// </summary>
public sealed class ProblemDetailsTests : IClassFixture<ApiFactory>
{
    private const string NotImplementedPath = "/test/not-implemented";
    private readonly ApiFactory _api;

    public ProblemDetailsTests(ApiFactory api) => _api = api;

    [Theory]
    [InlineData("revoke", null)]
    [InlineData("suspend", "text/plain")]
    [InlineData("reissue", "application/xml")]
    [InlineData("readdress", null)]
    public async Task A_custom_method_sent_without_a_json_body_is_a_415_naming_the_media_type_not_a_404(string method, string? contentType)
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/awards/{award["id"]}:{method}");
        if (contentType is not null) request.Content = new StringContent("reason=none", System.Text.Encoding.UTF8, contentType);

        HttpResponseMessage response = await client.SendAsync(request);
        HttpResponseMessage bodiless = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:unsuspend", null);
        HttpResponseMessage unknown = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}:teleport", null);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        JsonObject problem = await response.ReadObjectAsync();
        Assert.EndsWith("unsupported-media-type", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Send the body as application/json", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bodiless.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData(StatusCodes.Status406NotAcceptable)]
    [InlineData(StatusCodes.Status408RequestTimeout)]
    [InlineData(StatusCodes.Status414UriTooLong)]
    [InlineData(StatusCodes.Status422UnprocessableEntity)]
    [InlineData(StatusCodes.Status431RequestHeaderFieldsTooLarge)]
    [InlineData(StatusCodes.Status501NotImplemented)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    public void A_status_without_a_type_of_its_own_is_about_blank_never_bad_request(int status) =>
        Assert.Equal(ProblemTypes.Blank, ProblemTypes.ForStatus(status));

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest)]
    [InlineData(StatusCodes.Status404NotFound, ProblemTypes.NotFound)]
    [InlineData(StatusCodes.Status405MethodNotAllowed, ProblemTypes.MethodNotAllowed)]
    [InlineData(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge)]
    [InlineData(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType)]
    public void A_status_with_a_type_of_its_own_gets_it(int status, string type) => Assert.Equal(type, ProblemTypes.ForStatus(status));

    [Fact]
    public async Task An_unmapped_status_from_the_pipeline_is_an_about_blank_problem_titled_by_its_reason_phrase()
    {
        using ApiFactory fresh = new();
        using WebApplicationFactory<Program> api = fresh.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, EmptyNotImplemented>()));
        using HttpClient client = api.CreateClient();

        HttpResponseMessage response = await client.GetAsync(NotImplementedPath);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonObject problem = await response.ReadObjectAsync();
        Assert.Equal("about:blank", problem["type"]!.GetValue<string>());
        Assert.Equal("Not Implemented", problem["title"]!.GetValue<string>());
        Assert.Equal(501, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_problem_is_json_even_when_the_client_accepts_only_html()
    {
        using HttpClient anonymous = _api.Anonymous();
        using HttpRequestMessage request = new(HttpMethod.Get, "/api/v1/issuers/nobody/awards");
        request.Headers.Accept.ParseAdd("text/html");

        HttpResponseMessage response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{ApiFactory.BaseUrl}/problems/unauthenticated", (await response.ReadObjectAsync())["type"]!.GetValue<string>());
    }

    /// <summary>One extra terminal step after the service's endpoints, answering an empty 501 on one path.</summary>
    private sealed class EmptyNotImplemented : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(http =>
            {
                http.Response.StatusCode = http.Request.Path == NotImplementedPath ? StatusCodes.Status501NotImplemented : StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        };
    }
}
