// CLR 2.0 (Comprehensive Learner Record): the issuer signs one ClrCredential holding a learner's current credentials
// from it unchanged, the achievements they are for (stacked ones included) and isPartOf associations from each
// component to the stacked achievement it counts toward; the record has its own revocation entry.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Issuing;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;

namespace BadgeIssuer.Core.LearnerRecords;

/// <summary>Issues, reads and revokes learner records (signed CLR 2.0 ClrCredentials).</summary>
public sealed class LearnerRecordService(
    IIssuerStore issuers,
    IAchievementStore achievements,
    IAwardStore awards,
    ILearnerRecordStore records,
    StatusSlotAllocator statusSlots,
    StatusService status,
    IssuerKeyService keys,
    ObDocuments documents,
    PublicUrls urls,
    EddsaDataIntegrity dataIntegrity,
    AuditTrail audit,
    TimeProvider time)
{
    /// <summary>
    /// The most credentials one record holds: each is checked whenever the record is verified, so a record stays
    /// verifiable in well under a second; a learner with more asks for several records naming their awards.
    /// </summary>
    public const int MaxCredentials = 100;

    private const int PageSize = 200;
    private const int MaxAttempts = 8;

    /// <summary>
    /// Signs a record of <paramref name="recipient"/>'s current awards from the issuer (the e-mail address or the id
    /// given at issue): those <see cref="LearnerRecordRequest.AwardIds"/> names, or all of them. Only current awards go
    /// in (not revoked, suspended or expired); naming any other is a 422 that says which and why. A retry with the same
    /// idempotency key returns the first record.
    /// </summary>
    public async Task<Outcome<LearnerRecord>> IssueAsync(string issuerId, string recipient, LearnerRecordRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(request);
        Check check = new();
        bool byEmail = IssuingService.IsEmailRecipient(recipient);
        if (byEmail) check.OptionalEmail("/recipient", recipient);
        else if (recipient.Length > 2000 || !Check.IsAbsoluteIri(recipient))
            check.Fail("/recipient", $"must be the learner's e-mail address or the id given at issue (an absolute IRI){Check.IriShape}; found '{Check.Shorten(recipient)}'.");
        if (request.AwardIds is { } named)
        {
            if (named.Count == 0) check.Fail("/awardIds", "names no award; leave it out for all of the learner's current awards.");
            if (named.Count > MaxCredentials) check.Fail("/awardIds", $"names {named.Count} awards; a record holds at most {MaxCredentials}.");
            for (int i = 0; i < Math.Min(named.Count, MaxCredentials + 1); i++)
            {
                if (named[i] is not { } id || !Ids.IsWellFormed(id)) check.Fail($"/awardIds/{i}", $"is not an award id; found '{Check.Shorten(named[i] ?? "null")}'.");
                else if (named.Take(i).Contains(id, StringComparer.Ordinal)) check.Fail($"/awardIds/{i}", $"names award '{id}' a second time.");
            }
        }
        check.OptionalText("/name", request.Name, 500);
        check.OptionalText("/description", request.Description, 20000);
        if (check.Errors.Count > 0) return new Invalid<LearnerRecord>(check.Errors);

        string recipientKey = IssuingService.RecipientKeyFor(recipient);
        string fingerprint = Fingerprint(recipientKey, request);
        if (idempotencyKey is not null && await records.FindByIdempotencyKeyAsync(issuerId, idempotencyKey, cancellationToken) is { } earlier)
            return Replay(earlier, fingerprint, idempotencyKey);
        if (await issuers.GetAsync(issuerId, cancellationToken) is not { } issuer)
            return new NotFound<LearnerRecord>($"There is no issuer '{Check.Shorten(issuerId)}'.");

        DateTimeOffset now = time.GetUtcNow();
        List<Award> held = await Page<Award>.AllAsync(cursor => awards.FindAsync(new AwardQuery(issuerId, RecipientKey: recipientKey), cursor, PageSize, cancellationToken));
        List<Award> current = [.. held.Where(a => NotCurrentBecause(a, now) is null).OrderBy(a => a.IssuedAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
        Outcome<List<Award>> chosen = Choose(request.AwardIds, held, current, now);
        if (chosen is not Done<List<Award>> { Value: var included }) return Relay(chosen);

        StatusSlot slot = await statusSlots.NextAsync(issuer.Id, StatusPurposes.Revocation, cancellationToken);
        string recordId = Ids.New();
        JsonObject unsigned = ClrCredentialBuilder.Build(await InputAsync(issuer, recordId, recipient, byEmail, request, included, included.Count < current.Count, slot, now, cancellationToken));
        DataIntegritySigningKey signingKey = await keys.GetDataIntegrityKeyAsync(issuer.Id, cancellationToken)
            ?? throw new InvalidOperationException($"Issuer {issuer.Id} has no active {IssuerKeyService.DataIntegrityAlgorithm} key.");
        JsonObject credential = dataIntegrity.AddProof(unsigned, DataIntegritySuites.EddsaRdfc2022, signingKey, now, asArray: true);

        LearnerRecord record = new(recordId, issuer.Id, recipientKey, idempotencyKey, fingerprint, credential.ToJsonString(), [.. included.Select(a => a.Id)],
            included.Count < current.Count, now, slot, Version: 1);
        LearnerRecordInsertOutcome inserted = await audit.RecordAsync(
            AuditChange.Of(issuer.Id, AuditActions.LearnerRecordIssued, record.Id, ("clrId", record.Id)),
            () => records.InsertAsync(record, cancellationToken), i => i.Kind == LearnerRecordInsertKind.Inserted, cancellationToken);
        return inserted.Kind switch
        {
            LearnerRecordInsertKind.Inserted => new Done<LearnerRecord>(record, Created: true),
            LearnerRecordInsertKind.DuplicateIdempotencyKey => Replay(inserted.Existing!, fingerprint, idempotencyKey!),
            _ => new Conflict<LearnerRecord>("A learner record with this id already exists; try again."),
        };
    }

    /// <summary>A record of the issuer, or <see cref="NotFound{T}"/>.</summary>
    public async Task<Outcome<LearnerRecord>> GetAsync(string issuerId, string recordId, CancellationToken cancellationToken) =>
        await records.GetAsync(recordId, cancellationToken) is { } record && string.Equals(record.IssuerId, issuerId, StringComparison.Ordinal)
            ? new Done<LearnerRecord>(record)
            : new NotFound<LearnerRecord>($"Issuer '{Check.Shorten(issuerId)}' has no learner record '{Check.Shorten(recordId)}'.");

    /// <summary>A record as anyone may read it (its signed ClrCredential is public at its id), or <see cref="NotFound{T}"/>.</summary>
    public async Task<Outcome<LearnerRecord>> PublicAsync(string recordId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(recordId) && await records.GetAsync(recordId, cancellationToken) is { } record
            ? new Done<LearnerRecord>(record)
            : new NotFound<LearnerRecord>($"There is no learner record '{Check.Shorten(recordId)}'.");

    /// <summary>
    /// The standing of each award whose credential <paramref name="record"/> holds, in its order, as it is now (each
    /// one's revocation, suspension and validUntil read afresh, in one query, so a change after the record was signed
    /// shows at once); <c>null</c> in the place of one the store no longer has.
    /// </summary>
    public async Task<IReadOnlyList<AwardStanding?>> HeldAwardsAsync(LearnerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        Dictionary<string, AwardStanding> found = (await awards.GetStandingsAsync(record.AwardIds, cancellationToken))
            .Where(s => string.Equals(s.IssuerId, record.IssuerId, StringComparison.Ordinal))
            .ToDictionary(s => s.Id, StringComparer.Ordinal);
        return [.. record.AwardIds.Select(found.GetValueOrDefault)];
    }

    /// <summary>A page of the issuer's records of <paramref name="recipient"/> (e-mail address or id given at issue), oldest first.</summary>
    public async Task<Outcome<Page<LearnerRecord>>> ListAsync(string issuerId, string recipient, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (TimeCursor.Unreadable<Page<LearnerRecord>>(cursor) is { } unreadable) return unreadable;
        if (limit is < 1 or > 200) return new InvalidQuery<Page<LearnerRecord>>([new FieldError("/limit", "must be from 1 to 200.")]);
        return new Done<Page<LearnerRecord>>(await records.ListAsync(issuerId, IssuingService.RecipientKeyFor(recipient), cursor, limit, cancellationToken));
    }

    /// <summary>
    /// Revokes the record: its bit in the issuer's revocation list is set (verifiers see it revoked from then on), then
    /// the reason is recorded. The credentials it holds are not touched. Revoking again keeps the first reason.
    /// </summary>
    public async Task<Outcome<LearnerRecord>> RevokeAsync(string issuerId, string recordId, string reason, CancellationToken cancellationToken)
    {
        if (StatusService.ReasonProblem<LearnerRecord>(reason, "the record is revoked") is { } problem) return problem;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            Outcome<LearnerRecord> found = await GetAsync(issuerId, recordId, cancellationToken);
            if (found is not Done<LearnerRecord> { Value: var record }) return found;
            if (!await status.SetBitAsync(record.RevocationSlot, value: true, cancellationToken)) continue;
            if (record.Revoked is not null) return new Done<LearnerRecord>(record);
            LearnerRecord revoked = record with { Revoked = new LearnerRecordRevocation(time.GetUtcNow(), reason.Trim()), Version = record.Version + 1 };
            if (await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.LearnerRecordRevoked, revoked.Version, ("clrId", record.Id)),
                    () => records.UpdateAsync(revoked, record.Version, cancellationToken), cancellationToken) == WriteOutcome.Written)
                return new Done<LearnerRecord>(revoked);
        }
        return new Conflict<LearnerRecord>("The learner record changed while it was being revoked; try again.");
    }

    /// <summary>Why an award does not go into a record, or <c>null</c> when it is current.</summary>
    public static string? NotCurrentBecause(Award award, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(award);
        return NotCurrentBecause(award.Standing, now);
    }

    /// <summary>Why an award of this standing is not current, or <c>null</c> when it is.</summary>
    public static string? NotCurrentBecause(AwardStanding award, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(award);
        if (award.Revoked is not null) return "is revoked";
        if (award.Suspended is not null) return "is suspended";
        if (award.ValidUntil is { } until && until <= now) return "has expired";
        return null;
    }

    /// <summary>The awards the record holds: the named ones, each of them current, or every current one.</summary>
    private static Outcome<List<Award>> Choose(IReadOnlyList<string>? named, List<Award> held, List<Award> current, DateTimeOffset now)
    {
        if (named is null)
        {
            if (current.Count == 0) return new NotFound<List<Award>>("The issuer has no current award for this learner (none, or all revoked, suspended or expired), so there is nothing to record.");
            if (current.Count > MaxCredentials)
                return new Invalid<List<Award>>([new FieldError("/awardIds", $"is needed: the learner holds {current.Count} current awards, more than the {MaxCredentials} one record holds; name the awards of each record.")]);
            return new Done<List<Award>>(current);
        }
        Check check = new();
        List<Award> chosen = [];
        for (int i = 0; i < named.Count; i++)
        {
            if (held.FirstOrDefault(a => string.Equals(a.Id, named[i], StringComparison.Ordinal)) is not { } award)
                check.Fail($"/awardIds/{i}", $"is not an award of this issuer to this learner; found '{named[i]}'.");
            else if (NotCurrentBecause(award, now) is { } why)
                check.Fail($"/awardIds/{i}", $"{why}; a learner record holds only current credentials.");
            else chosen.Add(award);
        }
        return check.Errors.Count > 0 ? new Invalid<List<Award>>(check.Errors) : new Done<List<Award>>(chosen);
    }

    private async Task<ClrCredentialInput> InputAsync(Issuer issuer, string recordId, string recipient, bool byEmail, LearnerRecordRequest request,
        List<Award> included, bool partial, StatusSlot slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<JsonObject> credentials = [.. included.Select(a => JsonNode.Parse(a.CredentialJson)!.AsObject())];
        // Each achievement as the credentials state it (their ids are the Achievement URLs), once.
        Dictionary<string, JsonObject> byAward = [];
        List<JsonObject> achievementList = [];
        HashSet<string> listed = new(StringComparer.Ordinal);
        for (int i = 0; i < included.Count; i++)
        {
            if (credentials[i]["credentialSubject"]?["achievement"] is not JsonObject achievement || JsonText.Of(achievement["id"]) is not { } id) continue;
            byAward[included[i].Id] = achievement;
            if (listed.Add(id)) achievementList.Add(achievement);
        }
        return new ClrCredentialInput(
            urls.LearnerRecord(recordId),
            documents.Profile(issuer),
            request.Name?.Trim() ?? $"Comprehensive Learner Record from {issuer.Name}",
            request.Description?.Trim(),
            SubjectId(recipient, byEmail, credentials),
            Identifiers(recipient, byEmail, credentials),
            credentials,
            achievementList,
            await AssociationsAsync(issuer.Id, included, byAward, cancellationToken),
            partial,
            now,
            StatusEntries.Of(urls, slot, StatusPurposes.Revocation));
    }

    /// <summary>
    /// CLR 2.0 Association <c>isPartOf</c> from each component achievement to the stacked achievement whose pathway
    /// requires it, when the record holds credentials for both.
    /// </summary>
    private async Task<List<ClrAssociation>> AssociationsAsync(string issuerId, List<Award> included, Dictionary<string, JsonObject> byAward, CancellationToken cancellationToken)
    {
        List<Achievement> all = await Page<Achievement>.AllAsync(cursor => achievements.ListByIssuerAsync(issuerId, cursor, PageSize, cancellationToken));
        Dictionary<string, string> heldAchievementIds = [];
        foreach (Award award in included)
            if (byAward.TryGetValue(award.Id, out JsonObject? achievement)) heldAchievementIds.TryAdd(award.AchievementId, JsonText.Of(achievement["id"])!);
        List<ClrAssociation> associations = [];
        foreach (Achievement stacked in all.Where(a => a.Pathway is not null && heldAchievementIds.ContainsKey(a.Id)))
            foreach (string component in stacked.Pathway!.Requires.Where(heldAchievementIds.ContainsKey))
                associations.Add(new ClrAssociation(AssociationTypes.IsPartOf, heldAchievementIds[component], heldAchievementIds[stacked.Id]));
        return associations;
    }

    /// <summary>
    /// The learner's id in the record: the subject id all its credentials share (the DID they were claimed with, or
    /// the id given at issue), else the id given at issue; none when the learner is known by e-mail only and the
    /// credentials name them differently (the identifiers say who the learner is).
    /// </summary>
    private static string? SubjectId(string recipient, bool byEmail, List<JsonObject> credentials)
    {
        string?[] ids = [.. credentials.Select(c => JsonText.Of(c["credentialSubject"]?["id"])).Distinct(StringComparer.Ordinal)];
        return ids is [{ } shared] ? shared : byEmail ? null : recipient;
    }

    /// <summary>
    /// The learner's IdentityObjects (OB 3.0 §B.1.12): the e-mail address as a salted SHA-256 hash with a salt of its
    /// own, and the name the newest credential states, if any.
    /// </summary>
    private static List<JsonObject> Identifiers(string recipient, bool byEmail, List<JsonObject> credentials)
    {
        List<JsonObject> identifiers = [];
        if (byEmail) identifiers.Add(IssuingService.HashedEmail(recipient));
        JsonObject? name = credentials.AsEnumerable().Reverse()
            .SelectMany(c => Credentials.Verification.CredentialChecks.Objects(c["credentialSubject"]?["identifier"]))
            .FirstOrDefault(i => JsonText.Of(i["identityType"]) == "name");
        if (name is not null) identifiers.Add((JsonObject)name.DeepClone());
        return identifiers;
    }

    private static string Fingerprint(string recipientKey, LearnerRecordRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipientKey + "\n" + JsonSerializer.Serialize(request))));

    private static Outcome<LearnerRecord> Replay(LearnerRecord earlier, string fingerprint, string key) =>
        string.Equals(earlier.RequestFingerprint, fingerprint, StringComparison.Ordinal)
            ? new Done<LearnerRecord>(earlier)
            : new IdempotencyKeyReused<LearnerRecord>(key);

    private static Outcome<LearnerRecord> Relay(Outcome<List<Award>> outcome) => outcome switch
    {
        NotFound<List<Award>> n => new NotFound<LearnerRecord>(n.Detail),
        Invalid<List<Award>> i => new Invalid<LearnerRecord>(i.Errors),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
    };
}
