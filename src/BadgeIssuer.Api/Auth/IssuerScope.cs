using System.Security.Claims;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Auth;

/// <summary>
/// The issuer-scoped routes, <c>/api/v1/issuers/{issuerId}/...</c>: one route group whose endpoint filter resolves the
/// caller and the issuer in the route once, before any handler runs. A caller acts for an issuer when its client is bound
/// to that issuer, or when it is an administrator (no bound issuer, <c>issuers:admin</c>); the route's scope is
/// required by <see cref="Caller.RequireScope{TBuilder}"/> on each route. Any other caller gets the 404 of an unknown
/// issuer, so one issuer's client never learns whether another issuer exists, let alone acts for it.
/// </summary>
public static class IssuerScope
{
    /// <summary>The route parameter naming the issuer.</summary>
    public const string IssuerIdParameter = "issuerId";

    /// <summary>Maps the group <c>/api/v1/issuers/{issuerId}</c>; every route in it answers 404 to a caller that may not act for the issuer.</summary>
    public static RouteGroupBuilder MapIssuerScope(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup($"/api/v1/issuers/{{{IssuerIdParameter}}}");
        group.AddEndpointFilter(static (context, next) =>
        {
            HttpContext http = context.HttpContext;
            string issuerId = (string)http.Request.RouteValues[IssuerIdParameter]!;
            return CanActFor(http.User, issuerId) ? next(context) : ValueTask.FromResult<object?>(ApiProblems.UnknownIssuer(issuerId));
        });
        group.WithProblems(StatusCodes.Status404NotFound);
        return group;
    }

    private static bool CanActFor(ClaimsPrincipal user, string issuerId)
    {
        string? bound = user.FindFirstValue(ApiKeyAuthentication.IssuerIdClaim);
        return bound is null ? user.HasScope(Scopes.IssuersAdmin) : string.Equals(bound, issuerId, StringComparison.Ordinal);
    }
}
