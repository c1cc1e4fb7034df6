// NIST SP 800-38D (GCM); AES-256: key 32 bytes, nonce 12 bytes, tag 16 bytes.
using System.Security.Cryptography;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// Seals and opens private keys with AES-256-GCM under the key-encryption key (KEK). The associated data binds a
/// sealed key to its key id, so a ciphertext copied onto another key record does not open.
/// </summary>
public sealed class KeyEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _kek;

    /// <summary>Creates the sealer from a 32-byte KEK.</summary>
    public KeyEncryption(ReadOnlySpan<byte> keyEncryptionKey)
    {
        if (keyEncryptionKey.Length != 32)
            throw new ArgumentException("The key-encryption key must be 32 bytes (AES-256).", nameof(keyEncryptionKey));
        _kek = keyEncryptionKey.ToArray();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_kek).AsSpan(0, 8));
    }

    /// <summary>A public fingerprint of the KEK (first 8 bytes of its SHA-256), stored with every sealed key.</summary>
    public string KeyId { get; }

    /// <summary>Encrypts <paramref name="plaintext"/> for the key <paramref name="signingKeyId"/>.</summary>
    public EncryptedSecret Seal(ReadOnlySpan<byte> plaintext, string signingKeyId)
    {
        byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[TagSize];
        using AesGcm aes = new(_kek, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(signingKeyId));
        return new EncryptedSecret(KeyId, nonce, ciphertext, tag);
    }

    /// <summary>Decrypts a sealed key. Throws <see cref="CryptographicException"/> when it was not sealed by this KEK for this key id.</summary>
    public byte[] Open(EncryptedSecret secret, string signingKeyId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!string.Equals(secret.KeyEncryptionKeyId, KeyId, StringComparison.Ordinal))
            throw new CryptographicException($"The key {signingKeyId} was sealed under another key-encryption key ({secret.KeyEncryptionKeyId}).");
        byte[] plaintext = new byte[secret.Ciphertext.Length];
        using AesGcm aes = new(_kek, TagSize);
        aes.Decrypt(secret.Nonce, secret.Ciphertext, secret.Tag, plaintext, AssociatedData(signingKeyId));
        return plaintext;
    }

    private static byte[] AssociatedData(string signingKeyId) => System.Text.Encoding.UTF8.GetBytes("badgeissuer/signing-key/" + signingKeyId);
}
