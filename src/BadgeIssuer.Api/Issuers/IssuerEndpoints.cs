using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Issuers;

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/issuers</c>.</summary>
/// <param name="Name">The organisation's name, as shown on badges.</param>
/// <param name="Url">Its home page.</param>
/// <param name="Email">A contact address.</param>
/// <param name="Description">What it is.</param>
/// <param name="Image">A logo: an https URL or a data:image URI.</param>
public sealed record IssuerRequest(string Name, string? Url = null, string? Email = null, string? Description = null, string? Image = null)
{
    internal IssuerDraft ToDraft() => new(Name, Url, Email, Description, Image);
}

/// <summary>An issuer as the API returns it.</summary>
public sealed record IssuerResponse(
    string Id, string Name, string? Url, string? Email, string? Description, string? Image,
    string ProfileUrl, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version)
{
    internal static IssuerResponse From(Issuer i, PublicUrls urls) =>
        new(i.Id, i.Name, i.Url, i.Email, i.Description, i.Image, urls.IssuerUrl(i.Id), i.CreatedAt, i.UpdatedAt, i.Version);
}

/// <summary>A page of issuers.</summary>
public sealed record IssuerPage(IReadOnlyList<IssuerResponse> Items, string? NextCursor);

/// <summary><c>/api/v1/issuers</c>: create (admin), list (admin), read and replace.</summary>
public static class IssuerEndpoints
{
    public static void MapIssuers(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/v1/issuers").WithTags("Issuers");
        group.MapPost("", CreateAsync).RequireScope(Scopes.IssuersAdmin)
            .WithName("CreateIssuer").WithSummary("Create an issuer with its own signing keys (administrators)")
            .AcceptsJson<IssuerRequest>();
        group.MapGet("", ListAsync).RequireScope(Scopes.IssuersAdmin)
            .WithName("ListIssuers").WithSummary("List issuers (administrators)");
    }

    /// <summary>Maps reading and replacing the issuer of the issuer group.</summary>
    public static void MapIssuer(this RouteGroupBuilder issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        issuer.MapGet("", GetAsync).RequireScope([.. Scopes.All]).WithTags("Issuers")
            .WithName("GetIssuer").WithSummary("Read an issuer");
        issuer.MapPut("", ReplaceAsync).RequireScope(Scopes.IssuersAdmin).WithTags("Issuers")
            .WithName("ReplaceIssuer").WithSummary("Replace an issuer's profile fields (administrators; If-Match optional)")
            .AcceptsJson<IssuerRequest>().WithProblems(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<Created<IssuerResponse>, ProblemHttpResult>> CreateAsync(HttpContext http, JsonBody body, IssuerService issuers, PublicUrls urls)
    {
        BodyResult<IssuerRequest> request = await body.ReadAsync<IssuerRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Issuer> outcome = await issuers.CreateAsync(request.Value!.ToDraft(), http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Created($"/api/v1/issuers/{d.Value.Id}", Respond(http, d.Value, urls)));
    }

    private static async Task<Ok<IssuerPage>> ListAsync(string? cursor, int? limit, IssuerService issuers, PublicUrls urls, CancellationToken ct)
    {
        Page<Issuer> page = await issuers.ListAsync(cursor, limit ?? 50, ct);
        return TypedResults.Ok(new IssuerPage([.. page.Items.Select(i => IssuerResponse.From(i, urls))], page.NextCursor));
    }

    private static async Task<Results<Ok<IssuerResponse>, ProblemHttpResult>> GetAsync(string issuerId, HttpContext http, IssuerService issuers, PublicUrls urls)
    {
        Outcome<Issuer> outcome = await issuers.GetAsync(issuerId, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Respond(http, d.Value, urls)));
    }

    private static async Task<Results<Ok<IssuerResponse>, ProblemHttpResult>> ReplaceAsync(string issuerId, HttpContext http, JsonBody body, IssuerService issuers, PublicUrls urls)
    {
        BodyResult<IssuerRequest> request = await body.ReadAsync<IssuerRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Issuer> outcome = await issuers.ReplaceAsync(issuerId, request.Value!.ToDraft(), OutcomeResults.IfMatchVersion(http.Request), http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Respond(http, d.Value, urls)));
    }

    private static IssuerResponse Respond(HttpContext http, Issuer issuer, PublicUrls urls)
    {
        http.Response.Headers.ETag = OutcomeResults.ETag(issuer.Version);
        return IssuerResponse.From(issuer, urls);
    }
}
