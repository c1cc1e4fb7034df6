// Holder binding (issue 15): an award is issued to an e-mail address or an id the program gave; the learner claims it
// into a wallet, which proves control of a DID (DIDAuth, an OpenID4VCI proof). The claim sets credentialSubject.id to
// that DID and signs the credential again, so the badge verifies as the learner's own (VC Data Model 2.0 §4.4: the
// subject's id names whom the claims are about) and a wallet can present it with a proof by the same key.
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Schemas;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Claims;

/// <summary>How long a claim link works.</summary>
public sealed record ClaimOptions
{
    /// <summary>A claim link stops working this long after it was made (issue, or a renewal).</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(14);
}

/// <summary>
/// Claim links and holder binding: opens an award by its claim token, shows the link while the award can be claimed,
/// renews it, and binds the award to the DID a wallet proved control of.
/// </summary>
public sealed class ClaimService(
    IAwardStore awards,
    ClaimTokens tokens,
    PublicUrls urls,
    IssuerKeyService keys,
    EddsaDataIntegrity dataIntegrity,
    AuditTrail audit,
    ClaimOptions options,
    ILogger<ClaimService> logger,
    TimeProvider time)
{
    private const int MaxAttempts = 5;

    /// <summary>The claim of a new award issued at <paramref name="issuedAt"/>.</summary>
    public AwardClaim NewClaim(string awardId, DateTimeOffset issuedAt) => tokens.New(awardId, generation: 1, issuedAt + options.Validity);

    /// <summary>
    /// The award <paramref name="token"/> opens: <see cref="Done{T}"/>; <see cref="NotFound{T}"/> when no award has the
    /// token or it expired (the detail says which); <see cref="Conflict{T}"/> when the award was revoked.
    /// </summary>
    public async Task<Outcome<Award>> OpenAsync(string token, CancellationToken cancellationToken)
    {
        if (ClaimTokens.Hash(token) is not { } hash || await awards.FindByClaimTokenHashAsync(hash, cancellationToken) is not { Claim: { } claim } award)
            return new NotFound<Award>("This claim link is not known. Check that the whole link was copied, or ask the issuer to send it again.");
        if (claim.ExpiresAt <= time.GetUtcNow() && award.Holder is null)
            return new NotFound<Award>($"This claim link expired on {claim.ExpiresAt:yyyy-MM-dd}. Ask the issuer to send a new one.");
        if (award.Revoked is not null) return new Conflict<Award>("This badge was revoked by its issuer and can no longer be claimed.");
        return new Done<Award>(award);
    }

    /// <summary>The claim page's URL while <paramref name="award"/> is unclaimed, not revoked and its link unexpired; otherwise <c>null</c>.</summary>
    public string? ClaimUrl(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        if (award is not { Claim: { } claim, Holder: null, Revoked: null } || claim.ExpiresAt <= time.GetUtcNow()) return null;
        return tokens.TokenOf(award.Id, claim) is { } token ? urls.Claim(token) : null;
    }

    /// <summary>
    /// A new claim link for an unclaimed award of <paramref name="issuerId"/> (the next generation, valid for
    /// <see cref="ClaimOptions.Validity"/> from now); the old link stops working.
    /// </summary>
    public async Task<Outcome<Award>> RenewAsync(string issuerId, string awardId, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await awards.GetAsync(awardId, cancellationToken) is not { } award || !string.Equals(award.IssuerId, issuerId, StringComparison.Ordinal))
                return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
            if (award.Holder is not null) return new Conflict<Award>($"Award '{award.Id}' was already claimed; its holder keeps it in their wallet.");
            if (award.Revoked is not null) return new Conflict<Award>($"Award '{award.Id}' was revoked; it can no longer be claimed.");
            Award renewed = award with
            {
                Claim = tokens.New(award.Id, (award.Claim?.Generation ?? 0) + 1, time.GetUtcNow() + options.Validity),
                Version = award.Version + 1,
            };
            if (await awards.UpdateAsync(renewed, award.Version, cancellationToken) == WriteOutcome.Written) return new Done<Award>(renewed);
        }
        return new Conflict<Award>("The award changed while its claim link was renewed; try again.");
    }

    /// <summary>
    /// Binds award <paramref name="awardId"/> to <paramref name="holderDid"/>, which the wallet has proved control of,
    /// through channel <paramref name="via"/> (<see cref="ClaimChannels"/>): the credential is signed again with
    /// <c>credentialSubject.id</c> set to the DID (its id, status entries, identifiers and dates stay; the proof is new;
    /// the VC-JWT form is signed again when next asked for), and the award records its holder, in one versioned update
    /// with the <c>award.claimed</c> event. Claiming again with the same DID returns the bound award;
    /// <see cref="Conflict{T}"/> when another DID holds it or it was revoked.
    /// </summary>
    public async Task<Outcome<Award>> BindHolderAsync(string awardId, string holderDid, string via, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(holderDid);
        ArgumentException.ThrowIfNullOrEmpty(via);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await awards.GetAsync(awardId, cancellationToken) is not { } award)
                return new NotFound<Award>($"There is no award '{Check.Shorten(awardId)}'.");
            if (award.Holder is { } holder)
                return string.Equals(holder.Did, holderDid, StringComparison.Ordinal)
                    ? new Done<Award>(award)
                    : new Conflict<Award>("This badge was already claimed into another wallet (another DID holds it).");
            if (award.Revoked is not null) return new Conflict<Award>("This badge was revoked by its issuer and can no longer be claimed.");

            DateTimeOffset now = time.GetUtcNow();
            JsonObject credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
            credential.Remove("proof");
            credential["credentialSubject"]!.AsObject()["id"] = holderDid;
            SchemaValidationResult schema = ObSchemas.ValidateAchievementCredentialWithStatusSet(credential);
            if (!schema.IsValid) return new CredentialSchemaViolation(schema.Violations);
            DataIntegritySigningKey key = await keys.GetDataIntegrityKeyAsync(award.IssuerId, cancellationToken)
                ?? throw new InvalidOperationException($"Issuer {award.IssuerId} has no active {IssuerKeyService.DataIntegrityAlgorithm} key.");
            string credentialJson = dataIntegrity.AddProof(credential, DataIntegritySuites.EddsaRdfc2022, key, now, asArray: true).ToJsonString();
            Award bound = award with { CredentialJson = credentialJson, Jwt = null, Holder = new AwardHolder(holderDid, now, via), Version = award.Version + 1 };
            AuditChange change = AuditChange.Of(award.IssuerId, AuditActions.AwardClaimed, bound.Version, ("awardId", award.Id));
            if (await audit.RecordAsync(change, () => awards.UpdateAsync(bound, award.Version, AwardEvents.Claimed(bound), cancellationToken), cancellationToken) == WriteOutcome.Written)
            {
                logger.AwardClaimed(award.Id, award.IssuerId, via);
                return new Done<Award>(bound, Created: true);
            }
        }
        return new Conflict<Award>("The badge changed while it was being claimed; try again.");
    }
}
