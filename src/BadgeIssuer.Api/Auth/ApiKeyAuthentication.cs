using System.Security.Claims;
using System.Text.Encodings.Web;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Api.Auth;

/// <summary>
/// Bearer API keys (<c>Authorization: Bearer bi_...</c>). A key is looked up by its SHA-256; the bootstrap admin key
/// comes from configuration. Failures answer with RFC 9457 problems: 401 without a valid key, 403 without the scope.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IClientStore clients,
    BadgeIssuerOptions options) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim holding the client id.</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>Claim holding the issuer a client is bound to (absent for administrators).</summary>
    public const string IssuerIdClaim = "issuer_id";

    /// <summary>Claim holding one scope (repeated).</summary>
    public const string ScopeClaim = "scope";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <API key>'.");
        string key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200) return AuthenticateResult.Fail("The API key is not valid.");
        string hash = ApiKeys.Hash(key);

        if (options.AdminApiKey is { Length: > 0 } admin && ApiKeys.HashesEqual(hash, ApiKeys.Hash(admin)))
            return Success("admin", issuerId: null, Scopes.All);

        ApiClient? client = await clients.FindByKeyHashAsync(hash, Context.RequestAborted);
        return client is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : Success(client.Id, client.IssuerId, client.Scopes);
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        AuthenticateResult result = await HandleAuthenticateOnceSafeAsync();
        string detail = result.Failure?.Message ?? "Send an API key as 'Authorization: Bearer <API key>'.";
        await ApiProblems.Result(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthenticated, detail).ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Result(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden,
            "This API key does not hold the scope this operation needs; ask an administrator for a key with it.").ExecuteAsync(Context);

    private AuthenticateResult Success(string clientId, string? issuerId, IEnumerable<string> scopes)
    {
        List<Claim> claims = [new(ClientIdClaim, clientId)];
        if (issuerId is not null) claims.Add(new Claim(IssuerIdClaim, issuerId));
        claims.AddRange(scopes.Select(s => new Claim(ScopeClaim, s)));
        ClaimsPrincipal principal = new(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
