using System.Security.Cryptography;
using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Core.Tests;

public sealed class KeyEncryptionTests
{
    private static readonly byte[] Kek = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void A_sealed_key_opens_to_the_same_bytes_and_does_not_contain_them()
    {
        KeyEncryption encryption = new(Kek);
        byte[] secret = RandomNumberGenerator.GetBytes(48);

        EncryptedSecret sealedKey = encryption.Seal(secret, "key-1");

        Assert.Equal(secret, encryption.Open(sealedKey, "key-1"));
        Assert.Equal(-1, sealedKey.Ciphertext.AsSpan().IndexOf(secret.AsSpan(0, 8)));
        Assert.Equal(12, sealedKey.Nonce.Length);
        Assert.Equal(16, sealedKey.Tag.Length);
    }

    [Fact]
    public void Sealing_twice_uses_fresh_nonces()
    {
        KeyEncryption encryption = new(Kek);
        EncryptedSecret a = encryption.Seal([1, 2, 3], "k");
        EncryptedSecret b = encryption.Seal([1, 2, 3], "k");
        Assert.NotEqual(a.Nonce, b.Nonce);
        Assert.NotEqual(a.Ciphertext, b.Ciphertext);
    }

    [Fact]
    public void A_sealed_key_moved_to_another_key_id_does_not_open()
    {
        KeyEncryption encryption = new(Kek);
        EncryptedSecret sealedKey = encryption.Seal([1, 2, 3], "key-1");
        Assert.ThrowsAny<CryptographicException>(() => encryption.Open(sealedKey, "key-2"));
    }

    [Fact]
    public void A_tampered_ciphertext_does_not_open()
    {
        KeyEncryption encryption = new(Kek);
        EncryptedSecret sealedKey = encryption.Seal([1, 2, 3, 4], "k");
        sealedKey.Ciphertext[0] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => encryption.Open(sealedKey, "k"));
    }

    [Fact]
    public void Another_key_encryption_key_cannot_open_it()
    {
        EncryptedSecret sealedKey = new KeyEncryption(Kek).Seal([1, 2, 3], "k");
        byte[] other = (byte[])Kek.Clone();
        other[0] = 99;
        Assert.ThrowsAny<CryptographicException>(() => new KeyEncryption(other).Open(sealedKey, "k"));
    }

    [Fact]
    public void A_key_encryption_key_must_be_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new KeyEncryption(new byte[16]));
    }

    [Fact]
    public void A_single_key_keeps_its_fingerprint_as_its_id()
    {
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Kek).AsSpan(0, 8)), new KeyEncryption(Kek).KeyId);
    }

    [Fact]
    public void The_newest_key_of_a_ring_seals_and_every_key_opens_what_it_sealed()
    {
        byte[] newer = RandomNumberGenerator.GetBytes(32);
        EncryptedSecret underOld = new KeyEncryption(Kek).Seal([1, 2, 3], "k");
        KeyEncryption ring = new([new KeyEncryptionKey(null, Kek), new KeyEncryptionKey("2026-12", newer)]);

        EncryptedSecret underNew = ring.Seal([4, 5, 6], "k");

        Assert.Equal("2026-12", underNew.KeyEncryptionKeyId);
        Assert.Equal([1, 2, 3], ring.Open(underOld, "k"));
        Assert.Equal([4, 5, 6], ring.Open(underNew, "k"));
        Assert.Equal([4, 5, 6], new KeyEncryption([new KeyEncryptionKey("2026-12", newer)]).Open(underNew, "k"));
        Assert.False(ring.IsSealedByNewest(underOld));
        Assert.True(ring.IsSealedByNewest(underNew));
    }

    [Fact]
    public void A_key_given_an_id_still_opens_what_it_sealed_under_its_fingerprint()
    {
        EncryptedSecret sealedKey = new KeyEncryption(Kek).Seal([7, 8], "k");

        KeyEncryption named = new([new KeyEncryptionKey("first", Kek)]);

        Assert.Equal([7, 8], named.Open(sealedKey, "k"));
        Assert.False(named.IsSealedByNewest(sealedKey));
    }

    [Fact]
    public void Resealing_moves_a_secret_under_the_newest_key_and_keeps_its_bytes()
    {
        KeyEncryption ring = new([new KeyEncryptionKey("old", Kek), new KeyEncryptionKey("new", RandomNumberGenerator.GetBytes(32))]);
        EncryptedSecret old = new KeyEncryption([new KeyEncryptionKey("old", Kek)]).Seal([9, 9, 9], "k");

        EncryptedSecret resealed = ring.Reseal(old, "k");

        Assert.Equal("new", resealed.KeyEncryptionKeyId);
        Assert.Equal([9, 9, 9], ring.Open(resealed, "k"));
    }

    [Fact]
    public void A_secret_sealed_under_a_key_not_in_the_ring_fails_naming_that_key()
    {
        EncryptedSecret sealedKey = new KeyEncryption([new KeyEncryptionKey("retired-2025", Kek)]).Seal([1], "key-7");

        CryptographicException refused = Assert.Throws<CryptographicException>(() => new KeyEncryption([new KeyEncryptionKey("2026", RandomNumberGenerator.GetBytes(32))]).Open(sealedKey, "key-7"));

        Assert.Equal("The key key-7 was sealed under the key-encryption key retired-2025, which is not in the configured ring (BadgeIssuer:KeyEncryptionKeys); add that key back to open it.", refused.Message);
    }
}
