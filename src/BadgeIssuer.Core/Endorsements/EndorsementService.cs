// OB 3.0 §B.1.5 (EndorsementCredential), §9.2 (endorsements are verified like any credential): an issuer of this
// service endorses another issuer's achievement or profile; the signed credential is kept with what it endorses and
// listed in its `endorsement` (Achievement.endorsement, Profile.endorsement).
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Issuing;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Core.Endorsements;

/// <summary>
/// What an endorsement request names: exactly one of another issuer's achievement (<see cref="AchievementId"/>) or
/// profile (<see cref="IssuerId"/>), the endorser's comment (Markdown) and optionally the credential's name.
/// </summary>
public sealed record EndorsementRequest(string? AchievementId = null, string? IssuerId = null, string? Comment = null, string? Name = null);

/// <summary>Makes, signs and keeps endorsements.</summary>
public sealed class EndorsementService(
    IIssuerStore issuers,
    IAchievementStore achievements,
    IssuerKeyService keys,
    ObDocuments documents,
    PublicUrls urls,
    EddsaDataIntegrity dataIntegrity,
    AuditTrail audit,
    TimeProvider time)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// <paramref name="endorserId"/> endorses what <paramref name="request"/> names: a new signed EndorsementCredential,
    /// replacing the endorser's earlier endorsement of the same thing. 422 for an unknown target, an issuer's own
    /// achievement or profile, or a missing comment; 409 when the target already keeps <see cref="Endorsement.MaxPerTarget"/> others.
    /// </summary>
    public async Task<Outcome<Endorsement>> EndorseAsync(string endorserId, EndorsementRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check check = new();
        if ((request.AchievementId is null) == (request.IssuerId is null))
            check.Fail("/achievementId", "name exactly one of achievementId (another issuer's achievement) or issuerId (another issuer's profile).");
        if (string.IsNullOrWhiteSpace(request.Comment)) check.Fail("/comment", "is required: what the endorser vouches for (Markdown).");
        else check.OptionalText("/comment", request.Comment, 20000);
        check.OptionalText("/name", request.Name, 500);
        if (check.Errors.Count > 0) return new Invalid<Endorsement>(check.Errors);
        if (await issuers.GetAsync(endorserId, cancellationToken) is not { } endorser)
            return new NotFound<Endorsement>($"There is no issuer '{Check.Shorten(endorserId)}'.");

        // A write that loses to a concurrent change of the target (null) reads the target again and signs again.
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            Outcome<Endorsement>? outcome = request.AchievementId is { } achievementId
                ? await EndorseAchievementAsync(endorser, achievementId, request, cancellationToken)
                : await EndorseProfileAsync(endorser, request.IssuerId!, request, cancellationToken);
            if (outcome is not null) return outcome;
        }
        return new Conflict<Endorsement>("What is being endorsed kept changing while the endorsement was stored; try again.");
    }

    private async Task<Outcome<Endorsement>?> EndorseAchievementAsync(Issuer endorser, string achievementId, EndorsementRequest request, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(achievementId) || await achievements.FindAsync(achievementId, cancellationToken) is not { } target)
            return new Invalid<Endorsement>([new FieldError("/achievementId", $"is not an achievement of this service; found '{Check.Shorten(achievementId)}'.")]);
        if (string.Equals(target.IssuerId, endorser.Id, StringComparison.Ordinal))
            return new Invalid<Endorsement>([new FieldError("/achievementId", "is this issuer's own achievement; an endorsement comes from another issuer.")]);
        List<Endorsement> others = Others(target.Endorsements, endorser.Id);
        if (others.Count >= Endorsement.MaxPerTarget) return TooMany();
        Endorsement endorsement = await SignAsync(endorser, urls.Achievement(target.IssuerId, target.Id), request.Name ?? $"Endorsement of {target.Name}", request.Comment!);
        Achievement updated = target with { Endorsements = [.. others, endorsement], Version = target.Version + 1 };
        return await WriteAsync(endorsement, achievementId, "achievementId", () => achievements.UpdateAsync(updated, target.Version, cancellationToken), cancellationToken);
    }

    private async Task<Outcome<Endorsement>?> EndorseProfileAsync(Issuer endorser, string issuerId, EndorsementRequest request, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(issuerId) || await issuers.GetAsync(issuerId, cancellationToken) is not { } target)
            return new Invalid<Endorsement>([new FieldError("/issuerId", $"is not an issuer of this service; found '{Check.Shorten(issuerId)}'.")]);
        if (string.Equals(target.Id, endorser.Id, StringComparison.Ordinal))
            return new Invalid<Endorsement>([new FieldError("/issuerId", "is this issuer itself; an endorsement comes from another issuer.")]);
        List<Endorsement> others = Others(target.Endorsements, endorser.Id);
        if (others.Count >= Endorsement.MaxPerTarget) return TooMany();
        Endorsement endorsement = await SignAsync(endorser, urls.Issuer(target.Id), request.Name ?? $"Endorsement of {target.Name}", request.Comment!);
        Issuer updated = target with { Endorsements = [.. others, endorsement], Version = target.Version + 1 };
        return await WriteAsync(endorsement, issuerId, "endorsedIssuerId", () => issuers.UpdateAsync(updated, target.Version, cancellationToken), cancellationToken);
    }

    /// <summary>The target's endorsements from other endorsers: an endorser's new endorsement replaces its earlier one.</summary>
    private static List<Endorsement> Others(IReadOnlyList<Endorsement> current, string endorserId) =>
        [.. current.Where(e => !string.Equals(e.EndorserId, endorserId, StringComparison.Ordinal))];

    /// <summary>A new EndorsementCredential of the thing with id <paramref name="subjectId"/>, checked against the schema and signed.</summary>
    private async Task<Endorsement> SignAsync(Issuer endorser, string subjectId, string name, string comment)
    {
        DateTimeOffset now = time.GetUtcNow();
        JsonObject unsigned = EndorsementCredentialBuilder.Build("urn:uuid:" + Guid.NewGuid().ToString("D"), documents.ProfileReference(endorser), subjectId, name.Trim(), comment.Trim(), now);
        SchemaValidationResult schema = ObSchemas.ValidateEndorsementCredential(unsigned);
        if (!schema.IsValid)
            throw new InvalidOperationException($"The endorsement built for issuer {endorser.Id} breaks the OB 3.0 schema: {string.Join("; ", schema.Violations.Select(v => v.ToString()))}");
        DataIntegritySigningKey key = await keys.GetDataIntegrityKeyAsync(endorser.Id, CancellationToken.None)
            ?? throw new InvalidOperationException($"Issuer {endorser.Id} has no active {IssuerKeyService.DataIntegrityAlgorithm} key.");
        JsonObject signed = dataIntegrity.AddProof(unsigned, DataIntegritySuites.EddsaRdfc2022, key, now, asArray: true);
        return new Endorsement(unsigned["id"]!.GetValue<string>(), endorser.Id, now, signed.ToJsonString());
    }

    /// <summary>The write with its audit entry: done, <c>null</c> when the target changed meanwhile, or not found.</summary>
    private async Task<Outcome<Endorsement>?> WriteAsync(Endorsement endorsement, string targetId, string targetKind, Func<Task<WriteOutcome>> write, CancellationToken cancellationToken) =>
        await audit.RecordAsync(AuditChange.Of(endorsement.EndorserId, AuditActions.EndorsementCreated, endorsement.Id, ("endorsementId", endorsement.Id), (targetKind, targetId)),
            write, cancellationToken) switch
        {
            WriteOutcome.Written => new Done<Endorsement>(endorsement, Created: true),
            WriteOutcome.Conflict => null,
            _ => new NotFound<Endorsement>($"'{Check.Shorten(targetId)}' disappeared while it was being endorsed."),
        };

    private static Conflict<Endorsement> TooMany() =>
        new($"It already keeps {Endorsement.MaxPerTarget} endorsements from other issuers, the most it keeps (each is checked whenever a badge carrying it is verified).");
}
