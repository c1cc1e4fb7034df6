using Microsoft.AspNetCore.Authorization;

namespace BadgeIssuer.Api.Auth;

/// <summary>
/// The scopes a route needs: any one of <see cref="Scopes"/>, or all of them when <see cref="RequiresAll"/>. It is its
/// own handler (as ASP.NET Core's <c>ClaimsAuthorizationRequirement</c> is), and it stays in the route's authorization
/// policy, so the routes' scopes can be read back from the endpoint metadata (the README's scope table is checked so).
/// </summary>
public sealed class ScopeRequirement : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    /// <summary>A requirement for <paramref name="scopes"/>, all of them when <paramref name="requiresAll"/>, else any one.</summary>
    public ScopeRequirement(IReadOnlyList<string> scopes, bool requiresAll)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        if (scopes.Count == 0) throw new ArgumentException("A route needs at least one scope.", nameof(scopes));
        Scopes = scopes;
        RequiresAll = requiresAll;
    }

    /// <summary>The scopes named, in the order the route gives them.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>True when the caller must hold every one of <see cref="Scopes"/>; false when any one is enough.</summary>
    public bool RequiresAll { get; }

    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        bool met = requirement.RequiresAll
            ? requirement.Scopes.All(s => context.User.HasScope(s))
            : requirement.Scopes.Any(s => context.User.HasScope(s));
        if (met) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
