using System.Security.Cryptography;

namespace BadgeIssuer.Core;

/// <summary>
/// Identifiers for stored things: 20 lower-case base32 characters (100 random bits), safe in URLs and file names,
/// unguessable, and short enough to read aloud.
/// </summary>
public static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new random identifier.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        return Encode(bytes);
    }

    /// <summary>20 characters of the alphabet, five bits of each of the first 20 bytes.</summary>
    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[20];
        for (int i = 0; i < chars.Length; i++) chars[i] = Alphabet[bytes[i] & 31];
        return new string(chars);
    }

    /// <summary>
    /// The identifier derived from <paramref name="parts"/>: the same parts always give the same id (the first 20 bytes of
    /// their SHA-256), so a step that is repeated after a crash writes under the id it wrote the first time.
    /// </summary>
    public static string Derived(params ReadOnlySpan<string> parts)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', parts)), hash);
        return Encode(hash[..20]);
    }

    /// <summary>True when <paramref name="value"/> has the shape of an id this service makes.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: 20 } && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
