// RFC 4648 §5: base64url, without padding (as JOSE uses it, RFC 7515 §2).
namespace BadgeIssuer.Credentials.Codecs;

/// <summary>base64url without padding (RFC 4648 §5, RFC 7515 §2).</summary>
public static class Base64Url
{
    /// <summary>Encodes bytes.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    /// <summary>Decodes text; throws <see cref="FormatException"/> on characters outside the alphabet or padding.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('=', StringComparison.Ordinal)) throw new FormatException("base64url in JOSE carries no '=' padding.");
        return System.Buffers.Text.Base64Url.DecodeFromChars(text);
    }

    /// <summary>Decodes text, or returns <c>null</c> when it is not base64url.</summary>
    public static byte[]? TryDecode(string text)
    {
        try
        {
            return Decode(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
