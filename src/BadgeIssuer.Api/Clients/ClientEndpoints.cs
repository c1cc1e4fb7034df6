using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Clients;

/// <summary>
/// The body of <c>POST /api/v1/clients</c>: an issuer-bound client with scopes, or (no issuerId) an administrator;
/// its key stops working at <see cref="ExpiresAt"/> when that is given.
/// </summary>
public sealed record ClientRequest(IReadOnlyList<string> Scopes, string? IssuerId = null, string? Name = null, DateTimeOffset? ExpiresAt = null);

/// <summary>The body of <c>POST /api/v1/clients/{id}:rotate</c>: how long the replaced key keeps working (default 0).</summary>
public sealed record RotateRequest(int GraceSeconds = 0);

/// <summary>A new client or a rotated key; <see cref="ApiKey"/> is shown only in this response.</summary>
public sealed record ClientResponse(string Id, string Name, string? IssuerId, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? PreviousKeyValidUntil, string ApiKey);

/// <summary>A client as listed: no key or key hash; <see cref="LastUsedAt"/> is recorded at most once a minute.</summary>
public sealed record ClientSummary(string Id, string Name, string? IssuerId, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? PreviousKeyValidUntil, DateTimeOffset? LastUsedAt)
{
    /// <summary>The summary of <paramref name="c"/>.</summary>
    public static ClientSummary Of(ApiClient c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.Name, c.IssuerId, c.Scopes, c.CreatedAt, c.ExpiresAt, c.RevokedAt, c.PreviousKeyValidUntil, c.LastUsedAt);
    }
}

/// <summary>A page of clients; pass <see cref="NextCursor"/> as <c>cursor</c> for the next one.</summary>
public sealed record ClientPage(IReadOnlyList<ClientSummary> Items, string? NextCursor);

/// <summary><c>/api/v1/clients</c>: administrators create, list, revoke and rotate API keys.</summary>
public static class ClientEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/v1/clients").RequireScope(Scopes.IssuersAdmin).WithTags("Clients");
        group.MapPost("", CreateAsync)
            .WithName("CreateClient").WithSummary("Create an API client bound to one issuer with scopes, optionally expiring; the API key is returned once (administrators)")
            .AcceptsJson<ClientRequest>().WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("", ListAsync)
            .WithName("ListClients").WithSummary("List API clients, of one issuer when issuerId is given, with their last use and no secrets (administrators)");
        group.MapDelete("/{clientId}", RevokeAsync)
            .WithName("RevokeClient").WithSummary("Revoke an API client: its keys are refused from the next request on (administrators)")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{clientId}:rotate", RotateAsync)
            .WithName("RotateClientKey").WithSummary("Give an API client a new key, returned once; the old key keeps working for graceSeconds (default 0) (administrators)")
            .AcceptsJson<RotateRequest>().WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<ClientResponse>, ProblemHttpResult>> CreateAsync(HttpContext http, JsonBody body, ClientService clients)
    {
        BodyResult<ClientRequest> request = await body.ReadAsync<ClientRequest>(http);
        if (request.Problem is not null) return request.Problem;
        ClientRequest r = request.Value!;
        Outcome<CreatedClient> outcome = await clients.CreateAsync(r.Name, r.IssuerId, r.Scopes, r.ExpiresAt, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Created($"/api/v1/clients/{d.Value.Client.Id}", Secret(http, d.Value)));
    }

    private static async Task<Ok<ClientPage>> ListAsync(string? issuerId, string? cursor, int? limit, ClientService clients, CancellationToken ct)
    {
        Page<ApiClient> page = await clients.ListAsync(issuerId, cursor, limit ?? 50, ct);
        return TypedResults.Ok(new ClientPage([.. page.Items.Select(ClientSummary.Of)], page.NextCursor));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(string clientId, ClientService clients, CancellationToken ct)
    {
        Outcome<ApiClient> outcome = await clients.RevokeAsync(clientId, ct);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    private static async Task<Results<Ok<ClientResponse>, ProblemHttpResult>> RotateAsync(string clientId, HttpContext http, JsonBody body, ClientService clients)
    {
        RotateRequest rotate = new();
        if (http.Request.ContentLength > 0 || http.Request.ContentType is not null)
        {
            BodyResult<RotateRequest> request = await body.ReadAsync<RotateRequest>(http);
            if (request.Problem is not null) return request.Problem;
            rotate = request.Value!;
        }
        Outcome<CreatedClient> outcome = await clients.RotateAsync(clientId, rotate.GraceSeconds, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Secret(http, d.Value)));
    }

    private static ClientResponse Secret(HttpContext http, CreatedClient created)
    {
        ApiClient c = created.Client;
        http.Response.Headers.CacheControl = "no-store";
        return new ClientResponse(c.Id, c.Name, c.IssuerId, c.Scopes, c.CreatedAt, c.ExpiresAt, c.PreviousKeyValidUntil, created.ApiKey);
    }
}
