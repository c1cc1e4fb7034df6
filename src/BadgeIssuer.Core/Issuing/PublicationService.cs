using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials;

namespace BadgeIssuer.Core.Issuing;

/// <summary>
/// What anyone may read without an API key: issuer Profiles, Achievements, issued credentials and the public keys
/// that verify them.
/// </summary>
public sealed class PublicationService(
    IIssuerStore issuers,
    IAchievementStore achievements,
    IAwardStore awards,
    IKeyStore keys,
    ObDocuments documents,
    Ob2Documents ob2,
    IssuerKeyService issuerKeys,
    PublicUrls urls)
{
    private const int KeyPageSize = 500;
    private const int MaxJwtAttempts = 8;

    /// <summary>The DID Core 1.0 context.</summary>
    public const string DidContext = "https://www.w3.org/ns/did/v1";

    /// <summary>The JsonWebKey verification method context.</summary>
    public const string JwkContext = "https://w3id.org/security/jwk/v1";

    /// <summary>The Multikey context (https://w3id.org/security/multikey/v1), which Multikey libraries require.</summary>
    public const string MultikeyContext = "https://w3id.org/security/multikey/v1";

    /// <summary>W3C Controlled Identifiers 1.0 context: verificationMethod, assertionMethod, Multikey.</summary>
    public const string ControlledIdentifiersContext = "https://www.w3.org/ns/cid/v1";

    /// <summary>
    /// The issuer's Profile as a JSON-LD document whose <c>id</c> is the URL it is served at (or the issuer's did:web).
    /// It is also the issuer's controller document (W3C Controlled Identifiers 1.0): it lists every key's verification
    /// method (retired and compromised ones with <c>revoked</c>) and authorises all but the compromised ones for
    /// <c>assertionMethod</c>, so verifiers can tie our proofs to the issuer and what a retired key signed keeps verifying.
    /// </summary>
    public async Task<Outcome<JsonObject>> ProfileAsync(string issuerId, CancellationToken cancellationToken)
    {
        if (await issuers.GetAsync(issuerId, cancellationToken) is not { } issuer)
            return new NotFound<JsonObject>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        JsonObject profile = WithContext(documents.Profile(issuer), ControlledIdentifiersContext);
        IReadOnlyList<PublishedMethod> methods = await issuerKeys.VerificationMethodsAsync(issuerId, cancellationToken);
        AddMethods(profile, urls.DidWeb ? methods : [.. methods, .. FragmentForms(issuerId, methods)]);
        return new Done<JsonObject>(profile);
    }

    /// <summary>
    /// What a key's verification method URL dereferences to: the Multikey (Ed25519, Multikey context) or JsonWebKey
    /// (RSA, Controlled Identifiers context) document on its own, <c>id</c> that URL, <c>controller</c> the issuer.
    /// </summary>
    public async Task<Outcome<JsonObject>> KeyDocumentAsync(string issuerId, string keyId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SigningKey> all = await keys.ListByIssuerAsync(issuerId, cancellationToken);
        if (all.FirstOrDefault(k => k.Id == keyId) is not { } key)
            return new NotFound<JsonObject>($"Issuer '{Check.Shorten(issuerId)}' has no key '{Check.Shorten(keyId)}'.");
        JsonObject document = new() { ["@context"] = key.PublicKeyMultibase is null ? ControlledIdentifiersContext : MultikeyContext };
        foreach ((string name, JsonNode? value) in issuerKeys.VerificationMethod(key, IssuerKeyService.RevokedAt(key, all))) document[name] = value?.DeepClone();
        return new Done<JsonObject>(document);
    }

    /// <summary>
    /// The issuer's DID document (DID Core 1.0; did:web 0.3 §3.2 resolves <c>did:web:{host}:issuers:{id}</c> to this
    /// document's URL) when issuers have did:web ids: the same verification methods and assertionMethod as the Profile.
    /// </summary>
    public async Task<Outcome<JsonObject>> DidDocumentAsync(string issuerId, CancellationToken cancellationToken)
    {
        if (!urls.DidWeb || await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<JsonObject>($"There is no DID document for issuer '{Check.Shorten(issuerId)}'.");
        JsonObject document = new()
        {
            ["@context"] = new JsonArray(DidContext, MultikeyContext, JwkContext),
            ["id"] = urls.Issuer(issuerId),
        };
        AddMethods(document, await issuerKeys.VerificationMethodsAsync(issuerId, cancellationToken));
        return new Done<JsonObject>(document);
    }

    /// <summary>
    /// The Ed25519 keys once more under the ids credentials issued before key documents name (<c>{issuer}#z6Mk…</c>),
    /// so verifiers that look a fragment up in the controller document keep verifying those credentials.
    /// </summary>
    private IEnumerable<PublishedMethod> FragmentForms(string issuerId, IReadOnlyList<PublishedMethod> methods)
    {
        foreach (PublishedMethod method in methods)
        {
            if (method.Document["publicKeyMultibase"]?.GetValue<string>() is not { } multibase) continue;
            JsonObject legacy = method.Document.DeepClone().AsObject();
            legacy["id"] = urls.FragmentVerificationMethod(issuerId, multibase);
            yield return method with { Document = legacy };
        }
    }

    private static void AddMethods(JsonObject document, IReadOnlyList<PublishedMethod> methods)
    {
        document["verificationMethod"] = new JsonArray([.. methods.Select(m => m.Document)]);
        document["assertionMethod"] = new JsonArray([.. methods.Where(m => m.ForAssertion).Select(m => (JsonNode)m.Document["id"]!.GetValue<string>())]);
    }

    /// <summary>The Achievement as a JSON-LD document.</summary>
    public async Task<Outcome<JsonObject>> AchievementAsync(string issuerId, string achievementId, CancellationToken cancellationToken)
    {
        if (await issuers.GetAsync(issuerId, cancellationToken) is not { } issuer
            || await achievements.GetAsync(issuerId, achievementId, cancellationToken) is not { } achievement)
            return new NotFound<JsonObject>($"There is no achievement '{Check.Shorten(achievementId)}' of issuer '{Check.Shorten(issuerId)}'.");
        return new Done<JsonObject>(WithContext(documents.Achievement(achievement, issuer)));
    }

    /// <summary>
    /// The award's VC-JWT (OB 3.0 §8.2) over the credential with its embedded proof. It is signed with the issuer's
    /// current RS256 key the first time it is asked for, and kept with the award (one versioned write), so every later
    /// request gets the same token, until its key is marked compromised: then it is signed again with the current key.
    /// </summary>
    public async Task<string> JwtAsync(Award award, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        for (int attempt = 0; attempt < MaxJwtAttempts; attempt++)
        {
            if (award.Jwt is { } stored && !await SignedByCompromisedKeyAsync(stored, cancellationToken)) return stored;
            JwtSigningKey key = await issuerKeys.GetJwtSigningKeyAsync(award.IssuerId, cancellationToken)
                ?? throw new InvalidOperationException($"Issuer {award.IssuerId} has no active {IssuerKeyService.JwtAlgorithm} key.");
            string jwt = VcJwt.Sign(JsonNode.Parse(award.CredentialJson)!.AsObject(), key);
            if (await awards.UpdateAsync(award with { Jwt = jwt, Version = award.Version + 1 }, award.Version, cancellationToken) == WriteOutcome.Written) return jwt;
            award = await awards.GetAsync(award.Id, cancellationToken) ?? throw new InvalidOperationException($"Award {award.Id} disappeared.");
        }
        throw new InvalidOperationException($"Award {award.Id} kept changing while its VC-JWT was being stored.");
    }

    private async Task<bool> SignedByCompromisedKeyAsync(string jwt, CancellationToken cancellationToken) =>
        VcJwt.TryDecode(jwt, out DecodedJwt? decoded, out _) && JsonText.Of(decoded!.Header["kid"]) is { } kid && urls.KeyIdFromUrl(kid) is { } keyId
        && await keys.GetAsync(keyId, cancellationToken) is { Status: KeyStatus.Compromised };

    /// <summary>
    /// The OB 2.0 hosted Assertion of an award whose issuer publishes them (<see cref="Issuers.IssuerDraft.PublishesOb2"/>):
    /// the Assertion, or for a revoked or suspended award what OB 2.0 hosted verification expects instead, <c>revoked</c>
    /// with the reason (<see cref="Ob2Document.Gone"/>: served as 410 Gone).
    /// </summary>
    public async Task<Outcome<Ob2Document>> Ob2AssertionAsync(string awardId, CancellationToken cancellationToken)
    {
        if (await awards.GetAsync(awardId, cancellationToken) is not { } award || await issuers.GetAsync(award.IssuerId, cancellationToken) is not { PublishesOb2: true })
            return new NotFound<Ob2Document>($"There is no Open Badges 2.0 assertion '{Check.Shorten(awardId)}'.");
        if (award.Revoked is { } revoked) return new Done<Ob2Document>(new Ob2Document(ob2.Withdrawn(award, revoked.Reason), Gone: true));
        if (award.Suspended is { } suspended) return new Done<Ob2Document>(new Ob2Document(ob2.Withdrawn(award, $"Suspended: {suspended.Reason}"), Gone: true));
        return new Done<Ob2Document>(new Ob2Document(ob2.Assertion(award), Gone: false));
    }

    /// <summary>The OB 2.0 BadgeClass of an achievement whose issuer publishes OB 2.0 copies.</summary>
    public async Task<Outcome<JsonObject>> Ob2BadgeClassAsync(string achievementId, CancellationToken cancellationToken) =>
        await Ob2BadgeAsync(achievementId, cancellationToken) is Done<(Achievement Achievement, Issuers.Issuer Issuer)> badge
            ? new Done<JsonObject>(ob2.BadgeClass(badge.Value.Achievement))
            : new NotFound<JsonObject>(NoBadgeClass(achievementId));

    /// <summary>The achievement an OB 2.0 BadgeClass describes and its issuer, when the issuer publishes OB 2.0 copies.</summary>
    public async Task<Outcome<(Achievement Achievement, Issuers.Issuer Issuer)>> Ob2BadgeAsync(string achievementId, CancellationToken cancellationToken) =>
        await achievements.FindAsync(achievementId, cancellationToken) is { } achievement && await issuers.GetAsync(achievement.IssuerId, cancellationToken) is { PublishesOb2: true } issuer
            ? new Done<(Achievement, Issuers.Issuer)>((achievement, issuer))
            : new NotFound<(Achievement, Issuers.Issuer)>(NoBadgeClass(achievementId));

    private static string NoBadgeClass(string achievementId) => $"There is no Open Badges 2.0 BadgeClass '{Check.Shorten(achievementId)}'.";

    /// <summary>The OB 2.0 issuer Profile of an issuer that publishes OB 2.0 copies.</summary>
    public async Task<Outcome<JsonObject>> Ob2IssuerAsync(string issuerId, CancellationToken cancellationToken) =>
        await issuers.GetAsync(issuerId, cancellationToken) is { PublishesOb2: true } issuer
            ? new Done<JsonObject>(ob2.Issuer(issuer))
            : new NotFound<JsonObject>($"There is no Open Badges 2.0 issuer '{Check.Shorten(issuerId)}'.");

    /// <summary>The URL of the award's OB 2.0 hosted Assertion, or <c>null</c> when its issuer does not publish them.</summary>
    public async Task<string?> Ob2AssertionUrlAsync(Award award, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        return await issuers.GetAsync(award.IssuerId, cancellationToken) is { PublishesOb2: true } ? urls.Ob2Assertion(award.Id) : null;
    }

    /// <summary>An issued award by its public id.</summary>
    public async Task<Outcome<Award>> AwardAsync(string awardId, CancellationToken cancellationToken) =>
        await awards.GetAsync(awardId, cancellationToken) is { } award
            ? new Done<Award>(award)
            : NoCredential<Award>(awardId);

    /// <summary>An issued award's id, issuer and version by its public id, without its credential.</summary>
    public async Task<Outcome<AwardHead>> AwardHeadAsync(string awardId, CancellationToken cancellationToken) =>
        await awards.GetHeadAsync(awardId, cancellationToken) is { } head
            ? new Done<AwardHead>(head)
            : NoCredential<AwardHead>(awardId);

    private static NotFound<T> NoCredential<T>(string awardId) => new($"There is no credential '{Check.Shorten(awardId)}'.");

    /// <summary>The JWK Set of every published key of every issuer (RFC 7517 §5); compromised keys are left out.</summary>
    public async Task<JsonObject> JwksAsync(CancellationToken cancellationToken)
    {
        List<SigningKey> all = await Page<SigningKey>.AllAsync(cursor => keys.ListAllAsync(cursor, KeyPageSize, cancellationToken));
        return new JsonObject { ["keys"] = new JsonArray([.. all.Where(key => key.Status != KeyStatus.Compromised).Select(key => (JsonNode)issuerKeys.PublicJwk(key))]) };
    }

    /// <summary>
    /// One public key as a JWK: what a JWT <c>kid</c> of ours dereferences to; a retired or compromised key carries
    /// <c>revoked</c> (see <see cref="IssuerKeyService.RevokedAt"/>).
    /// </summary>
    public async Task<Outcome<JsonObject>> KeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (await keys.GetAsync(keyId, cancellationToken) is not { } key) return new NotFound<JsonObject>($"There is no key '{Check.Shorten(keyId)}'.");
        DateTimeOffset? revoked = key.Status == KeyStatus.Active ? null : IssuerKeyService.RevokedAt(key, await keys.ListByIssuerAsync(key.IssuerId, cancellationToken));
        return new Done<JsonObject>(issuerKeys.PublicJwk(key, revoked));
    }

    private static JsonObject WithContext(JsonObject document, params string[] extraContexts)
    {
        JsonArray contexts = [ObContexts.CredentialsV2, ObContexts.OpenBadgesV3];
        foreach (string extra in extraContexts) contexts.Add(extra);
        JsonObject result = new() { ["@context"] = contexts };
        foreach ((string name, JsonNode? value) in document) result[name] = value?.DeepClone();
        return result;
    }
}

/// <summary>An OB 2.0 document to serve; <see cref="Gone"/> when it is a revoked Assertion, answered with 410 Gone.</summary>
public sealed record Ob2Document(JsonObject Json, bool Gone);
