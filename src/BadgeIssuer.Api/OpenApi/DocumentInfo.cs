using BadgeIssuer.Core.Configuration;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BadgeIssuer.Api.OpenApi;

/// <summary>The parts of the OpenAPI document no endpoint states: the server (<c>PublicBaseUrl</c>) and what each tag groups.</summary>
public sealed class DocumentInfo(BadgeIssuerOptions options) : IDocumentFilter
{
    /// <summary>The description of every tag the endpoints use.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Achievements"] = "An issuer's badge definitions (OB 3.0 Achievement) with machine-checkable criteria rules",
        ["Award batches"] = "Up to 10,000 awards in one request, issued in the background, with per-entry results",
        ["Audit"] = "An issuer's audit trail: who changed what, when, in which request",
        ["Assessors"] = "People outside the teacher's school who review submissions, each with an API key of its own (scope reviews:write)",
        ["Awards"] = "Issue a signed OpenBadgeCredential when the criteria are met; read, revoke, suspend and reissue it",
        ["Evidence files"] = "Files a teacher submits as evidence: uploaded as raw bytes, typed from those bytes, served publicly under their id",
        ["Clients"] = "API clients: an API key bound to one issuer with scopes, or an administrator's",
        ["Endorsements"] = "An issuer's signed endorsements (OB 3.0 EndorsementCredential) of other issuers' achievements and profiles",
        ["Learner records"] = "Comprehensive Learner Records (CLR 2.0 ClrCredential): one signed record of a learner's current credentials from the issuer, with their achievements and how they stack",
        ["Issuers"] = "Issuing organisations (OB 3.0 Profile), each with its own signing keys",
        ["Keys"] = "An issuer's signing keys: list, rotate, mark compromised",
        ["Open Badges 2.0"] = "The Open Badges 2.0 hosted copy of every award (Assertion, BadgeClass, issuer Profile) for consumers that import only OB 2.0",
        ["OpenID4VCI"] = "Delivery into OpenID for Verifiable Credential Issuance 1.0 wallets (pre-authorized code flow): metadata, offers, token, nonce, credential",
        ["Public"] = "What anyone may read without a key: issuer profiles, achievements, keys, status lists, credentials, evidence files",
        ["Public pages"] = "HTML pages for people: the verification page, a badge's claim page and its OpenID4VCI credential offer",
        ["Submissions"] = "Evidence submitted for an achievement earned by review, its assessors' reviews and the decision that issues the badge",
        ["Stacking"] = "A learner's progress toward stacked achievements (pathways)",
        ["Wallets"] = "Hand a badge to the holder's wallet: VCALM exchanges answered with DID Authentication (the Learner Credential Wallet)",
        ["Verification"] = "Verify any credential and get a report of every check; a failed check is a verdict, not an error",
        ["Webhooks"] = "Signed notifications of issued and revoked awards and completed batches, with delivery records",
    };

    /// <inheritdoc />
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        swaggerDoc.Servers = [new OpenApiServer { Url = options.BaseUrl, Description = "This service (BadgeIssuer:PublicBaseUrl)" }];
        foreach (OpenApiTag tag in swaggerDoc.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out string? description)) tag.Description = description;
        }
    }
}
