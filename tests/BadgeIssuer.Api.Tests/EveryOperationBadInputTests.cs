using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Every operation the OpenAPI document lists, called anonymously and with the administrator's key (so authentication
/// is not what stops it) on a real issuer, with malformed and hostile bodies, path values and query values: each answer is below
/// 500, and each 4xx answer is an RFC 9457 problem document or what the operation documents for it. What the operations' own tests check one by one, asked of
/// all of them at once, so an operation added later is covered without a test of its own.
/// </summary>
public sealed class EveryOperationBadInputTests : IClassFixture<ApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>Bodies that are not what any operation takes: wrong JSON shapes, broken JSON, hostile values.</summary>
    private static readonly (string MediaType, string Body)[] Bodies =
    [
        ("application/json", "{}"),
        ("application/json", "[]"),
        ("application/json", "null"),
        ("application/json", "\"text\""),
        ("application/json", "1e999"),
        ("application/json", "{\"a\":"),
        ("application/json", "{\"id\": 1, \"id\": 2}"),
        ("application/json", "{\"name\": \"\\u0000\\ud800\", \"url\": \"javascript:alert(1)\", \"entries\": {}, \"events\": 7}"),
        ("application/json", new string('[', 5000) + new string(']', 5000)),
        ("application/json", "\u00ef\u00bb\u00bf{}"),
        ("text/plain", "hello"),
        ("application/x-www-form-urlencoded", "a=%ZZ&b"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nbroken"),
        ("image/png", "\u0089PNG\r\n\u001a\nnot really"),
    ];

    /// <summary>Values put in place of every path parameter but the issuer's.</summary>
    private static readonly string[] PathValues = ["abcdefghjkmnpqrstvwx", "..%2f..%2fetc", new string('x', 3000), "%F0%9F%98%80", "-1"];

    /// <summary>Values given to every query parameter an operation documents.</summary>
    private static readonly string[] QueryValues = ["-1", "999999999999999999999", "x%00y", new string('q', 3000), "%"];

    private readonly ApiFactory _api;

    public EveryOperationBadInputTests(ApiFactory api) => _api = api;

    private async Task<List<(string Path, string Method, JsonObject Operation)>> OperationsAsync()
    {
        using HttpClient anonymous = _api.Anonymous();
        JsonObject document = await (await anonymous.GetAsync("/swagger/v1/swagger.json")).ReadObjectAsync();
        return [.. from path in document["paths"]!.AsObject()
                   from method in path.Value!.AsObject()
                   where Methods.Contains(method.Key)
                   select (path.Key, method.Key, method.Value!.AsObject())];
    }

    private static string Fill(string template, string issuerId, string value)
    {
        StringBuilder path = new();
        int at = 0;
        while (template.IndexOf('{', at) is var open and >= 0)
        {
            int close = template.IndexOf('}', open);
            path.Append(template, at, open - at).Append(template[(open + 1)..close] == "issuerId" ? issuerId : value);
            at = close + 1;
        }
        return path.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>
    /// Why the answer breaks the rule, or <c>null</c>: a 5xx does; a 4xx must be a problem document, or be in a media
    /// type the operation documents for that status (an OAuth error of the token endpoint, a page for a browser).
    /// </summary>
    private static async Task<string?> RefusalAsync(HttpResponseMessage response, JsonObject operation, string what)
    {
        int status = (int)response.StatusCode;
        if (status >= 500) return $"{what}: {status} {await response.Content.ReadAsStringAsync()}";
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        bool documented = mediaType is not null && operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"]?[mediaType] is not null;
        if (status >= 400 && mediaType != "application/problem+json" && !documented)
            return $"{what}: {status} as {mediaType ?? "no content type"}, neither a problem document nor a documented answer";
        return null;
    }

    /// <summary>
    /// Sends what <paramref name="requests"/> makes of each operation (given the issuer's id, the path template, the
    /// method and the operation), anonymously or as administrator, and asserts no answer breaks the rule.
    /// </summary>
    private async Task AssertEveryAnswerIsARefusalAsync(bool authenticated,
        Func<string, string, string, JsonObject, IEnumerable<(HttpRequestMessage Request, string What)>> requests)
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        using HttpClient client = authenticated ? _api.Admin() : _api.Anonymous();
        List<string> failures = [];
        foreach ((string template, string method, JsonObject operation) in await OperationsAsync())
        {
            foreach ((HttpRequestMessage request, string what) in requests(issuerId, template, method, operation))
            {
                using (request)
                {
                    if (await RefusalAsync(await client.SendAsync(request), operation, what) is { } failure) failures.Add(failure);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Every_operation_refuses_malformed_bodies_with_a_problem_and_never_a_server_error(bool authenticated) =>
        AssertEveryAnswerIsARefusalAsync(authenticated, MalformedBodies);

    private static IEnumerable<(HttpRequestMessage, string)> MalformedBodies(string issuerId, string template, string method, JsonObject operation)
    {
        if (method is "get" or "delete" || operation["requestBody"] is null) yield break;
        string path = Fill(template, issuerId, "abcdefghjkmnpqrstvwx");
        foreach ((string mediaType, string body) in Bodies)
        {
            HttpRequestMessage request = new(new HttpMethod(method.ToUpperInvariant()), path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
            yield return (request, $"{method.ToUpperInvariant()} {path} ({mediaType}, {body[..Math.Min(body.Length, 30)]})");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task Every_operation_refuses_hostile_path_and_query_values_with_a_problem_and_never_a_server_error(bool authenticated) =>
        AssertEveryAnswerIsARefusalAsync(authenticated, HostileValues);

    private static IEnumerable<(HttpRequestMessage, string)> HostileValues(string issuerId, string template, string method, JsonObject operation)
    {
        string[] queryNames = [.. (operation["parameters"] as JsonArray ?? []).Select(p => p!.AsObject())
            .Where(p => p["in"]?.GetValue<string>() == "query").Select(p => p["name"]!.GetValue<string>())];
        for (int i = 0; i < PathValues.Length; i++)
        {
            string query = queryNames.Length == 0 ? "" : "?" + string.Join('&', queryNames.Select(n => $"{n}={QueryValues[i]}"));
            string path = Fill(template, issuerId, PathValues[i]) + query;
            HttpRequestMessage request = new(new HttpMethod(method.ToUpperInvariant()), path);
            if (method is not ("get" or "delete")) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            yield return (request, $"{method.ToUpperInvariant()} {path[..Math.Min(path.Length, 120)]}");
        }
    }
}
