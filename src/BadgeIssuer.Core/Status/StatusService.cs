// W3C Bitstring Status List 1.0 §2.2 (BitstringStatusListCredential) and §3.1 (setting a status): revocation flips the
// award's bit with one versioned write of the list document, then records why on the award; suspension records first
// and then makes the bit of the suspension list follow the record, since it can be lifted again. Each record on the
// award is written with its outbox event, whose webhooks OutboxDispatcher queues.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Status;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Status;

/// <summary>
/// A status list credential ready to serve: its JSON (UTF-8, the same array for every reader of one version) and an
/// entity tag that changes with every change of a bit.
/// </summary>
public sealed record PublishedStatusList(byte[] Utf8Json, string ETag);

/// <summary>Revokes, suspends and reinstates awards, and publishes the signed status lists that say so.</summary>
public sealed class StatusService(
    IStatusListStore lists,
    IAwardStore awards,
    IssuerKeyService keys,
    PublicUrls urls,
    EddsaDataIntegrity dataIntegrity,
    AuditTrail audit,
    ILogger<StatusService> logger,
    TimeProvider time)
{
    private const int MaxAttempts = 16;
    private readonly ConcurrentDictionary<string, (long Version, string IssuerId, string Method, PublishedStatusList Published)> _signed = new(StringComparer.Ordinal);

    /// <summary>
    /// The signed BitstringStatusListCredential of a list; signed once per version of the list and signing key, so
    /// after a rotation (a compromise above all) the list is signed again with the issuer's current key.
    /// </summary>
    public async Task<Outcome<PublishedStatusList>> PublishedAsync(string listId, CancellationToken cancellationToken)
    {
        // The version alone says whether the signed copy is current: the bits are read only when it is not.
        if (_signed.TryGetValue(listId, out var cached) && await lists.VersionAsync(listId, cancellationToken) == cached.Version
            && (await keys.GetDataIntegrityKeyAsync(cached.IssuerId, cancellationToken))?.VerificationMethod == cached.Method)
            return new Done<PublishedStatusList>(cached.Published);
        if (await lists.GetAsync(listId, cancellationToken) is not { } list)
            return new NotFound<PublishedStatusList>($"There is no status list '{Check.Shorten(listId)}'.");
        DataIntegritySigningKey key = await keys.GetDataIntegrityKeyAsync(list.IssuerId, cancellationToken)
            ?? throw new InvalidOperationException($"Issuer {list.IssuerId} has no active {IssuerKeyService.DataIntegrityAlgorithm} key.");

        string url = urls.StatusList(list.Id);
        JsonObject credential = new()
        {
            ["@context"] = new JsonArray(ObContexts.CredentialsV2),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = urls.Issuer(list.IssuerId),
            ["validFrom"] = AchievementCredentialBuilder.DateTimeZ(list.UpdatedAt),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = list.Purpose,
                ["encodedList"] = BitstringStatusList.Encode(list.Bits),
            },
        };
        credential = dataIntegrity.AddProof(credential, DataIntegritySuites.EddsaRdfc2022, key, list.UpdatedAt, asArray: true);
        string keyId = urls.VerificationMethodParts(key.VerificationMethod)?.KeyId
            ?? throw new InvalidOperationException($"{key.VerificationMethod} is not a verification method of this service.");
        PublishedStatusList published = new(Encoding.UTF8.GetBytes(credential.ToJsonString()), $"\"{list.Id}-{list.Version.ToString(CultureInfo.InvariantCulture)}-{keyId}\"");
        _signed[list.Id] = (list.Version, list.IssuerId, key.VerificationMethod, published);
        return new Done<PublishedStatusList>(published);
    }

    /// <summary>
    /// Revokes the award: its bit in the revocation list is set (the credential is revoked from that moment), then the
    /// reason is recorded on the award. Revoking again keeps the first reason and returns the award as it is.
    /// </summary>
    public async Task<Outcome<Award>> RevokeAsync(string issuerId, string awardId, string reason, string? supersededBy, CancellationToken cancellationToken)
    {
        if (ReasonProblem<Award>(reason, "the badge is revoked") is { } problem) return problem;
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await awards.GetAsync(awardId, cancellationToken) is not { } award || !string.Equals(award.IssuerId, issuerId, StringComparison.Ordinal))
                return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
            if (award.RevocationSlot is not { } slot)
                return new Conflict<Award>("This award was issued without a status list entry, so it cannot be revoked.");
            if (!await SetBitAsync(slot, value: true, cancellationToken)) continue;
            if (award.Revoked is not null) return new Done<Award>(award);
            Award revoked = award with { Revoked = new AwardRevocation(time.GetUtcNow(), reason.Trim(), supersededBy), Version = award.Version + 1 };
            if (await audit.RecordAsync(Changed(revoked, AuditActions.AwardRevoked), () => awards.UpdateAsync(revoked, award.Version, AwardEvents.Revoked(revoked), cancellationToken), cancellationToken) == WriteOutcome.Written)
            {
                logger.AwardRevoked(revoked.Id, issuerId);
                return new Done<Award>(revoked);
            }
        }
        return new Conflict<Award>("The award changed while it was being revoked; try again.");
    }

    /// <summary>
    /// Suspends the award: the suspension is recorded on the award, then its bit in the suspension list is set, so
    /// verifiers report it suspended until <see cref="UnsuspendAsync"/>. Suspending again keeps the first record.
    /// </summary>
    public Task<Outcome<Award>> SuspendAsync(string issuerId, string awardId, string reason, CancellationToken cancellationToken)
    {
        if (ReasonProblem<Award>(reason, "the badge is suspended") is { } problem) return Task.FromResult<Outcome<Award>>(problem);
        return ChangeSuspensionAsync(issuerId, awardId, award =>
        {
            if (award.Revoked is not null) return new Conflict<Award>("This award is revoked; a revoked badge cannot be suspended.");
            return new Done<Award>(award.Suspended is null ? award with { Suspended = new AwardSuspension(time.GetUtcNow(), reason.Trim()) } : award);
        }, cancellationToken);
    }

    /// <summary>Lifts a suspension: the record is removed from the award, then its suspension bit is cleared. Harmless when not suspended.</summary>
    public Task<Outcome<Award>> UnsuspendAsync(string issuerId, string awardId, CancellationToken cancellationToken) =>
        ChangeSuspensionAsync(issuerId, awardId, award => new Done<Award>(award.Suspended is null ? award : award with { Suspended = null }), cancellationToken);

    /// <summary>
    /// Writes the award's new suspension state (versioned), then makes its suspension bit follow the award's state as
    /// read afterwards, until the award did not change meanwhile: whichever of two racing changes finishes last leaves
    /// the bit matching the award. A change is written with its outbox event (award.suspended or award.unsuspended).
    /// </summary>
    private async Task<Outcome<Award>> ChangeSuspensionAsync(string issuerId, string awardId, Func<Award, Outcome<Award>> change, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await awards.GetAsync(awardId, cancellationToken) is not { } award || !string.Equals(award.IssuerId, issuerId, StringComparison.Ordinal))
                return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
            if (award.SuspensionSlot is null)
                return new Conflict<Award>("This award was issued without a suspension entry (BadgeIssuer:Status:Suspension was off), so it cannot be suspended.");
            Outcome<Award> changed = change(award);
            if (changed is not Done<Award> { Value: var next }) return changed;
            if (!ReferenceEquals(next, award))
            {
                Award written = next with { Version = award.Version + 1 };
                next = written;
                AuditChange recorded = Changed(written, written.Suspended is null ? AuditActions.AwardUnsuspended : AuditActions.AwardSuspended);
                if (await audit.RecordAsync(recorded, () => awards.UpdateAsync(written, award.Version, AwardEvents.SuspensionChanged(written, time.GetUtcNow()), cancellationToken), cancellationToken) != WriteOutcome.Written) continue;
                if (written.Suspended is null) logger.AwardUnsuspended(written.Id, issuerId);
                else logger.AwardSuspended(written.Id, issuerId);
            }
            if (await FollowSuspensionAsync(awardId, cancellationToken) is not { } settled) continue;
            return new Done<Award>(settled);
        }
        return new Conflict<Award>("The award changed while its suspension was being changed; try again.");
    }

    /// <summary>Sets the award's suspension bit to its recorded state; the award as settled, or null when it kept changing.</summary>
    private async Task<Award?> FollowSuspensionAsync(string awardId, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            Award award = await awards.GetAsync(awardId, cancellationToken) ?? throw new InvalidOperationException($"Award {awardId} disappeared.");
            if (!await SetBitAsync(award.SuspensionSlot!, award.Suspended is not null, cancellationToken)) continue;
            if (await awards.GetAsync(awardId, cancellationToken) is { } after && after.Version == award.Version) return after;
        }
        return null;
    }

    /// <summary>The audit record of a change of the award's status, told from its other changes by the version it made.</summary>
    private static AuditChange Changed(Award award, string action) => AuditChange.Of(award.IssuerId, action, award.Version, ("awardId", award.Id));

    /// <summary>
    /// A reason (of a revocation, a suspension) must be a sentence of 1 to 500 characters; otherwise the problem that
    /// says so, ending "saying why <paramref name="what"/>".
    /// </summary>
    internal static Invalid<T>? ReasonProblem<T>(string reason, string what) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > 500
            ? new Invalid<T>([new FieldError("/reason", $"must be a sentence of 1 to 500 characters saying why {what}.")])
            : null;

    /// <summary>Sets or clears the slot's bit with a versioned write; false when another writer got there first (read again).</summary>
    internal async Task<bool> SetBitAsync(StatusSlot slot, bool value, CancellationToken cancellationToken)
    {
        StatusList list = await lists.GetAsync(slot.ListId, cancellationToken)
            ?? throw new InvalidOperationException($"Status list {slot.ListId} of a credential is missing.");
        if (BitstringStatusList.Read(list.Bits, slot.Index) == (value ? 1 : 0)) return true;
        byte[] bits = (byte[])list.Bits.Clone();
        BitstringStatusList.Write(bits, slot.Index, set: value);
        StatusList changed = list with { Bits = bits, UpdatedAt = time.GetUtcNow(), Version = list.Version + 1 };
        return await lists.UpdateAsync(changed, list.Version, cancellationToken) == WriteOutcome.Written;
    }
}
