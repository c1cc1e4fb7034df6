// Issue 12 (pages that survive being shared): a badge link is opened in bursts. A credential changes only when its
// learner claims it (issue 15: signed again for their DID, the award's version raised), so its baked images are made
// once per award version and its QR code once. Its page depends on the credential, its status bits, the issuer's
// keys and the clock, so a page is kept under a key made of the award's version (it changes on every revocation,
// suspension and lifting of one), the issuer's keys and their states, and the side of validFrom and validUntil the clock
// is on, all read afresh on every view: of the award only its version (AwardHead), so a kept page or image is served
// without reading or unpacking the credential again. The award and its status bits are written one after the other,
// so a page is kept only when its verdict agrees with the award's record: a view between the two writes is verified
// and not kept. A learner record's baked PNG is made once per record: the signed record never changes.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages.Imaging;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.Caching.Memory;
using BadgeIssuer.Credentials;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>Bytes ready to serve and their strong entity tag (RFC 9110 §8.8.3), the hash of the bytes.</summary>
public sealed record CachedContent(byte[] Bytes, string ETag)
{
    /// <summary>The content with its tag.</summary>
    public static CachedContent Of(byte[] bytes) => new(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
}

/// <summary>
/// The badge pages, baked images and QR codes of issued credentials, kept in memory within
/// <see cref="CacheBytes"/> and <see cref="CacheEntries"/>. A page is never served with a stale verdict: it is found
/// only under the current state of everything its verification read.
/// </summary>
public sealed class PageCache(CredentialVerifier verifier, IssuerKeyService keys, PublicUrls urls, TimeProvider time) : IDisposable
{
    /// <summary>At most this many bytes of pages, images and QR codes are kept.</summary>
    public const long CacheBytes = 64L * 1024 * 1024;

    /// <summary>At most this many entries are kept: each counts for at least <see cref="CacheBytes"/> / this.</summary>
    public const int CacheEntries = 8192;

    /// <summary>An entry nobody asked for in this long is dropped (pages under an outdated state above all).</summary>
    private static readonly TimeSpan Unused = TimeSpan.FromHours(1);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheBytes });

    /// <summary>Empties and releases the cache.</summary>
    public void Dispose() => _cache.Dispose();

    /// <summary>The award's baked PNG (with its OB 2.0 assertion URL when given), made on the first request for its version.</summary>
    public CachedContent Png(Award award, string? ob2AssertionUrl) =>
        Immutable(ImageKey(award.Id, award.Version, "png"), () => CachedContent.Of(BakedImages.Png(award, ob2AssertionUrl)), c => c.Bytes.Length);

    /// <summary>The award's baked SVG (with its OB 2.0 assertion URL when given), made on the first request for its version.</summary>
    public CachedContent Svg(Award award, string? ob2AssertionUrl) =>
        Immutable(ImageKey(award.Id, award.Version, "svg"), () => CachedContent.Of(BakedImages.Svg(award, ob2AssertionUrl)), c => c.Bytes.Length);

    /// <summary>
    /// The learner record's baked PNG (<see cref="BakedImages.Png(LearnerRecord)"/>), made on the first request: the
    /// signed record never changes, and its picture shows nothing that does.
    /// </summary>
    public CachedContent LearnerRecordPng(LearnerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Immutable("clr-png:" + record.Id, () => CachedContent.Of(BakedImages.Png(record)), c => c.Bytes.Length);
    }

    /// <summary>
    /// The baked image (<paramref name="extension"/> <c>png</c> or <c>svg</c>) of the award in the version
    /// <paramref name="head"/> has, if it was made before, else <c>null</c>.
    /// </summary>
    public CachedContent? KeptImage(AwardHead head, string extension)
    {
        ArgumentNullException.ThrowIfNull(head);
        return _cache.TryGetValue(ImageKey(head.Id, head.Version, extension), out CachedContent? kept) ? kept : null;
    }

    /// <summary>The QR code (SVG markup) of a page URL.</summary>
    public string Qr(string pageUrl) =>
        Immutable("qr:" + pageUrl, () => QrCode.Encode(pageUrl).ToSvg("QR code linking to this badge page"), svg => svg.Length * 2L);

    /// <summary>
    /// The badge page of <paramref name="award"/> at <paramref name="pageUrl"/>: rendered with a fresh verification
    /// unless a page made under the same award version, issuer keys and date phase is at hand. The award must have
    /// been read just before: a change during the verification then gives the next view a new key.
    /// </summary>
    public async Task<CachedContent> PageAsync(Award award, string pageUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        PageFacts facts = Immutable(FactsKey(award.Id), () => PageFacts.Read(award, urls.StatusList("")), _ => 256);
        string? key = facts.Keepable ? PageKey(award.Id, pageUrl, await StateAsync(award.IssuerId, award.Version, facts, cancellationToken)) : null;
        if (key is not null && _cache.TryGetValue(key, out CachedContent? cached) && cached is not null) return cached;

        JsonObject credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
        VerificationReport report = await verifier.VerifyJsonAsync(credential, cancellationToken);
        CachedContent page = CachedContent.Of(Encoding.UTF8.GetBytes(BadgePage.Render(credential, pageUrl, report, Qr(pageUrl))));
        // An indeterminate verdict may come from a passing failure (a deadline, an unreadable list): it is not kept.
        if (key is not null && report.Status != VerificationStatus.Indeterminate && AgreesWithRecord(report, award)) Set(key, page, page.Bytes.Length);
        return page;
    }

    /// <summary>
    /// The page kept for the award in the state <paramref name="head"/> (read just before) and the issuer's keys are in
    /// now, or <c>null</c>: then <see cref="PageAsync"/> makes or finds it from the whole award.
    /// </summary>
    public async Task<CachedContent?> KeptPageAsync(AwardHead head, string pageUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (!_cache.TryGetValue(FactsKey(head.Id), out PageFacts? facts) || facts is not { Keepable: true }) return null;
        string key = PageKey(head.Id, pageUrl, await StateAsync(head.IssuerId, head.Version, facts, cancellationToken));
        return _cache.TryGetValue(key, out CachedContent? kept) ? kept : null;
    }

    private static string ImageKey(string awardId, long version, string extension) => $"{extension}:{awardId}:{version.ToString(CultureInfo.InvariantCulture)}";

    private static string FactsKey(string awardId) => "facts:" + awardId;

    private static string PageKey(string awardId, string pageUrl, string state) => $"page:{awardId}:{pageUrl}:{state}";

    /// <summary>Whether the status bits the verifier read say what the award records: revoked, suspended, or neither.</summary>
    private static bool AgreesWithRecord(VerificationReport report, Award award) =>
        report.Checks.Any(c => c.Code == VerificationCodes.Revoked) == (award.Revoked is not null)
        && report.Checks.Any(c => c.Code == VerificationCodes.Suspended) == (award.Suspended is not null);

    /// <summary>
    /// Everything besides the credential that its verdict depends on, as text: which side of validFrom and validUntil
    /// the clock is on, the award's version, and the issuer's keys and their states (a rotation re-signs the lists).
    /// </summary>
    private async Task<string> StateAsync(string issuerId, long awardVersion, PageFacts facts, CancellationToken cancellationToken)
    {
        StringBuilder state = new();
        state.Append(facts.DatePhase(time.GetUtcNow()).ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(awardVersion.ToString(CultureInfo.InvariantCulture));
        foreach (SigningKey key in await keys.ListAsync(issuerId, cancellationToken))
        {
            state.Append('|').Append(key.Id).Append(':').Append(key.Status).Append(':').Append(key.CompromisedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture));
        }
        return state.ToString();
    }

    private T Immutable<T>(string key, Func<T> make, Func<T, long> size) where T : class
    {
        if (_cache.TryGetValue(key, out T? cached) && cached is not null) return cached;
        T made = make();
        Set(key, made, size(made));
        return made;
    }

    private void Set<T>(string key, T value, long size) =>
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(CacheBytes / CacheEntries, size), SlidingExpiration = Unused });

    /// <summary>
    /// What a page's key needs from the credential, read once: whether its page may be kept (every status list it
    /// names is one of the award's own, which the award's version follows, and it carries no endorsement), and the
    /// instants at which the dates check changes its answer.
    /// </summary>
    private sealed record PageFacts(bool Keepable, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil)
    {
        public static PageFacts Read(Award award, string ownLists)
        {
            JsonObject credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
            IReadOnlyList<JsonObject> entries = CredentialChecks.Objects(credential["credentialStatus"]);
            string?[] awardLists = [award.RevocationSlot?.ListId, award.SuspensionSlot?.ListId];
            bool keepable = entries.All(entry => (JsonText.Of(entry["statusListCredential"]) ?? JsonText.Of(entry["id"])) is { } url
                && url.StartsWith(ownLists, StringComparison.Ordinal) && awardLists.Contains(url[ownLists.Length..]));
            // Endorsements are third parties' credentials, with statuses and dates of their own that nothing here follows.
            keepable &= !CredentialVerifier.EndorsementHolders(credential).Any(h => h["endorsement"] is not null || h["endorsementJwt"] is not null);
            bool vc11 = CredentialChecks.IsVc11(credential);
            return new PageFacts(keepable, Date(credential[vc11 ? "issuanceDate" : "validFrom"]), Date(credential[vc11 ? "expirationDate" : "validUntil"]));
        }

        /// <summary>Which side of each date <paramref name="now"/> is on, as <see cref="CredentialChecks.Dates"/> draws the lines.</summary>
        public int DatePhase(DateTimeOffset now) =>
            (ValidFrom is { } from && from > now + CredentialChecks.ClockSkew ? 1 : 0) + (ValidUntil is { } until && until < now ? 2 : 0);

        private static DateTimeOffset? Date(JsonNode? node) =>
            JsonText.Of(node) is { } text && VcJwt.TryParseDateTimeZ(text, out DateTimeOffset value) ? value : null;
    }
}
