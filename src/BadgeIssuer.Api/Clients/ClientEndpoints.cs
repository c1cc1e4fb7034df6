using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Clients;

/// <summary>The body of <c>POST /api/v1/clients</c>: an issuer-bound client with scopes, or (no issuerId) an administrator.</summary>
public sealed record ClientRequest(IReadOnlyList<string> Scopes, string? IssuerId = null, string? Name = null);

/// <summary>A new client; <see cref="ApiKey"/> is shown only in this response.</summary>
public sealed record ClientResponse(string Id, string Name, string? IssuerId, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string ApiKey);

/// <summary><c>/api/v1/clients</c>: administrators create API keys.</summary>
public static class ClientEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/clients", CreateAsync).RequireScope(Core.Clients.Scopes.IssuersAdmin).WithTags("Clients")
            .WithName("CreateClient").WithSummary("Create an API client bound to one issuer with scopes; the API key is returned once (administrators)")
            .AcceptsJson<ClientRequest>();
    }

    private static async Task<Results<Created<ClientResponse>, ProblemHttpResult>> CreateAsync(HttpContext http, JsonBody body, ClientService clients)
    {
        BodyResult<ClientRequest> request = await body.ReadAsync<ClientRequest>(http);
        if (request.Problem is not null) return request.Problem;
        ClientRequest r = request.Value!;
        Outcome<CreatedClient> outcome = await clients.CreateAsync(r.Name, r.IssuerId, r.Scopes, http.RequestAborted);
        return outcome.ToResult(d =>
        {
            ApiClient c = d.Value.Client;
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Created($"/api/v1/clients/{c.Id}", new ClientResponse(c.Id, c.Name, c.IssuerId, c.Scopes, c.CreatedAt, d.Value.ApiKey));
        });
    }
}
