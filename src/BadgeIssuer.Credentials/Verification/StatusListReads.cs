// W3C Bitstring Status List 1.0 §3.2 steps 3-9: what a verifier learns from one status list credential (its issuer,
// type, purposes, whether its proof holds, its bits) depends only on the list's bytes and the keys that sign it, so it
// is worked out once per content and reused by every credential that points into the same list. A change of a bit
// is a new content (a miss); a key's compromise is seen within CacheFor at the latest (and our own lists are signed
// again after one, which is a new content too).
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>What one status list credential says, independent of the credential that points into it.</summary>
/// <param name="Document">The list without its subject and proof: what the date check reads.</param>
/// <param name="IssuerId">The list's issuer.</param>
/// <param name="Types">The list credential's types.</param>
/// <param name="SubjectTypes">Its subject's types (empty when there is no subject object).</param>
/// <param name="Purposes">The purposes the list serves.</param>
/// <param name="ProofProblem">Why the list's proofs do not hold, or <c>null</c> when they do.</param>
/// <param name="Bits">The decoded bitstring, or <c>null</c> when <paramref name="BitsProblem"/> says why not.</param>
/// <param name="BitsProblem">Why the encoded list cannot be read.</param>
internal sealed record StatusListRead(
    JsonObject Document,
    string? IssuerId,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> SubjectTypes,
    IReadOnlyList<string> Purposes,
    string? ProofProblem,
    byte[]? Bits,
    string? BitsProblem);

/// <summary>Status list reads by list URL and SHA-256 of the list's bytes, bounded in bytes and in age.</summary>
internal sealed class StatusListReads(TimeProvider time)
{
    /// <summary>How long a read is reused at most: the bound on noticing a key compromise in someone else's list.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    /// <summary>Bytes of decoded lists kept at most (512 lists of the minimum 16 KB).</summary>
    public const long CacheBytes = 8L * 1024 * 1024;

    private const int EntryOverhead = 2048;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheBytes, Clock = new CacheClock(time) });

    /// <summary>The cache key of a list served at <paramref name="url"/> with <paramref name="content"/>.</summary>
    public static string KeyOf(Uri url, byte[] content) => url.AbsoluteUri + "\n" + Convert.ToHexString(SHA256.HashData(content));

    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StatusListRead? read) =>
        _cache.TryGetValue(key, out read) && read is not null;

    public void Add(string key, StatusListRead read) =>
        _cache.Set(key, read, new MemoryCacheEntryOptions { Size = EntryOverhead + (read.Bits?.Length ?? 0), AbsoluteExpirationRelativeToNow = CacheFor });
}
