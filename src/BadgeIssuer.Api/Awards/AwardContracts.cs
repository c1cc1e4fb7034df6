using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Api.Awards;

/// <summary>The body of <c>POST /api/v1/issuers/{issuerId}/awards</c>.</summary>
/// <param name="AchievementId">The achievement to award.</param>
/// <param name="Recipient">The learner: an e-mail (published only hashed) and/or an id (a DID or URL), and a display name.</param>
/// <param name="Results">The learner's results, one per result description key.</param>
/// <param name="Evidence">What the learner produced.</param>
/// <param name="Narrative">What the learner did, in Markdown.</param>
/// <param name="ValidUntil">When the credential expires, if it does.</param>
public sealed record AwardRequest(
    string AchievementId,
    RecipientRequest Recipient,
    IReadOnlyList<ResultRequest>? Results = null,
    IReadOnlyList<EvidenceRequest>? Evidence = null,
    string? Narrative = null,
    DateTimeOffset? ValidUntil = null)
{
    internal IssueAwardCommand ToCommand(string issuerId, string? idempotencyKey) => new(
        issuerId, AchievementId, new Recipient(Recipient.Email, Recipient.Id, Recipient.Name),
        [.. (Results ?? []).Select(r => new SubmittedResult(r.ResultDescription, r.Value, r.AchievedLevel, r.Status))],
        [.. (Evidence ?? []).Select(e => new EvidenceItem(e.Id, e.Name, e.Description, e.Narrative, e.Genre, e.Audience))],
        Narrative, ValidUntil, idempotencyKey);
}

/// <summary>The learner receiving the badge.</summary>
public sealed record RecipientRequest(string? Email = null, string? Id = null, string? Name = null);

/// <summary>One result: a rubric level key, a value, and/or a status, for the result description named by key.</summary>
public sealed record ResultRequest(
    string ResultDescription,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Value = null,
    string? AchievedLevel = null,
    string? Status = null);

/// <summary>OB 3.0 Evidence.</summary>
public sealed record EvidenceRequest(string? Id = null, string? Name = null, string? Description = null, string? Narrative = null, string? Genre = null, string? Audience = null);

/// <summary>Public links of an issued credential, for the program to pass on to the learner.</summary>
/// <param name="Credential">The credential's id: its public document, the badge page when a browser opens it.</param>
/// <param name="Json">The credential as JSON.</param>
/// <param name="Jwt">The compact VC-JWT, as text/plain.</param>
/// <param name="Png">The badge image with the credential baked in.</param>
/// <param name="Svg">The badge image as SVG with the credential baked in.</param>
/// <param name="LinkedIn">LinkedIn's "add certification" link, filled in from the badge.</param>
public sealed record AwardLinks(string Credential, string Json, string Jwt, string Png, string Svg, string LinkedIn);

/// <summary>A page of awards; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record AwardPage(IReadOnlyList<AwardResponse> Items, string? NextCursor);

/// <summary>The body of <c>:revoke</c>.</summary>
/// <param name="Reason">Why the badge is revoked, in a sentence (kept with the award, not published in the list).</param>
public sealed record RevokeRequest(string Reason);

/// <summary>The body of <c>:suspend</c>.</summary>
/// <param name="Reason">Why the badge is suspended, in a sentence (kept with the award, not published in the list).</param>
public sealed record SuspendRequest(string Reason);

/// <summary>Since when and why an award is suspended.</summary>
public sealed record SuspensionResponse(DateTimeOffset At, string Reason);

/// <summary>When and why an award was revoked.</summary>
public sealed record RevocationResponse(DateTimeOffset At, string Reason, string? SupersededBy);

/// <summary>
/// An issued award: the credential with its embedded proof, its public links (the VC-JWT form is at
/// <see cref="AwardLinks.Jwt"/>), its revocation if revoked and its suspension while suspended.
/// </summary>
public sealed record AwardResponse(
    string Id, string IssuerId, string AchievementId, string CredentialId, DateTimeOffset IssuedAt,
    RawJson Credential, AwardLinks Links, RevocationResponse? Revoked = null, string? Supersedes = null, SuspensionResponse? Suspended = null)
{
    internal static AwardResponse From(Award a, PublicUrls urls) => new(
        a.Id, a.IssuerId, a.AchievementId, a.CredentialId, a.IssuedAt, new RawJson(a.CredentialJson),
        LinksOf(a, urls),
        a.Revoked is { } r ? new RevocationResponse(r.At, r.Reason, r.SupersededBy) : null, a.Supersedes,
        a.Suspended is { } s ? new SuspensionResponse(s.At, s.Reason) : null);

    private static AwardLinks LinksOf(Award a, PublicUrls urls)
    {
        string page = urls.Credential(a.Id);
        string linkedIn = BadgePage.LinkedInUrl(BadgeView.From(JsonNode.Parse(a.CredentialJson)!.AsObject()), page);
        return new AwardLinks(page, page + ".json", urls.CredentialJwt(a.Id), page + ".png", page + ".svg", linkedIn);
    }
}
