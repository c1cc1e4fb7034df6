using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Awards;

/// <summary>
/// Who receives the badge: an e-mail address (published only as a salted hash), and/or an id (a DID or URL), and
/// optionally a display name (published in clear as an OB 3.0 <c>name</c> identifier).
/// </summary>
public sealed record Recipient(string? Email = null, string? Id = null, string? Name = null);

/// <summary>An OB 3.0 Evidence item: a URL and/or a description of what the learner produced.</summary>
public sealed record EvidenceItem(string? Id = null, string? Name = null, string? Description = null, string? Narrative = null, string? Genre = null, string? Audience = null);

/// <summary>
/// Who assessed the achievement on behalf of the issuer (OB 3.0 <c>AchievementSubject.source</c>, a Profile): an
/// <paramref name="Id"/> (an absolute IRI such as <c>urn:uuid:...</c>) and a name.
/// </summary>
public sealed record AwardSource(string Id, string Name);

/// <summary>
/// A request to award an achievement to a learner; <see cref="Source"/> names the assessor of a reviewed submission
/// (left out of the fingerprint when absent, so the fingerprints of other awards are what they always were).
/// </summary>
public sealed record IssueAwardCommand(
    string IssuerId,
    string AchievementId,
    Recipient Recipient,
    IReadOnlyList<SubmittedResult> Results,
    IReadOnlyList<EvidenceItem> Evidence,
    string? Narrative,
    DateTimeOffset? ValidUntil,
    string? IdempotencyKey,
    string? Supersedes = null,
    [property: System.Text.Json.Serialization.JsonIgnore] bool Notify = true,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] AwardSource? Source = null)
{
    /// <summary>Most results or evidence items one award may carry.</summary>
    public const int MaxItems = 100;

    /// <summary>
    /// A SHA-256 over everything but the idempotency key, so a retry with the same key and body is recognised and the
    /// same key with another body is refused.
    /// </summary>
    public string Fingerprint() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this with { IdempotencyKey = null }))));

    /// <summary>Field problems independent of the achievement (recipient, evidence, dates, sizes).</summary>
    public IReadOnlyList<FieldError> Validate(DateTimeOffset now)
    {
        Check check = new();
        if (Recipient.Email is null && Recipient.Id is null)
            check.Fail("/recipient", "needs an email (published only as a salted hash) or an id (a DID or URL of the learner).");
        check.OptionalEmail("/recipient/email", Recipient.Email);
        if (Recipient.Id is not null && !Check.IsAbsoluteIri(Recipient.Id))
            check.Fail("/recipient/id", $"must be an absolute IRI such as a did:key or https URL{Check.IriShape}; found '{Check.Shorten(Recipient.Id)}'.");
        check.OptionalText("/recipient/name", Recipient.Name, 200);
        if (Results.Count > MaxItems) check.Fail("/results", $"must have at most {MaxItems} items.");
        if (Evidence.Count > MaxItems) check.Fail("/evidence", $"must have at most {MaxItems} items.");
        for (int i = 0; i < Evidence.Count; i++)
        {
            EvidenceItem e = Evidence[i];
            string at = $"/evidence/{i}";
            if (e.Id is null && e.Narrative is null && e.Name is null && e.Description is null)
                check.Fail(at, "needs at least an id (URL of the artifact), a name, a description or a narrative.");
            if (e.Id is not null && !Check.IsAbsoluteIri(e.Id))
                check.Fail(at + "/id", $"must be an absolute URL of the evidence{Check.IriShape}; found '{Check.Shorten(e.Id)}'.");
            check.OptionalText(at + "/name", e.Name, 500);
            check.OptionalText(at + "/description", e.Description, 4000);
            check.OptionalText(at + "/narrative", e.Narrative, 20000);
            check.OptionalText(at + "/genre", e.Genre, 200);
            check.OptionalText(at + "/audience", e.Audience, 200);
        }
        check.OptionalText("/narrative", Narrative, 20000);
        if (Source is not null)
        {
            if (!Check.IsAbsoluteIri(Source.Id)) check.Fail("/source/id", $"must be an absolute IRI{Check.IriShape}; found '{Check.Shorten(Source.Id)}'.");
            check.Text("/source/name", Source.Name, 200);
        }
        if (ValidUntil is { } until && until <= now)
            check.Fail("/validUntil", $"must be in the future; found {until:O}.");
        if (IdempotencyKey is { } key && (key.Length is 0 or > 255 || key.Any(c => c < 0x21 || c > 0x7e)))
            check.Fail("/Idempotency-Key", "the Idempotency-Key header must be 1 to 255 visible ASCII characters.");
        return check.Errors;
    }
}
