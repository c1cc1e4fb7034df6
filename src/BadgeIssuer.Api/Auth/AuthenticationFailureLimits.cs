// Failed authentication is rationed per client address with a token bucket from System.Threading.RateLimiting (the
// limiter behind ASP.NET Core rate limiting): each failure takes a token (BadgeIssuer:RateLimiting:AuthFailuresPerMinute
// a minute), and while an address has none left its requests with an API key are answered 429 with Retry-After
// (RFC 6585 §4, RFC 9110 §10.2.3), so guessing keys is slow. Addresses are partitioned as for verification.
using System.Threading.RateLimiting;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Api.Auth;

/// <summary>How many failed authentications each client address has left; one instance per service.</summary>
public sealed class AuthenticationFailureLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    /// <summary>How long one failed attempt takes to come back.</summary>
    private readonly TimeSpan _refill;

    /// <summary>Builds the per-address buckets, or none when <see cref="RateLimitingSettings.Enabled"/> is off.</summary>
    public AuthenticationFailureLimits(BadgeIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RateLimitingSettings settings = options.RateLimiting;
        if (!settings.Enabled) return;
        _refill = TimeSpan.FromMinutes(1) / settings.AuthFailuresPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.AuthFailuresPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = _refill,
            QueueLimit = 0,
        }));
    }

    /// <summary>The partition a request's client address falls in.</summary>
    public static string Partition(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return VerificationRateLimits.ClientPartition(http.Connection.RemoteIpAddress);
    }

    /// <summary>
    /// True, with how long to wait, when <paramref name="partition"/> has no whole failed attempt left. The bucket refills
    /// by fractions of a token at every tick of the partitioned limiter (100 ms), so asking for a lease of 0 tokens
    /// ("anything left?") would say yes again a tick after the last attempt was used; a whole token is what counts.
    /// </summary>
    public bool IsExhausted(string partition, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter?.GetStatistics(partition) is not { CurrentAvailablePermits: < 1 }) return false;
        retryAfter = _refill;
        return true;
    }

    /// <summary>Takes one failed attempt from <paramref name="partition"/>'s allowance.</summary>
    public void RecordFailure(string partition) => _limiter?.AttemptAcquire(partition).Dispose();

    /// <inheritdoc />
    public void Dispose() => _limiter?.Dispose();
}
