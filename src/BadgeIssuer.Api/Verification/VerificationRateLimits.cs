// Verification is public and costs CPU, so it is rationed with ASP.NET Core rate limiting: a token bucket per client
// address (BadgeIssuer:RateLimiting:VerifyPerMinute) and one concurrency limit over every verification
// (VerifyConcurrency, no queue), so issuing, /health and the pages keep answering while verification is saturated.
// Refusals are problem responses with Retry-After (RFC 6585 §4 for 429, RFC 9110 §10.2.3 for Retry-After).
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace BadgeIssuer.Api.Verification;

/// <summary>The rate and concurrency limits on the routes that run the verifier.</summary>
public static partial class VerificationRateLimits
{
    /// <summary>What a client turned away by the concurrency limit is told to wait, in seconds.</summary>
    public const int BusyRetryAfterSeconds = 1;

    /// <summary>
    /// Registers the limits as one chain: a verification slot first, then the client's own allowance, so a request
    /// turned away for want of a slot (503) costs the client nothing, and one over its allowance (429) gives its slot
    /// straight back. Routes outside <see cref="RequireVerificationLimits"/>, and every route when disabled, pass freely.
    /// </summary>
    public static IServiceCollection AddVerificationLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter => limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests);
        services.AddOptions<RateLimiterOptions>().Configure<BadgeIssuerOptions>((limiter, options) =>
        {
            RateLimitingSettings settings = options.RateLimiting;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => settings.Enabled && IsVerification(http)
                    ? RateLimitPartition.GetConcurrencyLimiter("verify", _ => new ConcurrencyLimiterOptions { PermitLimit = settings.VerifyConcurrency, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => settings.Enabled && IsVerification(http)
                    ? RateLimitPartition.GetTokenBucketLimiter(ClientPartition(http.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.VerifyPerMinute,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / settings.VerifyPerMinute,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("")));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Puts a route under the verification limits.</summary>
    public static TBuilder RequireVerificationLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(VerificationRoute.Instance);

    /// <summary>
    /// The partition of a client address: an IPv4 address (IPv4-mapped IPv6 included) on its own, an IPv6 address by
    /// its /64, the smallest network one subscriber is usually given; no address at all shares one partition.
    /// </summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        byte[] bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static bool IsVerification(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<VerificationRoute>() is not null;

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        HttpContext http = context.HttpContext;
        ILogger log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VerificationRateLimits));
        IResult answer;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
        {
            int seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
            LogRateLimited(log, ClientPartition(http.Connection.RemoteIpAddress), http.Request.Path);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            answer = ApiProblems.Result(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited,
                $"This address has asked for more verifications than this service allows per minute; try again in {seconds} s.");
        }
        else
        {
            LogBusy(log, http.Request.Path);
            http.Response.Headers.RetryAfter = BusyRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            answer = ApiProblems.Result(StatusCodes.Status503ServiceUnavailable, ProblemTypes.VerificationBusy,
                $"As many verifications as this service runs at once are already running; try again in {BusyRetryAfterSeconds} s.");
        }
        await answer.ExecuteAsync(http);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Verification refused to {Client} on {Path}: its rate limit is used up")]
    private static partial void LogRateLimited(ILogger logger, string client, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Verification refused on {Path}: the concurrency limit is reached")]
    private static partial void LogBusy(ILogger logger, string path);

    /// <summary>The endpoint metadata that marks a route as running the verifier.</summary>
    private sealed class VerificationRoute
    {
        public static readonly VerificationRoute Instance = new();
    }
}
