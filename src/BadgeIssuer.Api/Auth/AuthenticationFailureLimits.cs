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

    /// <summary>Builds the per-address buckets, or none when <see cref="RateLimitingSettings.Enabled"/> is off.</summary>
    public AuthenticationFailureLimits(BadgeIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RateLimitingSettings settings = options.RateLimiting;
        if (!settings.Enabled) return;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.AuthFailuresPerMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / settings.AuthFailuresPerMinute,
            QueueLimit = 0,
        }));
    }

    /// <summary>The partition a request's client address falls in.</summary>
    public static string Partition(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return VerificationRateLimits.ClientPartition(http.Connection.RemoteIpAddress);
    }

    /// <summary>True, with how long to wait, when <paramref name="partition"/> has no failed attempt left.</summary>
    public bool IsExhausted(string partition, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null) return false;
        using RateLimitLease lease = _limiter.AttemptAcquire(partition, 0);
        if (lease.IsAcquired) return false;
        if (!lease.TryGetMetadata(MetadataName.RetryAfter, out retryAfter)) retryAfter = TimeSpan.FromSeconds(1);
        return true;
    }

    /// <summary>Takes one failed attempt from <paramref name="partition"/>'s allowance.</summary>
    public void RecordFailure(string partition) => _limiter?.AttemptAcquire(partition).Dispose();

    /// <inheritdoc />
    public void Dispose() => _limiter?.Dispose();
}
