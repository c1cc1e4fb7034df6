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

/// <summary>An issuer as the API returns it: the stored issuer and the URL of its public OB 3.0 Profile.</summary>
public sealed record IssuerResponse : Issuer
{
    internal IssuerResponse(Issuer issuer, PublicUrls urls)
        : base(issuer) => ProfileUrl = urls.IssuerUrl(issuer.Id);

    /// <summary>The issuer's public OB 3.0 Profile, its id in every credential.</summary>
    public string ProfileUrl { get; init; }
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
            .AcceptsJson<IssuerDraft>();
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
            .AcceptsJson<IssuerDraft>().WithProblems(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<Results<Created<IssuerResponse>, ProblemHttpResult>> CreateAsync(HttpContext http, JsonBody body, IssuerService issuers, PublicUrls urls)
    {
        BodyResult<IssuerDraft> request = await body.ReadAsync<IssuerDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Issuer> outcome = await issuers.CreateAsync(request.Value!, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Created($"/api/v1/issuers/{d.Value.Id}", Respond(http, d.Value, urls)));
    }

    private static async Task<Ok<IssuerPage>> ListAsync(string? cursor, int? limit, IssuerService issuers, PublicUrls urls, CancellationToken ct)
    {
        Page<Issuer> page = await issuers.ListAsync(cursor, limit ?? 50, ct);
        return TypedResults.Ok(new IssuerPage([.. page.Items.Select(i => new IssuerResponse(i, urls))], page.NextCursor));
    }

    private static async Task<Results<Ok<IssuerResponse>, ProblemHttpResult>> GetAsync(string issuerId, HttpContext http, IssuerService issuers, PublicUrls urls)
    {
        Outcome<Issuer> outcome = await issuers.GetAsync(issuerId, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Respond(http, d.Value, urls)));
    }

    private static async Task<Results<Ok<IssuerResponse>, ProblemHttpResult>> ReplaceAsync(string issuerId, HttpContext http, JsonBody body, IssuerService issuers, PublicUrls urls)
    {
        BodyResult<IssuerDraft> request = await body.ReadAsync<IssuerDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Issuer> outcome = await issuers.ReplaceAsync(issuerId, request.Value!, OutcomeResults.IfMatchVersion(http.Request), http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Ok(Respond(http, d.Value, urls)));
    }

    private static IssuerResponse Respond(HttpContext http, Issuer issuer, PublicUrls urls)
    {
        http.Response.Headers.ETag = OutcomeResults.ETag(issuer.Version);
        return new(issuer, urls);
    }
}
