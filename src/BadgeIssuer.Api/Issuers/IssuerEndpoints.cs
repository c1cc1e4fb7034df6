using System.Security.Claims;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Ports;

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
            .Accepts<IssuerDraft>("application/json").Produces<IssuerResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).RequireScope(Scopes.IssuersAdmin)
            .WithName("ListIssuers").WithSummary("List issuers (administrators)").Produces<IssuerPage>();
        group.MapGet("/{issuerId}", GetAsync).RequireScope([.. Scopes.All])
            .WithName("GetIssuer").WithSummary("Read an issuer").Produces<IssuerResponse>();
        group.MapPut("/{issuerId}", ReplaceAsync).RequireScope(Scopes.IssuersAdmin)
            .WithName("ReplaceIssuer").WithSummary("Replace an issuer's profile fields (administrators; If-Match optional)")
            .Accepts<IssuerDraft>("application/json").Produces<IssuerResponse>();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, JsonBody body, IssuerService issuers, PublicUrls urls, Problems.Problems problems)
    {
        BodyResult<IssuerDraft> request = await body.ReadAsync<IssuerDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Issuer> outcome = await issuers.CreateAsync(request.Value!, http.RequestAborted);
        return outcome.ToResult(problems, d => Respond(http, d.Value, urls, created: true));
    }

    private static async Task<IResult> ListAsync(string? cursor, int? limit, IssuerService issuers, PublicUrls urls, CancellationToken ct)
    {
        Page<Issuer> page = await issuers.ListAsync(cursor, limit ?? 50, ct);
        return Results.Ok(new IssuerPage([.. page.Items.Select(i => new IssuerResponse(i, urls))], page.NextCursor));
    }

    private static async Task<IResult> GetAsync(string issuerId, HttpContext http, ClaimsPrincipal user, IssuerService issuers, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return NotFound(problems, issuerId);
        Outcome<Issuer> outcome = await issuers.GetAsync(issuerId, http.RequestAborted);
        return outcome.ToResult(problems, d => Respond(http, d.Value, urls, created: false));
    }

    private static async Task<IResult> ReplaceAsync(string issuerId, HttpContext http, ClaimsPrincipal user, JsonBody body, IssuerService issuers, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return NotFound(problems, issuerId);
        BodyResult<IssuerDraft> request = await body.ReadAsync<IssuerDraft>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Issuer> outcome = await issuers.ReplaceAsync(issuerId, request.Value!, OutcomeResults.IfMatchVersion(http.Request), http.RequestAborted);
        return outcome.ToResult(problems, d => Respond(http, d.Value, urls, created: false));
    }

    internal static IResult NotFound(Problems.Problems problems, string issuerId) =>
        problems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"There is no issuer '{Core.Validation.Check.Shorten(issuerId)}'.");

    private static IResult Respond(HttpContext http, Issuer issuer, PublicUrls urls, bool created)
    {
        http.Response.Headers.ETag = OutcomeResults.ETag(issuer.Version);
        IssuerResponse response = new(issuer, urls);
        return created ? Results.Created($"/api/v1/issuers/{issuer.Id}", response) : Results.Ok(response);
    }
}
