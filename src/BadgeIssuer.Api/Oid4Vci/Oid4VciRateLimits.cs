// The OpenID4VCI routes answer anyone, and some of them store a step (an offer, a nonce, a token): a token bucket per
// client address (BadgeIssuer:RateLimiting:Oid4VciPerMinute) keeps one address from filling the store or guessing
// codes faster than the lockout counts them. Refusals are 429 problems with Retry-After (RFC 6585 §4, RFC 9110 §10.2.3).
using System.Globalization;
using System.Threading.RateLimiting;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Core.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace BadgeIssuer.Api.Oid4Vci;

/// <summary>The rate limit on the OpenID4VCI routes.</summary>
public static class Oid4VciRateLimits
{
    /// <summary>The name of the rate limiting policy.</summary>
    public const string PolicyName = "oid4vci";

    /// <summary>Registers the policy; with <c>BadgeIssuer:RateLimiting:Enabled</c> false it lets everything through.</summary>
    public static IServiceCollection AddOid4VciLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<BadgeIssuerOptions>((limiter, options) => limiter.AddPolicy(PolicyName, new Policy(options.RateLimiting)));
        return services;
    }

    /// <summary>Puts a route under the OpenID4VCI limit.</summary>
    public static TBuilder RequireOid4VciLimits<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PolicyName);

    private sealed class Policy(RateLimitingSettings settings) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) => settings.Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(VerificationRateLimits.ClientPartition(httpContext.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.Oid4VciPerMinute,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / settings.Oid4VciPerMinute,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter("");

        private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter) ? (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds)) : 1;
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await ApiProblems.Result(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited,
                $"This address has made more OpenID4VCI requests than this service allows per minute; try again in {seconds} s.").ExecuteAsync(context.HttpContext);
        }
    }
}
