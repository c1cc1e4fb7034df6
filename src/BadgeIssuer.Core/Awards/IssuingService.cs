using System.Diagnostics;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Issuing;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Schemas;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Awards;

/// <summary>
/// Issues awards (DESIGN.md §3): check the request, evaluate the achievement's criteria, build the OB 3.0
/// credential, check it against the JSON Schema, add its Data Integrity proof, and store it in one atomic insert
/// together with its <see cref="WebhookEvents.AwardIssued"/> outbox event, whose webhooks and stacking
/// <see cref="OutboxDispatcher"/> runs afterwards: a replay of the idempotency key writes nothing and publishes nothing again.
/// </summary>
public sealed class IssuingService(
    IIssuerStore issuers,
    IAchievementStore achievements,
    IAwardStore awards,
    StatusSlotAllocator statusSlots,
    IssuerKeyService keys,
    ObDocuments documents,
    PublicUrls urls,
    EddsaDataIntegrity dataIntegrity,
    BadgeIssuerOptions options,
    BadgeIssuerTelemetry telemetry,
    AuditTrail audit,
    ClaimService claims,
    ILogger<IssuingService> logger,
    TimeProvider time)
{
    /// <summary>
    /// The reads issuing makes of <paramref name="issuerId"/>, made once for all awards issued with them: give one to
    /// <see cref="IssueAsync(IssueAwardCommand, IssuerReads, CancellationToken)"/> for each award of a group.
    /// </summary>
    public IssuerReads Reads(string issuerId, CancellationToken cancellationToken) => new(issuerId, issuers, achievements, keys, cancellationToken);

    /// <summary>Issues the award, or says exactly why not. A retry with the same idempotency key returns the first award.</summary>
    public Task<Outcome<Award>> IssueAsync(IssueAwardCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return IssueAsync(command, Reads(command.IssuerId, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Issues the award with the issuer, achievement and key as <paramref name="reads"/> has them (read once for every
    /// award issued with the same instance), or says exactly why not. Runs in a <see cref="BadgeIssuerTelemetry.IssueAwardSpan"/>
    /// span; a new award is counted and logged. The audit entry of a replayed award is recorded again (under the same
    /// id, so it is kept once): a store that appends it after the award's write gets it even when the first attempt
    /// stopped in between.
    /// </summary>
    public async Task<Outcome<Award>> IssueAsync(IssueAwardCommand command, IssuerReads reads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(reads);
        using Activity? activity = BadgeIssuerTelemetry.Source.StartActivity(BadgeIssuerTelemetry.IssueAwardSpan);
        activity?.SetTag("badgeissuer.issuer.id", command.IssuerId);
        Outcome<Award> outcome = await IssueNewAsync(command, reads, cancellationToken);
        activity?.SetTag(BadgeIssuerTelemetry.OutcomeTag, SpanOutcome(outcome));
        if (outcome is Done<Award> { Value: var award, Created: true })
        {
            activity?.SetTag("badgeissuer.award.id", award.Id);
            telemetry.AwardIssued();
            logger.AwardIssued(award.Id, award.IssuerId, award.AchievementId);
        }
        else if (outcome is Done<Award> { Value: var replayed }) await audit.AppendAsync(Issued(replayed), cancellationToken);
        return outcome;
    }

    private async Task<Outcome<Award>> IssueNewAsync(IssueAwardCommand command, IssuerReads reads, CancellationToken cancellationToken)
    {
        if (!string.Equals(reads.IssuerId, command.IssuerId, StringComparison.Ordinal))
            throw new ArgumentException($"The reads are of issuer {reads.IssuerId}, the award of {command.IssuerId}.", nameof(reads));
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<FieldError> errors = command.Validate(now);
        if (errors.Count > 0) return new Invalid<Award>(errors);

        string fingerprint = command.Fingerprint();
        if (command.IdempotencyKey is { } key && await awards.FindByIdempotencyKeyAsync(command.IssuerId, key, cancellationToken) is { } earlier)
            return Replay(earlier, fingerprint, key);

        Issuer? issuer = await reads.IssuerAsync();
        if (issuer is null) return new NotFound<Award>($"There is no issuer '{Check.Shorten(command.IssuerId)}'.");
        Achievement? achievement = await reads.AchievementAsync(command.AchievementId);
        if (achievement is null)
            return new Invalid<Award>([new FieldError("/achievementId", $"Issuer '{issuer.Id}' has no achievement '{Check.Shorten(command.AchievementId)}'.")]);

        IReadOnlyList<FieldError> resultErrors = CriteriaEvaluator.Validate(achievement, command.Results);
        if (resultErrors.Count > 0) return new Invalid<Award>(resultErrors);
        IReadOnlyList<UnmetRule> unmet = CriteriaEvaluator.Evaluate(achievement, command.Results, command.Evidence.Count);
        if (unmet.Count > 0) return new CriteriaNotMet(unmet);

        if (command.ValidUntil is null && achievement.ValidForDays is { } days) command = command with { ValidUntil = now.AddDays(days) };
        string awardId = Ids.New();
        StatusSlot revocation = await statusSlots.NextAsync(issuer.Id, StatusPurposes.Revocation, cancellationToken);
        StatusSlot? suspension = options.Status.Suspension ? await statusSlots.NextAsync(issuer.Id, StatusPurposes.Suspension, cancellationToken) : null;
        JsonObject[] statusEntries = suspension is null
            ? [StatusEntries.Of(urls, revocation, StatusPurposes.Revocation)]
            : [StatusEntries.Of(urls, revocation, StatusPurposes.Revocation), StatusEntries.Of(urls, suspension, StatusPurposes.Suspension)];
        JsonObject unsigned = AchievementCredentialBuilder.Build(Input(command, issuer, achievement, awardId, now) with { CredentialStatus = statusEntries });
        SchemaValidationResult schema = ObSchemas.ValidateAchievementCredentialWithStatusSet(unsigned);
        if (!schema.IsValid) return new CredentialSchemaViolation(schema.Violations);

        // OB 3.0 §8.3: the embedded eddsa-rdfc-2022 proof; the VC-JWT form (§8.2) is signed when first asked for.
        DataIntegritySigningKey signingKey = await reads.DataIntegrityKeyAsync()
            ?? throw new InvalidOperationException($"Issuer {issuer.Id} has no active {IssuerKeyService.DataIntegrityAlgorithm} key.");
        JsonObject credential = dataIntegrity.AddProof(unsigned, DataIntegritySuites.EddsaRdfc2022, signingKey, now, asArray: true);

        Award award = new(awardId, issuer.Id, achievement.Id, credential["id"]!.GetValue<string>(), RecipientKey(command.Recipient),
            command.IdempotencyKey, fingerprint, credential.ToJsonString(), Jwt: null, now, command.ValidUntil, Version: 1, RevocationSlot: revocation, Supersedes: command.Supersedes, SuspensionSlot: suspension,
            Claim: claims.NewClaim(awardId, now), RecipientEmail: command.Recipient.Email?.Trim(), Notify: command.Notify);
        // The recipient is kept with the event only when a pathway requires this achievement, for the stacked award.
        bool stacks = (await reads.AchievementsAsync()).Any(a => a.Pathway?.Requires.Contains(achievement.Id, StringComparer.Ordinal) == true);
        AwardInsertOutcome inserted = await audit.RecordAsync(Issued(award), () => awards.InsertAsync(award, AwardEvents.Issued(award, stacks ? command.Recipient : null), cancellationToken),
            i => i.Kind == AwardInsertKind.Inserted, cancellationToken);
        return inserted.Kind switch
        {
            AwardInsertKind.Inserted => new Done<Award>(award, Created: true),
            AwardInsertKind.DuplicateIdempotencyKey => Replay(inserted.Existing!, fingerprint, command.IdempotencyKey!),
            _ => new Conflict<Award>("An award with this id already exists; try again."),
        };
    }

    /// <summary>An award of the issuer, or <see cref="NotFound{T}"/>.</summary>
    public async Task<Outcome<Award>> GetAsync(string issuerId, string awardId, CancellationToken cancellationToken) =>
        await awards.GetAsync(awardId, cancellationToken) is { } award && string.Equals(award.IssuerId, issuerId, StringComparison.Ordinal)
            ? new Done<Award>(award)
            : new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");

    /// <summary>
    /// One page of the issuer's awards, oldest first, optionally for one achievement, one recipient (an e-mail address
    /// or the id given at issue) and a time window [from, until).
    /// </summary>
    public async Task<Outcome<Page<Award>>> ListAsync(string issuerId, string? achievementId, string? recipient, DateTimeOffset? issuedFrom, DateTimeOffset? issuedUntil,
        string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<Page<Award>>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        if (TimeCursor.Unreadable<Page<Award>>(cursor) is { } unreadable) return unreadable;
        AwardQuery query = new(issuerId, achievementId, recipient is null ? null : RecipientKeyFor(recipient), issuedFrom?.ToUniversalTime(), issuedUntil?.ToUniversalTime());
        return new Done<Page<Award>>(await awards.FindAsync(query, cursor, Math.Clamp(limit, 1, 100), cancellationToken));
    }

    /// <summary>The audit record of an award's issue: a reissue when it supersedes another award.</summary>
    private static AuditChange Issued(Award award) => award.Supersedes is { } superseded
        ? AuditChange.Of(award.IssuerId, AuditActions.AwardReissued, award.Id, ("awardId", award.Id), ("achievementId", award.AchievementId), ("supersedes", superseded))
        : AuditChange.Of(award.IssuerId, AuditActions.AwardIssued, award.Id, ("awardId", award.Id), ("achievementId", award.AchievementId));

    /// <summary>The outcome of an issue, as the span tags it.</summary>
    private static string SpanOutcome(Outcome<Award> outcome) => outcome switch
    {
        Done<Award> { Created: true } => "issued",
        Done<Award> => "replayed",
        CriteriaNotMet => "criteria-not-met",
        Invalid<Award> or CredentialSchemaViolation => "invalid",
        NotFound<Award> => "not-found",
        _ => "conflict",
    };

    private static Outcome<Award> Replay(Award earlier, string fingerprint, string key) =>
        string.Equals(earlier.RequestFingerprint, fingerprint, StringComparison.Ordinal)
            ? new Done<Award>(earlier, Created: false)
            : new IdempotencyKeyReused<Award>(key);

    private AchievementCredentialInput Input(IssueAwardCommand command, Issuer issuer, Achievement achievement, string awardId, DateTimeOffset now)
    {
        Recipient recipient = command.Recipient;
        List<JsonObject> identifiers = [];
        if (recipient.Email is not null) identifiers.Add(HashedEmail(recipient.Email));
        if (recipient.Name is not null)
            identifiers.Add(new JsonObject { ["type"] = "IdentityObject", ["hashed"] = false, ["identityHash"] = recipient.Name.Trim(), ["identityType"] = "name" });

        return new AchievementCredentialInput(
            urls.Credential(awardId),
            documents.Profile(issuer),
            documents.Achievement(achievement, issuer),
            recipient.Id ?? "urn:uuid:" + Guid.NewGuid().ToString("D"),
            identifiers,
            [.. command.Results.Select(r => documents.Result(achievement, r))],
            [.. command.Evidence.Select(Evidence)],
            now,
            command.ValidUntil,
            command.Narrative,
            achievement.CreditsAvailable,
            Source: command.Source is { } source
                ? new JsonObject { ["id"] = source.Id, ["type"] = new JsonArray("Profile"), ["name"] = source.Name }
                : null);
    }

    private static JsonObject Evidence(EvidenceItem e)
    {
        JsonObject json = [];
        if (e.Id is not null) json["id"] = e.Id;
        json["type"] = new JsonArray("Evidence");
        if (e.Name is not null) json["name"] = e.Name;
        if (e.Description is not null) json["description"] = e.Description;
        if (e.Narrative is not null) json["narrative"] = e.Narrative;
        if (e.Genre is not null) json["genre"] = e.Genre;
        if (e.Audience is not null) json["audience"] = e.Audience;
        return json;
    }

    /// <summary>
    /// OB 3.0 IdentityObject of an e-mail address: the salted SHA-256 of its normalised form, with a new salt each time,
    /// so no two credentials (or learner records) of one learner can be linked by their hashes.
    /// </summary>
    public static JsonObject HashedEmail(string email)
    {
        string salt = IdentityHash.NewSalt();
        return new JsonObject
        {
            ["type"] = "IdentityObject",
            ["hashed"] = true,
            ["identityHash"] = IdentityHash.Sha256(NormaliseEmail(email), salt),
            ["identityType"] = "emailAddress",
            ["salt"] = salt,
        };
    }

    /// <summary>E-mail addresses compare case-insensitively in practice; hash the lower-cased, trimmed form.</summary>
    public static string NormaliseEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    /// <summary>The lookup key of a recipient named by an e-mail address or by the id given at issue.</summary>
    public static string RecipientKeyFor(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return RecipientKey(IsEmailRecipient(recipient) ? new Recipient(recipient, null, null) : new Recipient(null, recipient, null));
    }

    /// <summary>Whether a recipient named in a path or query is an e-mail address rather than an id: an @ and no scheme.</summary>
    public static bool IsEmailRecipient(string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return recipient.Contains('@', StringComparison.Ordinal) && !recipient.Contains(':', StringComparison.Ordinal);
    }

    /// <summary>The lookup key of a recipient: an unsalted SHA-256 of the normalised identity (never published).</summary>
    public static string RecipientKey(Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        string identity = recipient.Id ?? "mailto:" + NormaliseEmail(recipient.Email!);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)));
    }
}
