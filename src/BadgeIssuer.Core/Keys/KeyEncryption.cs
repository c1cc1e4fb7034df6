// NIST SP 800-38D (GCM); AES-256: key 32 bytes, nonce 12 bytes, tag 16 bytes.
using System.Security.Cryptography;

namespace BadgeIssuer.Core.Keys;

/// <summary>One key of the key-encryption key ring: 32 bytes and the id stored with what it seals (<c>null</c>: its fingerprint).</summary>
public sealed record KeyEncryptionKey(string? Id, byte[] Key);

/// <summary>
/// Seals and opens private keys (and webhook secrets) with AES-256-GCM under a ring of key-encryption keys (KEKs):
/// the newest key, the last of the ring, seals; every key of the ring opens what it sealed, found by the id the sealed
/// secret carries. The associated data binds a sealed key to its key id, so a ciphertext copied onto another key
/// record does not open.
/// </summary>
public sealed class KeyEncryption
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _ring = new(StringComparer.Ordinal);
    private readonly byte[] _newest;

    /// <summary>Creates the sealer from one 32-byte KEK, whose id is its fingerprint.</summary>
    public KeyEncryption(ReadOnlySpan<byte> keyEncryptionKey) : this([new KeyEncryptionKey(null, keyEncryptionKey.ToArray())])
    {
    }

    /// <summary>Creates the sealer from a ring of 32-byte KEKs, oldest first: the last one seals.</summary>
    public KeyEncryption(IReadOnlyList<KeyEncryptionKey> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (ring.Count == 0) throw new ArgumentException("The key-encryption key ring needs at least one key.", nameof(ring));
        foreach (KeyEncryptionKey key in ring)
        {
            if (key.Key.Length != 32)
                throw new ArgumentException("The key-encryption key must be 32 bytes (AES-256).", nameof(ring));
            string fingerprint = Fingerprint(key.Key);
            if (key.Id is { } id && !_ring.TryAdd(id, key.Key) && !_ring[id].AsSpan().SequenceEqual(key.Key))
                throw new ArgumentException($"The key-encryption key id {id} names two different keys.", nameof(ring));
            _ring.TryAdd(fingerprint, key.Key);
        }
        _newest = ring[^1].Key;
        KeyId = ring[^1].Id ?? Fingerprint(_newest);
    }

    /// <summary>The id of the newest KEK, the one that seals: stored with every sealed secret.</summary>
    public string KeyId { get; }

    /// <summary>
    /// A public fingerprint of a KEK (first 8 bytes of its SHA-256, hex): the id of a key configured without one, as
    /// every KEK had before key rings.
    /// </summary>
    public static string Fingerprint(ReadOnlySpan<byte> keyEncryptionKey) => Convert.ToHexStringLower(SHA256.HashData(keyEncryptionKey).AsSpan(0, 8));

    /// <summary>Whether <paramref name="secret"/> is sealed under the newest KEK already (a rewrap leaves it alone).</summary>
    public bool IsSealedByNewest(EncryptedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return string.Equals(secret.KeyEncryptionKeyId, KeyId, StringComparison.Ordinal);
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for the key <paramref name="signingKeyId"/> under the newest KEK.</summary>
    public EncryptedSecret Seal(ReadOnlySpan<byte> plaintext, string signingKeyId)
    {
        byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[TagSize];
        using AesGcm aes = new(_newest, TagSize);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(signingKeyId));
        return new EncryptedSecret(KeyId, nonce, ciphertext, tag);
    }

    /// <summary>
    /// Decrypts a sealed key with the KEK its id names. Throws <see cref="CryptographicException"/> when no KEK of the
    /// ring has that id, or when it was not sealed by that KEK for this key id.
    /// </summary>
    public byte[] Open(EncryptedSecret secret, string signingKeyId)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!_ring.TryGetValue(secret.KeyEncryptionKeyId, out byte[]? kek))
            throw new CryptographicException($"The key {signingKeyId} was sealed under the key-encryption key {secret.KeyEncryptionKeyId}, which is not in the configured ring (BadgeIssuer:KeyEncryptionKeys); add that key back to open it.");
        byte[] plaintext = new byte[secret.Ciphertext.Length];
        using AesGcm aes = new(kek, TagSize);
        aes.Decrypt(secret.Nonce, secret.Ciphertext, secret.Tag, plaintext, AssociatedData(signingKeyId));
        return plaintext;
    }

    /// <summary>
    /// The same secret sealed under the newest KEK, for the key <paramref name="signingKeyId"/>; the plaintext exists
    /// only inside this call.
    /// </summary>
    public EncryptedSecret Reseal(EncryptedSecret secret, string signingKeyId)
    {
        byte[] plaintext = Open(secret, signingKeyId);
        try
        {
            return Seal(plaintext, signingKeyId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// A 32-byte key for <paramref name="purpose"/> derived with HKDF-SHA256 (RFC 5869) from the KEK named
    /// <paramref name="keyEncryptionKeyId"/>, or <c>null</c> when the ring has no such key. Values the service must be
    /// able to compute again in every process that shares the ring (claim tokens) are made with it; a key for one
    /// purpose tells nothing about the KEK or a key for another.
    /// </summary>
    public byte[]? DeriveKey(string keyEncryptionKeyId, string purpose)
    {
        ArgumentNullException.ThrowIfNull(keyEncryptionKeyId);
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        return _ring.TryGetValue(keyEncryptionKeyId, out byte[]? kek)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, kek, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes("badgeissuer/" + purpose))
            : null;
    }

    private static byte[] AssociatedData(string signingKeyId) => System.Text.Encoding.UTF8.GetBytes("badgeissuer/signing-key/" + signingKeyId);
}
