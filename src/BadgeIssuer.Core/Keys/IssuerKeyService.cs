using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// Makes, seals and unseals issuers' signing keys. The only place where private keys are unsealed; they are never
/// logged or returned, and stay in memory only inside the imported key objects.
/// </summary>
public sealed class IssuerKeyService(IKeyStore keys, KeyEncryption encryption, PublicUrls urls, AuditTrail audit, ILogger<IssuerKeyService> logger, TimeProvider time) : IDisposable
{
    /// <summary>Imported private keys by key id. Key material never changes under an id; which key is current is read from the store each time.</summary>
    private readonly ConcurrentDictionary<string, IDisposable> _unsealed = new(StringComparer.Ordinal);

    /// <summary>JOSE name of the VC-JWT key algorithm (OB 3.0 §8.2: RS256 at least).</summary>
    public const string JwtAlgorithm = "RS256";

    /// <summary>JOSE name of the Data Integrity key algorithm (Ed25519).</summary>
    public const string DataIntegrityAlgorithm = "EdDSA";

    /// <summary>Creates and stores an issuer's first keys: RSA-2048 for VC-JWT and Ed25519 for Data Integrity proofs.</summary>
    public async Task<IReadOnlyList<SigningKey>> CreateInitialKeysAsync(string issuerId, CancellationToken cancellationToken)
    {
        SigningKey rsa = Seal(issuerId, KeyGenerator.GenerateRsa2048());
        SigningKey ed = Seal(issuerId, KeyGenerator.GenerateEd25519());
        foreach (SigningKey key in new[] { rsa, ed })
            if (await keys.InsertAsync(key, cancellationToken) != WriteOutcome.Written)
                throw new InvalidOperationException($"A signing key with id {key.Id} already exists.");
        return [rsa, ed];
    }

    /// <summary>
    /// Makes new current keys for both algorithms. The previous keys stay published as <see cref="KeyStatus.Retired"/>
    /// and keep verifying what they signed; with <paramref name="compromisedAt"/> they are marked
    /// <see cref="KeyStatus.Compromised"/> instead, and proofs they made from that time on fail verification.
    /// The new keys are stored before the old ones change, so a crash never leaves the issuer without a current key;
    /// the rotation's audit entry, named by the new keys, is recorded after the last of these writes.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<SigningKey>>> RotateAsync(string issuerId, DateTimeOffset? compromisedAt, CancellationToken cancellationToken)
    {
        IReadOnlyList<SigningKey> before = await keys.ListByIssuerAsync(issuerId, cancellationToken);
        SigningKey rsa = Seal(issuerId, KeyGenerator.GenerateRsa2048());
        SigningKey ed = Seal(issuerId, KeyGenerator.GenerateEd25519());
        foreach (SigningKey key in new[] { rsa, ed })
            if (await keys.InsertAsync(key, cancellationToken) != WriteOutcome.Written)
                return new Conflict<IReadOnlyList<SigningKey>>($"A signing key with id {key.Id} already exists; try again.");
        foreach (SigningKey old in before)
        {
            if (old.Status == KeyStatus.Compromised || (old.Status == KeyStatus.Retired && compromisedAt is null)) continue;
            SigningKey changed = compromisedAt is { } at
                ? old with { Status = KeyStatus.Compromised, CompromisedAt = at, Version = old.Version + 1 }
                : old with { Status = KeyStatus.Retired, Version = old.Version + 1 };
            if (await keys.UpdateAsync(changed, old.Version, cancellationToken) != WriteOutcome.Written)
                return new Conflict<IReadOnlyList<SigningKey>>($"The key {old.Id} changed during the rotation; rotate again.");
        }
        logger.KeysRotated(issuerId, compromisedAt is not null, rsa.Id, ed.Id);
        await audit.AppendAsync(AuditChange.Of(issuerId, compromisedAt is null ? AuditActions.KeysRotated : AuditActions.KeysCompromised, 1,
            ("rsaKeyId", rsa.Id), ("ed25519KeyId", ed.Id)), cancellationToken);
        return new Done<IReadOnlyList<SigningKey>>(await keys.ListByIssuerAsync(issuerId, cancellationToken), Created: true);
    }

    /// <summary>Every key of the issuer, oldest first.</summary>
    public Task<IReadOnlyList<SigningKey>> ListAsync(string issuerId, CancellationToken cancellationToken) => keys.ListByIssuerAsync(issuerId, cancellationToken);

    /// <summary>
    /// The issuer's current VC-JWT key, or <c>null</c> when it has none. The key list is read every time, so a rotation
    /// or a compromise in any process takes effect at once; only the unsealed, imported key objects are kept, by key id.
    /// </summary>
    public async Task<JwtSigningKey?> GetJwtSigningKeyAsync(string issuerId, CancellationToken cancellationToken) =>
        Current(await keys.ListByIssuerAsync(issuerId, cancellationToken), JwtAlgorithm) is { } key ? JwtKey(key) : null;

    /// <summary>The issuer's current Data Integrity key, or <c>null</c> when it has none (read like <see cref="GetJwtSigningKeyAsync"/>).</summary>
    public async Task<DataIntegritySigningKey?> GetDataIntegrityKeyAsync(string issuerId, CancellationToken cancellationToken) =>
        Current(await keys.ListByIssuerAsync(issuerId, cancellationToken), DataIntegrityAlgorithm) is { } key ? DataIntegrityKey(key) : null;

    private DataIntegritySigningKey DataIntegrityKey(SigningKey key) =>
        Unsealed(key, seed => new DataIntegritySigningKey(urls.VerificationMethod(key.IssuerId, key.Id), seed));

    private JwtSigningKey JwtKey(SigningKey key) => Unsealed(key, pkcs8 => new JwtSigningKey(urls.Key(key.Id), key.Algorithm, pkcs8));

    /// <summary>The key imported once: unsealed, imported, and the unsealed bytes wiped at once. Of two racing imports one is kept.</summary>
    private T Unsealed<T>(SigningKey key, Func<byte[], T> import) where T : class, IDisposable
    {
        if (_unsealed.TryGetValue(key.Id, out IDisposable? known)) return (T)known;
        byte[] secret = encryption.Open(key.PrivateKey, key.Id);
        T created;
        try
        {
            created = import(secret);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        }
        IDisposable kept = _unsealed.GetOrAdd(key.Id, created);
        if (!ReferenceEquals(kept, created)) created.Dispose();
        return (T)kept;
    }

    /// <summary>
    /// Every key of the issuer as a verification method, oldest first, each with whether the issuer still authorises it
    /// for <c>assertionMethod</c>: retired keys are (what they signed stays valid), compromised keys are not.
    /// </summary>
    public async Task<IReadOnlyList<PublishedMethod>> VerificationMethodsAsync(string issuerId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SigningKey> all = await keys.ListByIssuerAsync(issuerId, cancellationToken);
        return [.. all.Select(k => new PublishedMethod(VerificationMethod(k, RevokedAt(k, all)), k.Status != KeyStatus.Compromised))];
    }

    /// <summary>
    /// The key's verification method (W3C Controlled Identifiers 1.0 §2.2), without <c>@context</c>: a <c>Multikey</c>
    /// for Ed25519, a <c>JsonWebKey</c> for RSA; <c>revoked</c> when given.
    /// </summary>
    public JsonObject VerificationMethod(SigningKey key, DateTimeOffset? revoked)
    {
        ArgumentNullException.ThrowIfNull(key);
        JsonObject method = new()
        {
            ["id"] = urls.VerificationMethod(key.IssuerId, key.Id),
            ["type"] = key.PublicKeyMultibase is null ? "JsonWebKey" : "Multikey",
            ["controller"] = urls.Issuer(key.IssuerId),
        };
        if (key.PublicKeyMultibase is { } multibase) method["publicKeyMultibase"] = multibase;
        else method["publicKeyJwk"] = JsonNode.Parse(key.PublicJwk);
        if (revoked is { } at) method["revoked"] = AchievementCredentialBuilder.DateTimeZ(at);
        return method;
    }

    /// <summary>
    /// Since when a key signs nothing new (Controlled Identifiers' <c>revoked</c>): a compromised key from its
    /// compromise, a retired key from when the next key of its algorithm was made; <c>null</c> for a current key.
    /// </summary>
    public static DateTimeOffset? RevokedAt(SigningKey key, IReadOnlyList<SigningKey> issuerKeys)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(issuerKeys);
        if (key.Status == KeyStatus.Compromised) return key.CompromisedAt;
        if (key.Status == KeyStatus.Active) return null;
        DateTimeOffset? successor = issuerKeys
            .Where(k => k.Id != key.Id && k.CreatedAt >= key.CreatedAt && string.Equals(k.Algorithm, key.Algorithm, StringComparison.Ordinal))
            .Select(k => (DateTimeOffset?)k.CreatedAt).Min();
        return successor ?? key.CreatedAt;
    }

    /// <summary>
    /// The public JWK of a key as published: with <c>kid</c> (its URL), <c>alg</c> and <c>use</c>, and with
    /// <paramref name="revoked"/> as a <c>revoked</c> date-time member when given (RFC 7517 §4 allows further members).
    /// </summary>
    public JsonObject PublicJwk(SigningKey key, DateTimeOffset? revoked = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        JsonObject jwk = JsonNode.Parse(key.PublicJwk)!.AsObject();
        jwk["kid"] = urls.Key(key.Id);
        jwk["alg"] = key.Algorithm;
        jwk["use"] = "sig";
        if (revoked is { } at) jwk["revoked"] = AchievementCredentialBuilder.DateTimeZ(at);
        return jwk;
    }

    private static SigningKey? Current(IReadOnlyList<SigningKey> all, string algorithm)
    {
        SigningKey? current = null;
        foreach (SigningKey key in all)
            if (key.Status == KeyStatus.Active && string.Equals(key.Algorithm, algorithm, StringComparison.Ordinal)
                && (current is null || key.CreatedAt > current.CreatedAt))
                current = key;
        return current;
    }

    private SigningKey Seal(string issuerId, GeneratedKey generated)
    {
        string id = Ids.New();
        string? multibase = string.Equals(generated.Algorithm, DataIntegrityAlgorithm, StringComparison.Ordinal)
            ? Multikey.EncodeEd25519PublicKey(Base64Url.Decode(generated.PublicJwk["x"]!.GetValue<string>()))
            : null;
        try
        {
            return new SigningKey(id, issuerId, generated.Algorithm, KeyStatus.Active, generated.PublicJwk.ToJsonString(), multibase,
                encryption.Seal(generated.PrivateKey, id), time.GetUtcNow(), CompromisedAt: null, Version: 1);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(generated.PrivateKey);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (IDisposable key in _unsealed.Values) key.Dispose();
        _unsealed.Clear();
    }
}

/// <summary>A key's verification method as the issuer's Profile lists it.</summary>
/// <param name="Document">The verification method, without <c>@context</c>.</param>
/// <param name="ForAssertion">Whether the Profile authorises it for <c>assertionMethod</c>.</param>
public sealed record PublishedMethod(JsonObject Document, bool ForAssertion);
