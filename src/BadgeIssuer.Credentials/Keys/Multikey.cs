// W3C Controlled Identifiers 1.0 §2.2.2 Multikey; vc-di-eddsa §2.1.1: Ed25519 public key = multicodec 0xed 0x01
// followed by the 32-byte key, base58btc with the multibase prefix "z" (so it starts "z6Mk"); vc-di-ecdsa §2.1.1:
// P-256 public key = multicodec p256-pub (0x1200, varint 0x80 0x24) followed by the 33-byte compressed point
// (SEC 1 §2.3.3), so it starts "zDn".
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Credentials.Keys;

/// <summary>Multikey encoding of Ed25519 and P-256 public keys.</summary>
public static class Multikey
{
    /// <summary>Ed25519 public key length (RFC 8032): 32 bytes.</summary>
    public const int Ed25519PublicKeySize = 32;
    private const byte Ed25519Header0 = 0xed;
    private const byte Ed25519Header1 = 0x01;

    /// <summary>The <c>publicKeyMultibase</c> of a 32-byte Ed25519 public key.</summary>
    public static string EncodeEd25519PublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Ed25519PublicKeySize)
            throw new ArgumentException($"An Ed25519 public key is {Ed25519PublicKeySize} bytes; found {publicKey.Length}.", nameof(publicKey));
        byte[] prefixed = new byte[2 + Ed25519PublicKeySize];
        prefixed[0] = Ed25519Header0;
        prefixed[1] = Ed25519Header1;
        publicKey.CopyTo(prefixed.AsSpan(2));
        return "z" + Base58Btc.Encode(prefixed);
    }

    /// <summary>P-256 compressed public key length (SEC 1 §2.3.3): the 0x02/0x03 prefix and the 32-byte x.</summary>
    public const int P256CompressedPublicKeySize = 33;
    private const byte P256Header0 = 0x80;
    private const byte P256Header1 = 0x24;

    /// <summary>The 32-byte Ed25519 key of a <c>publicKeyMultibase</c>; <see cref="FormatException"/> says what is wrong.</summary>
    public static byte[] DecodeEd25519PublicKey(string publicKeyMultibase) =>
        DecodePublicKey(publicKeyMultibase, Ed25519Header0, Ed25519Header1, Ed25519PublicKeySize, "an Ed25519 public key (multicodec header 0xed01 expected)", "An Ed25519");

    /// <summary>
    /// The 33-byte compressed P-256 point of a <c>publicKeyMultibase</c> (not yet checked to lie on the curve: see
    /// <see cref="P256.Decompress"/>); <see cref="FormatException"/> says what is wrong.
    /// </summary>
    public static byte[] DecodeP256PublicKey(string publicKeyMultibase) =>
        DecodePublicKey(publicKeyMultibase, P256Header0, P256Header1, P256CompressedPublicKeySize, "a P-256 public key (multicodec header 0x8024 expected)", "A P-256");

    private static byte[] DecodePublicKey(string publicKeyMultibase, byte header0, byte header1, int size, string what, string name)
    {
        ArgumentNullException.ThrowIfNull(publicKeyMultibase);
        if (publicKeyMultibase.Length is < 2 or > 128 || publicKeyMultibase[0] != 'z')
            throw new FormatException("A publicKeyMultibase must start with 'z' (base58btc).");
        byte[] bytes = Base58Btc.Decode(publicKeyMultibase[1..]);
        if (bytes.Length < 2 || bytes[0] != header0 || bytes[1] != header1)
            throw new FormatException($"The multikey is not {what}.");
        if (bytes.Length != 2 + size)
            throw new FormatException($"{name} multikey holds {size} key bytes; found {bytes.Length - 2}.");
        return bytes[2..];
    }

    /// <summary>The 32-byte Ed25519 seed of a <c>secretKeyMultibase</c> (multicodec 0x80 0x26, "z3u2...").</summary>
    public static byte[] DecodeEd25519SecretKey(string secretKeyMultibase)
    {
        ArgumentNullException.ThrowIfNull(secretKeyMultibase);
        if (secretKeyMultibase.Length < 2 || secretKeyMultibase[0] != 'z')
            throw new FormatException("A secretKeyMultibase must start with 'z' (base58btc).");
        byte[] bytes = Codecs.Base58Btc.Decode(secretKeyMultibase[1..]);
        if (bytes.Length != 34 || bytes[0] != 0x80 || bytes[1] != 0x26)
            throw new FormatException("The multikey is not an Ed25519 secret key (multicodec header 0x8026 and 32 bytes expected).");
        return bytes[2..];
    }
}
