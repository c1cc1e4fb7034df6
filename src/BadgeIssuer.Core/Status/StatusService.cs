// W3C Bitstring Status List 1.0 §2.2 (BitstringStatusListCredential) and §3.1 (setting a status): revocation flips the
// award's bit with one versioned write of the list document, then records why on the award.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Status;

namespace BadgeIssuer.Core.Status;

/// <summary>A status list credential ready to serve: its JSON and an entity tag that changes with every change of a bit.</summary>
public sealed record PublishedStatusList(string Json, string ETag);

/// <summary>Revokes awards and publishes the signed status lists that say so.</summary>
public sealed class StatusService(
    IStatusListStore lists,
    IAwardStore awards,
    IssuerKeyService keys,
    PublicUrls urls,
    EddsaDataIntegrity dataIntegrity,
    WebhookService webhooks,
    TimeProvider time)
{
    private const int MaxAttempts = 16;
    private readonly ConcurrentDictionary<string, (long Version, PublishedStatusList Published)> _signed = new(StringComparer.Ordinal);

    /// <summary>The signed BitstringStatusListCredential of a list; signed once per version of the list.</summary>
    public async Task<Outcome<PublishedStatusList>> PublishedAsync(string listId, CancellationToken cancellationToken)
    {
        if (await lists.GetAsync(listId, cancellationToken) is not { } list)
            return new NotFound<PublishedStatusList>($"There is no status list '{Check.Shorten(listId)}'.");
        if (_signed.TryGetValue(list.Id, out var cached) && cached.Version == list.Version) return new Done<PublishedStatusList>(cached.Published);

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
        (string method, byte[] seed) = await keys.GetDataIntegrityKeyAsync(list.IssuerId, cancellationToken)
            ?? throw new InvalidOperationException($"Issuer {list.IssuerId} has no active {IssuerKeyService.DataIntegrityAlgorithm} key.");
        try
        {
            credential = dataIntegrity.AddProof(credential, DataIntegritySuites.EddsaRdfc2022, method, list.UpdatedAt, seed, asArray: true);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
        PublishedStatusList published = new(credential.ToJsonString(), $"\"{list.Id}-{list.Version.ToString(CultureInfo.InvariantCulture)}\"");
        _signed[list.Id] = (list.Version, published);
        return new Done<PublishedStatusList>(published);
    }

    /// <summary>
    /// Revokes the award: its bit in the revocation list is set (the credential is revoked from that moment), then the
    /// reason is recorded on the award. Revoking again keeps the first reason and returns the award as it is.
    /// </summary>
    public async Task<Outcome<Award>> RevokeAsync(string issuerId, string awardId, string reason, string? supersededBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            return new Invalid<Award>([new FieldError("/reason", "must be a sentence of 1 to 500 characters saying why the badge is revoked.")]);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await awards.GetAsync(awardId, cancellationToken) is not { } award || !string.Equals(award.IssuerId, issuerId, StringComparison.Ordinal))
                return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
            if (award.RevocationSlot is not { } slot)
                return new Conflict<Award>("This award was issued without a status list entry, so it cannot be revoked.");
            if (!await SetBitAsync(slot, cancellationToken)) continue;
            if (award.Revoked is not null) return new Done<Award>(award);
            Award revoked = award with { Revoked = new AwardRevocation(time.GetUtcNow(), reason.Trim(), supersededBy), Version = award.Version + 1 };
            if (await awards.UpdateAsync(revoked, award.Version, cancellationToken) == WriteOutcome.Written)
            {
                await webhooks.PublishAsync(issuerId, WebhookEvents.AwardRevoked,
                    new { awardId = revoked.Id, credentialId = revoked.CredentialId, reason = revoked.Revoked!.Reason, revokedAt = revoked.Revoked.At, supersededBy }, cancellationToken);
                return new Done<Award>(revoked);
            }
        }
        return new Conflict<Award>("The award changed while it was being revoked; try again.");
    }

    /// <summary>Sets the slot's bit with a versioned write; false when another writer got there first (read again).</summary>
    private async Task<bool> SetBitAsync(StatusSlot slot, CancellationToken cancellationToken)
    {
        StatusList list = await lists.GetAsync(slot.ListId, cancellationToken)
            ?? throw new InvalidOperationException($"Status list {slot.ListId} of an award is missing.");
        if (BitstringStatusList.Read(list.Bits, slot.Index) == 1) return true;
        byte[] bits = (byte[])list.Bits.Clone();
        BitstringStatusList.Write(bits, slot.Index, set: true);
        StatusList changed = list with { Bits = bits, UpdatedAt = time.GetUtcNow(), Version = list.Version + 1 };
        return await lists.UpdateAsync(changed, list.Version, cancellationToken) == WriteOutcome.Written;
    }
}
