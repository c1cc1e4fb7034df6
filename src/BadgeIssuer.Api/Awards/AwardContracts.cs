using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Mail;

namespace BadgeIssuer.Api.Awards;

/// <summary>The body of <c>POST /api/v1/issuers/{issuerId}/awards</c>.</summary>
/// <param name="AchievementId">The achievement to award.</param>
/// <param name="Recipient">The learner: an e-mail (published only hashed) and/or an id (a DID or URL), and a display name.</param>
/// <param name="Results">The learner's results, one per result description key.</param>
/// <param name="Evidence">What the learner produced.</param>
/// <param name="Narrative">What the learner did, in Markdown.</param>
/// <param name="ValidUntil">When the credential expires, if it does.</param>
/// <param name="Notify">Whether the service e-mails the claim link to an e-mail recipient (default true; needs mail to be configured).</param>
public sealed record AwardRequest(
    string AchievementId,
    Recipient Recipient,
    IReadOnlyList<SubmittedResult>? Results = null,
    IReadOnlyList<EvidenceItem>? Evidence = null,
    string? Narrative = null,
    DateTimeOffset? ValidUntil = null,
    bool? Notify = null)
{
    internal IssueAwardCommand ToCommand(string issuerId, string? idempotencyKey) =>
        new(issuerId, AchievementId, Recipient, Results ?? [], Evidence ?? [], Narrative, ValidUntil, idempotencyKey, Notify: Notify ?? true);
}

/// <summary>Public links of an issued credential, for the program to pass on to the learner.</summary>
/// <param name="Credential">The credential's id: its public document, the badge page when a browser opens it.</param>
/// <param name="Json">The credential as JSON.</param>
/// <param name="Jwt">The compact VC-JWT, as text/plain.</param>
/// <param name="Png">The badge image with the credential baked in.</param>
/// <param name="Svg">The badge image as SVG with the credential baked in.</param>
/// <param name="LinkedIn">LinkedIn's "add certification" link, filled in from the badge.</param>
/// <param name="Claim">
/// The claim page, where the learner takes the badge into a wallet or downloads it: present while the award is
/// unclaimed, not revoked and the link has not expired. It works without signing in, so pass it only to the learner.
/// </param>
public sealed record AwardLinks(string Credential, string Json, string Jwt, string Png, string Svg, string LinkedIn, string? Claim = null);

/// <summary>A page of awards; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record AwardPage(IReadOnlyList<AwardResponse> Items, string? NextCursor);

/// <summary>The body of <c>:revoke</c>.</summary>
/// <param name="Reason">Why the badge is revoked, in a sentence (kept with the award, not published in the list).</param>
public sealed record RevokeRequest(string Reason);

/// <summary>The body of <c>:suspend</c>.</summary>
/// <param name="Reason">Why the badge is suspended, in a sentence (kept with the award, not published in the list).</param>
public sealed record SuspendRequest(string Reason);

/// <summary>
/// An issued award: the credential with its embedded proof, its public links (the VC-JWT form is at
/// <see cref="AwardLinks.Jwt"/>), its revocation if revoked and its suspension while suspended, and once the learner
/// claimed it into a wallet, when (<paramref name="ClaimedAt"/>) and the DID that holds it (<paramref name="Holder"/>,
/// also the credential's <c>credentialSubject.id</c> from then on). <paramref name="Delivery"/> says where its claim
/// e-mail is, when the service sends one (mail configured, an e-mail recipient, <c>notify</c> not false).
/// </summary>
public sealed record AwardResponse(
    string Id, string IssuerId, string AchievementId, string CredentialId, DateTimeOffset IssuedAt,
    RawJson Credential, AwardLinks Links, AwardRevocation? Revoked = null, string? Supersedes = null, AwardSuspension? Suspended = null,
    DateTimeOffset? ClaimedAt = null, string? Holder = null, MailDelivery? Delivery = null);

/// <summary>The body of <c>:readdress</c>.</summary>
/// <param name="Email">The address the badge is to go to instead (published only hashed, as at issue).</param>
public sealed record ReaddressRequest(string? Email);

/// <summary>Makes the API's award JSON from awards: their public links, the claim link while there is one, and where their claim mail is.</summary>
public sealed class AwardResponses(PublicUrls urls, ClaimService claims, ClaimMailService mail)
{
    /// <summary>
    /// An award this request has just stored, as the API shows it: its outbox event has not queued its mail yet, so its
    /// delivery follows from the award alone, with no read of the mail jobs.
    /// </summary>
    public AwardResponse JustIssued(Award award) => From(award) with { Delivery = mail.Expected(award) };

    /// <summary>The award as the API shows it, with its claim mail's <see cref="AwardResponse.Delivery"/>.</summary>
    public async Task<AwardResponse> WithDeliveryAsync(Award award, CancellationToken cancellationToken) => (await WithDeliveryAsync([award], cancellationToken))[0];

    /// <summary>The awards as the API shows them, with their claim mails' deliveries (read together).</summary>
    public async Task<IReadOnlyList<AwardResponse>> WithDeliveryAsync(IReadOnlyList<Award> awards, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, MailDelivery> deliveries = await mail.DeliveriesAsync(awards, cancellationToken);
        return [.. awards.Select(a => From(a) with { Delivery = deliveries.GetValueOrDefault(a.Id) })];
    }

    /// <summary>The award as the API shows it.</summary>
    public AwardResponse From(Award a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.IssuerId, a.AchievementId, a.CredentialId, a.IssuedAt, new RawJson(a.CredentialJson),
            LinksOf(a), a.Revoked, a.Supersedes, a.Suspended, a.Holder?.ClaimedAt, a.Holder?.Did);
    }

    private AwardLinks LinksOf(Award a)
    {
        string page = urls.Credential(a.Id);
        string linkedIn = BadgePage.LinkedInUrl(BadgeView.From(JsonNode.Parse(a.CredentialJson)!.AsObject()), page);
        return new AwardLinks(page, page + ".json", urls.CredentialJwt(a.Id), page + ".png", page + ".svg", linkedIn, claims.ClaimUrl(a));
    }
}
