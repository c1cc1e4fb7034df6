// OB 3.0 §B.1.12 IdentityObject and the IdentityHash derived type: "sha256$" + hex(SHA-256(UTF-8(identity + salt))).
using System.Security.Cryptography;
using System.Text;

namespace BadgeIssuer.Credentials.Issuing;

/// <summary>Salted identity hashes of OB 3.0 <c>IdentityObject</c>s, so a recipient's e-mail is not published in clear.</summary>
public static class IdentityHash
{
    /// <summary>A fresh random salt (16 bytes, hex).</summary>
    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary><c>sha256$</c> followed by the lower-case hex SHA-256 of <paramref name="identity"/> + <paramref name="salt"/>.</summary>
    public static string Sha256(string identity, string? salt)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return "sha256$" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity + salt)));
    }

    /// <summary>
    /// True when <paramref name="identityHash"/> (<c>sha256$...</c> or <c>md5$...</c>, hex in either case) is the hash of
    /// <paramref name="identity"/> with <paramref name="salt"/> (OB 3.0 §9.3).
    /// </summary>
    public static bool Matches(string identityHash, string identity, string? salt)
    {
        ArgumentNullException.ThrowIfNull(identityHash);
        ArgumentNullException.ThrowIfNull(identity);
        byte[] input = Encoding.UTF8.GetBytes(identity + salt);
        int dollar = identityHash.IndexOf('$', StringComparison.Ordinal);
        if (dollar < 0) return false;
        string algorithm = identityHash[..dollar];
        string expected = identityHash[(dollar + 1)..];
        byte[] actual = algorithm switch
        {
            "sha256" => SHA256.HashData(input),
#pragma warning disable CA5351 // MD5 is what OB 3.0 allows for identity hashes; we only compare, never issue it.
            "md5" => MD5.HashData(input),
#pragma warning restore CA5351
            _ => [],
        };
        return actual.Length > 0 && string.Equals(Convert.ToHexStringLower(actual), expected.ToLowerInvariant(), StringComparison.Ordinal);
    }
}
