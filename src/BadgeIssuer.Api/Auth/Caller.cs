using System.Security.Claims;
using BadgeIssuer.Api.OpenApi;
using Microsoft.AspNetCore.Authorization;

namespace BadgeIssuer.Api.Auth;

/// <summary>The authenticated client and what it may do.</summary>
public static class Caller
{
    /// <summary>True when the caller holds <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user?.HasClaim(ApiKeyAuthentication.ScopeClaim, scope) ?? false;

    /// <summary>
    /// Requires an authenticated caller holding any one of <paramref name="scopes"/>, and documents the answers to the
    /// others: 401 without a valid API key, 403 without the scope, 429 once the caller's address has used up its failed
    /// authentication attempts.
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes) where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new ScopeRequirement(scopes, requiresAll: false));

    /// <summary>
    /// Requires an authenticated caller holding every one of <paramref name="scopes"/>, for a route that does the work of
    /// several (a reissue issues and revokes); documents 401 and 403 as <see cref="RequireScope{TBuilder}"/> does.
    /// </summary>
    public static TBuilder RequireAllScopes<TBuilder>(this TBuilder builder, params string[] scopes) where TBuilder : IEndpointConventionBuilder =>
        builder.Require(new ScopeRequirement(scopes, requiresAll: true));

    private static TBuilder Require<TBuilder>(this TBuilder builder, ScopeRequirement requirement) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(requirement)
                .Build())
            .WithProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests);
}
