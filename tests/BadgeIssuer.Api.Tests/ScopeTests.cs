using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Core.Clients;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Least privilege: each <c>/api/v1</c> route needs the scopes the README's "Scopes" table lists, read from the
/// service's own route table (so a route added later must be listed), and a reissue needs both issuing and revoking.
/// </summary>
public sealed class ScopeTests : IClassFixture<ApiFactory>
{
    private const string TableHeading = "### Scopes";
    private readonly ApiFactory _api;

    public ScopeTests(ApiFactory api) => _api = api;

    [Fact]
    public void The_readme_scope_table_lists_exactly_the_mapped_routes_with_their_scopes()
    {
        List<string> mapped =
        [
            .. _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
                .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => Row(m, Pattern(e), ScopesCell(e)))),
        ];
        List<string> listed = ReadmeTable();
        Assert.True(mapped.Count >= 25, $"found only {mapped.Count} routes under /api/v1");

        List<string> unlisted = [.. mapped.Except(listed, StringComparer.Ordinal)];
        List<string> unmapped = [.. listed.Except(mapped, StringComparer.Ordinal)];
        Assert.True(unlisted.Count == 0, "README.md lacks the rows (or has other scopes for them):\n" + string.Join('\n', unlisted));
        Assert.True(unmapped.Count == 0, "README.md lists rows no route has:\n" + string.Join('\n', unmapped));
        Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_reissue_with_only_the_revoking_scope_is_403_and_leaves_the_award_as_it_was()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        JsonObject old = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
        using HttpClient revoker = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, Scopes.AwardsRevoke));

        HttpResponseMessage response = await revoker.PostAsync($"/api/v1/issuers/{issuerId}/awards/{old["id"]}:reissue", Journey.Json(body));
        JsonObject oldNow = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{old["id"]}")).ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.EndsWith("/problems/forbidden", (await response.ReadObjectAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(oldNow["revoked"]);
    }

    [Fact]
    public async Task A_reissue_with_the_issuing_and_revoking_scopes_issues_the_corrected_badge()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
        JsonObject old = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
        using HttpClient reissuer = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, issuerId, Scopes.AwardsIssue, Scopes.AwardsRevoke));

        HttpResponseMessage response = await reissuer.PostAsync($"/api/v1/issuers/{issuerId}/awards/{old["id"]}:reissue", Journey.Json(body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(old["id"]!.GetValue<string>(), (await response.ReadObjectAsync())["supersedes"]!.GetValue<string>());
    }

    /// <summary>The scopes cell as the README writes it: <c>public</c>, or the scopes joined by <c>or</c> (any one) or <c>and</c> (all).</summary>
    private static string ScopesCell(RouteEndpoint endpoint)
    {
        ScopeRequirement? requirement = endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()
            .SelectMany(p => p.Requirements).OfType<ScopeRequirement>().SingleOrDefault();
        if (requirement is null) return "public";
        string cell = string.Join(requirement.RequiresAll ? " and " : " or ", requirement.Scopes.Select(s => $"`{s}`"));
        return requirement.Scopes.SequenceEqual([Scopes.IssuersAdmin]) ? cell + " (admin only)" : cell;
    }

    /// <summary>
    /// The route's pattern as a client writes it: a route mapped as <c>""</c> in a group keeps a trailing slash in its
    /// pattern that routing ignores, and the README leaves it out.
    /// </summary>
    private static string Pattern(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText!.TrimEnd('/');

    private static string Row(string method, string pattern, string scopes) => $"`{method}` | `{pattern}` | {scopes}";

    /// <summary>The rows of the table under the README's "Scopes" heading, as <see cref="Row"/> writes them.</summary>
    private static List<string> ReadmeTable()
    {
        string[] lines = File.ReadAllLines(Path.Combine(Repository.Root!, "README.md"));
        int heading = Array.IndexOf(lines, TableHeading);
        Assert.True(heading >= 0, $"README.md has no '{TableHeading}' heading");
        return
        [
            .. lines.Skip(heading + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
                .Select(l => string.Join(" | ", l.Trim('|').Split('|').Select(c => c.Trim()))),
        ];
    }
}
