// A claim token is 32 bytes, base64url without padding in the claim URL; only the SHA-256 of its bytes is stored. The
// bytes are an HMAC-SHA256 (RFC 2104) of the award id and the token's generation under a key derived from the
// key-encryption key ring (KeyEncryption.DeriveKey), so every process that shares the ring can show the link again
// (GET award, a resent mail) without the token ever being stored, and nobody without the ring can make one.
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Core.Claims;

/// <summary>Makes, recomputes and hashes claim tokens.</summary>
public sealed class ClaimTokens(KeyEncryption keys)
{
    /// <summary>The length of a token in bytes.</summary>
    public const int TokenBytes = 32;

    /// <summary>The length of a token in the URL: 32 bytes in base64url without padding.</summary>
    public const int TokenLength = 43;

    private const string Purpose = "claim-token";
    private readonly ConcurrentDictionary<string, byte[]?> _derived = new(StringComparer.Ordinal);

    /// <summary>The claim of a new token for <paramref name="awardId"/>, under the newest key-encryption key.</summary>
    public AwardClaim New(string awardId, int generation, DateTimeOffset expiresAt)
    {
        string token = Token(awardId, generation, keys.KeyId) ?? throw new InvalidOperationException("The newest key-encryption key derives no claim key.");
        return new AwardClaim(Hash(token)!, expiresAt, generation, keys.KeyId);
    }

    /// <summary>The token of <paramref name="claim"/>, or <c>null</c> when the key-encryption key it was made under has left the ring.</summary>
    public string? TokenOf(string awardId, AwardClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Token(awardId, claim.Generation, claim.KeyId);
    }

    /// <summary>The SHA-256 (hex) a token is stored and found by, or <c>null</c> when <paramref name="token"/> is no token's shape.</summary>
    public static string? Hash(string? token)
    {
        if (token is null || token.Length != TokenLength || !Base64Url.IsValid(token)) return null;
        Span<byte> bytes = stackalloc byte[TokenBytes];
        if (Base64Url.DecodeFromChars(token, bytes) != TokenBytes) return null;
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private string? Token(string awardId, int generation, string keyId)
    {
        ArgumentNullException.ThrowIfNull(awardId);
        if (_derived.GetOrAdd(keyId, id => keys.DeriveKey(id, Purpose)) is not { } key) return null;
        byte[] mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{awardId}\n{generation}"));
        return Base64Url.EncodeToString(mac);
    }
}
