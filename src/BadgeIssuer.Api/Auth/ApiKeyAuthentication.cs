using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Api.Auth;

/// <summary>Marks a route whose <c>Authorization: Bearer</c> tokens are its own, not API keys (<see cref="ApiKeyAuthentication"/> leaves them alone).</summary>
public sealed class OwnBearerTokens
{
    /// <summary>The one instance, for <c>WithMetadata</c>.</summary>
    public static readonly OwnBearerTokens Instance = new();

    private OwnBearerTokens()
    {
    }
}

/// <summary>
/// Bearer API keys (<c>Authorization: Bearer bi_...</c>). A key is looked up by its SHA-256; the bootstrap admin key
/// comes from configuration. Revoked and expired clients, and keys a rotation replaced once their grace period is over,
/// are refused. Failures answer with RFC 9457 problems: 401 without a valid key, 403 without the scope, 429 once the
/// caller's address has used up its failed attempts (<see cref="AuthenticationFailureLimits"/>); each failure is logged
/// with the caller's address, never the key. A client's last use is recorded at most once a minute
/// (<see cref="ApiClient.UseRecordInterval"/>), so authentication does not cost a write per request.
/// </summary>
public sealed partial class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IClientStore clients,
    BadgeIssuerOptions options,
    AuthenticationFailureLimits failures,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "ApiKey";

    /// <summary>Claim holding the client id.</summary>
    public const string ClientIdClaim = "client_id";

    /// <summary>Claim holding the issuer a client is bound to (absent for administrators).</summary>
    public const string IssuerIdClaim = "issuer_id";

    /// <summary>Claim holding the assessor an assessor's own key belongs to (absent for every other client).</summary>
    public const string AssessorIdClaim = "assessor_id";

    /// <summary>Claim holding one scope (repeated).</summary>
    public const string ScopeClaim = "scope";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        // Routes that read bearer tokens of their own (OpenID4VCI access tokens) are not API key routes: a token of
        // theirs is neither a failed API key attempt nor logged as one.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<OwnBearerTokens>() is not null) return AuthenticateResult.NoResult();
        string partition = AuthenticationFailureLimits.Partition(Context);
        if (failures.IsExhausted(partition, out TimeSpan retryAfter))
        {
            Context.Items[RetryAfterItem] = retryAfter;
            LogThrottled(Logger, Address, Request.Path);
            return AuthenticateResult.Fail("This address has made too many failed authentication attempts.");
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Refuse(partition, "The Authorization header must be 'Bearer <API key>'.");
        string key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200) return Refuse(partition, InvalidKey);
        string hash = ApiKeys.Hash(key);

        if (options.AdminApiKey is { Length: > 0 } admin && ApiKeys.HashesEqual(hash, ApiKeys.Hash(admin)))
            return Success("admin", issuerId: null, Scopes.All);

        ApiClient? client = await clients.FindByKeyHashAsync(hash, Context.RequestAborted);
        if (client is null) return Refuse(partition, InvalidKey);
        DateTimeOffset now = time.GetUtcNow();
        if (client.RefusalAt(hash, now) is { } refusal) return Refuse(partition, refusal, client.Id);
        if (client.UseIsDueAt(now)) await clients.RecordUseAsync(client.Id, client.LastUsedAt, now, Context.RequestAborted);
        return Success(client.Id, client.IssuerId, client.Scopes, client.AssessorId);
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AuthenticateResult result = await HandleAuthenticateOnceSafeAsync();
        if (Context.Items[RetryAfterItem] is TimeSpan retryAfter)
        {
            int seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiProblems.Result(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited,
                $"This address has made more failed authentication attempts than this service allows per minute; try again in {seconds} s.").ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        string detail = result.Failure?.Message ?? "Send an API key as 'Authorization: Bearer <API key>'.";
        await ApiProblems.Result(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthenticated, detail).ExecuteAsync(Context);
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Result(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden,
            "This API key does not hold the scope this operation needs; ask an administrator for a key with it.").ExecuteAsync(Context);

    private const string InvalidKey = "The API key is not valid.";

    /// <summary>The <see cref="HttpContext.Items"/> key under which a throttled request keeps how long to wait.</summary>
    private static readonly object RetryAfterItem = new();

    private string Address => Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private AuthenticateResult Refuse(string partition, string reason, string? clientId = null)
    {
        failures.RecordFailure(partition);
        LogRefused(Logger, Address, clientId ?? "none", reason, Request.Path);
        return AuthenticateResult.Fail(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication failed from {ClientAddress} (client {ClientId}) on {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string clientAddress, string clientId, string reason, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication refused to {ClientAddress} on {Path}: its failed attempts are used up")]
    private static partial void LogThrottled(ILogger logger, string clientAddress, string path);

    private AuthenticateResult Success(string clientId, string? issuerId, IEnumerable<string> scopes, string? assessorId = null)
    {
        List<Claim> claims = [new(ClientIdClaim, clientId)];
        if (issuerId is not null) claims.Add(new Claim(IssuerIdClaim, issuerId));
        if (assessorId is not null) claims.Add(new Claim(AssessorIdClaim, assessorId));
        claims.AddRange(scopes.Select(s => new Claim(ScopeClaim, s)));
        ClaimsPrincipal principal = new(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
