using Microsoft.Extensions.Internal;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>A memory cache's clock: the verifier's <see cref="TimeProvider"/>, so expiry follows the same time as the checks.</summary>
internal sealed class CacheClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
