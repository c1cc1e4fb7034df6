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
}
