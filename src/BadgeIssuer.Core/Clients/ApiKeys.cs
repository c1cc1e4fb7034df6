using System.Security.Cryptography;
using System.Text;

namespace BadgeIssuer.Core.Clients;

/// <summary>
/// API keys: <c>bi_</c> followed by 43 base64url characters (256 random bits). Only their SHA-256 is stored; a key
/// of that entropy needs no slow password hash.
/// </summary>
public static class ApiKeys
{
    /// <summary>The prefix every key carries, so leaked keys are easy to recognise in scans.</summary>
    public const string Prefix = "bi_";

    /// <summary>A new random API key.</summary>
    public static string New() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of a key: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Hash(string apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
