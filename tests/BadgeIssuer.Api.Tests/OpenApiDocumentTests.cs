using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The OpenAPI document at <c>/swagger/v1/swagger.json</c> carries what Redocly's recommended rules ask for (CI lints
/// it with Redocly CLI too): a server, a license, a description for every tag, and a documented 4xx answer for
/// every operation, derived from the typed results and the problem convention.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<ApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private readonly ApiFactory _api;

    public OpenApiDocumentTests(ApiFactory api) => _api = api;

    private async Task<JsonObject> DocumentAsync()
    {
        using HttpClient anonymous = _api.Anonymous();
        return await (await anonymous.GetAsync("/swagger/v1/swagger.json")).ReadObjectAsync();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select (path.Key, method.Key, method.Value!.AsObject());

    [Fact]
    public async Task The_document_names_the_service_at_its_public_base_url_as_its_server()
    {
        JsonObject document = await DocumentAsync();
        Assert.Equal(ApiFactory.BaseUrl, Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_document_states_the_repository_license()
    {
        JsonObject license = (await DocumentAsync())["info"]!["license"]!.AsObject();
        Assert.Equal("MIT", license["name"]!.GetValue<string>());
        Assert.StartsWith("https://", license["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_tag_an_operation_uses_is_described()
    {
        JsonObject document = await DocumentAsync();
        Dictionary<string, string?> tags = document["tags"]!.AsArray()
            .ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["description"]?.GetValue<string>(), StringComparer.Ordinal);
        foreach ((string path, string method, JsonObject operation) in Operations(document))
        {
            foreach (JsonNode? tag in operation["tags"]!.AsArray())
            {
                string name = tag!.GetValue<string>();
                Assert.True(tags.TryGetValue(name, out string? description) && !string.IsNullOrWhiteSpace(description),
                    $"{method} {path}: tag '{name}' has no description");
            }
        }
    }

    [Fact]
    public async Task Every_operation_documents_a_success_and_a_client_error()
    {
        JsonObject document = await DocumentAsync();
        Assert.NotEmpty(Operations(document));
        foreach ((string path, string method, JsonObject operation) in Operations(document))
        {
            List<string> statuses = [.. operation["responses"]!.AsObject().Select(r => r.Key)];
            // A page's form succeeds with 303 See Other to the page (post/redirect/get, RFC 9110 §15.4.4).
            Assert.True(statuses.Any(s => s.StartsWith('2') || s is "303" or "304"), $"{method} {path} documents no success: {string.Join(", ", statuses)}");
            Assert.True(statuses.Any(s => s.StartsWith('4')), $"{method} {path} documents no 4xx: {string.Join(", ", statuses)}");
        }
    }

    [Fact]
    public async Task Issuer_scoped_operations_document_401_403_and_404_as_problems()
    {
        JsonObject document = await DocumentAsync();
        List<(string Path, string Method, JsonObject Operation)> scoped =
            [.. Operations(document).Where(o => o.Path.StartsWith("/api/v1/issuers/{issuerId}", StringComparison.Ordinal))];
        Assert.NotEmpty(scoped);
        foreach ((string path, string method, JsonObject operation) in scoped)
        {
            JsonObject responses = operation["responses"]!.AsObject();
            foreach (string status in new[] { "401", "403", "404" })
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{method} {path} does not document {status} as a problem");
        }
    }

    [Fact]
    public async Task Client_operations_document_their_refusals_as_problems()
    {
        JsonObject paths = (await DocumentAsync())["paths"]!.AsObject();
        (string Path, string Method, string[] Statuses)[] expected =
        [
            ("/api/v1/clients", "post", ["400", "401", "403", "404", "409", "413", "415", "429"]),
            ("/api/v1/clients", "get", ["401", "403", "429"]),
            ("/api/v1/clients/{clientId}", "delete", ["401", "403", "404", "409", "429"]),
            ("/api/v1/clients/{clientId}:rotate", "post", ["400", "401", "403", "404", "409", "413", "415", "429"]),
        ];
        foreach ((string path, string method, string[] statuses) in expected)
        {
            JsonObject responses = paths[path]![method]!["responses"]!.AsObject();
            foreach (string status in statuses)
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{method} {path} does not document {status} as a problem");
        }
    }

    [Fact]
    public async Task A_typed_result_documents_its_status_and_body()
    {
        JsonObject operation = (await DocumentAsync())["paths"]!["/api/v1/issuers/{issuerId}/awards"]!["post"]!.AsObject();
        string schema = operation["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
        Assert.EndsWith("/AwardResponse", schema, StringComparison.Ordinal);
        Assert.NotNull(operation["responses"]!["422"]);
    }
}
