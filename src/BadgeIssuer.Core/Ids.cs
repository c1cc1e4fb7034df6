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
        Span<char> chars = stackalloc char[20];
        for (int i = 0; i < chars.Length; i++) chars[i] = Alphabet[bytes[i] & 31];
        return new string(chars);
    }

    /// <summary>True when <paramref name="value"/> has the shape of an id this service makes.</summary>
    public static bool IsWellFormed(string? value) =>
        value is { Length: 20 } && value.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
