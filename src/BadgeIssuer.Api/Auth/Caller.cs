using System.Security.Claims;
using BadgeIssuer.Core.Clients;
using Microsoft.AspNetCore.Authorization;

namespace BadgeIssuer.Api.Auth;

/// <summary>The authenticated client and what it may act on.</summary>
public static class Caller
{
    /// <summary>True when the caller may act for <paramref name="issuerId"/>: an administrator, or a client bound to it.</summary>
    public static bool CanActFor(this ClaimsPrincipal user, string issuerId)
    {
        ArgumentNullException.ThrowIfNull(user);
        string? bound = user.FindFirstValue(ApiKeyAuthentication.IssuerIdClaim);
        return bound is null ? user.HasScope(Scopes.IssuersAdmin) : string.Equals(bound, issuerId, StringComparison.Ordinal);
    }

    /// <summary>True when the caller holds <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user?.HasClaim(ApiKeyAuthentication.ScopeClaim, scope) ?? false;

    /// <summary>Requires an authenticated caller holding any one of <paramref name="scopes"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => scopes.Any(s => context.User.HasScope(s)))
            .Build());
}
