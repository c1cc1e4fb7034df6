namespace BadgeIssuer.Core.Keys;

/// <summary>The lifecycle of a signing key.</summary>
public enum KeyStatus
{
    /// <summary>The issuer's current key for its algorithm: new credentials are signed with it.</summary>
    Active,
    /// <summary>Replaced by a newer key; still published so that what it signed keeps verifying.</summary>
    Retired,
    /// <summary>Leaked: proofs made after <see cref="SigningKey.CompromisedAt"/> must fail.</summary>
    Compromised,
}

/// <summary>
/// A private key sealed with AES-256-GCM under a key-encryption key (KEK) from configuration.
/// The plaintext never leaves <see cref="KeyEncryption"/>.
/// </summary>
/// <param name="KeyEncryptionKeyId">Identifies the KEK that sealed it (for KEK rotation).</param>
/// <param name="Nonce">12-byte GCM nonce, fresh for every sealing.</param>
/// <param name="Ciphertext">The encrypted private key bytes.</param>
/// <param name="Tag">16-byte GCM authentication tag.</param>
public sealed record EncryptedSecret(string KeyEncryptionKeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);

/// <summary>
/// One signing key of one issuer. <see cref="Algorithm"/> is the JOSE name: <c>RS256</c> for VC-JWT,
/// <c>EdDSA</c> (Ed25519) for Data Integrity proofs. The public half is published; the private half is stored
/// only encrypted.
/// </summary>
public sealed record SigningKey(
    string Id,
    string IssuerId,
    string Algorithm,
    KeyStatus Status,
    string PublicJwk,
    string? PublicKeyMultibase,
    EncryptedSecret PrivateKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompromisedAt,
    long Version);
