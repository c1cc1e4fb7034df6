// W3C Bitstring Status List 1.0 §4.1 (encodedList: multibase base64url of the GZIP-compressed bitstring, at least
// 131,072 entries) and §3.2 (index 0 is the left-most bit, the most significant bit of the first byte).
using System.IO.Compression;
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Credentials.Status;

/// <summary>Encodes and decodes the <c>encodedList</c> of a bitstring status list, within bounds.</summary>
public static class BitstringStatusList
{
    /// <summary>The smallest list the spec allows (16 KB), so that one entry does not single out one holder.</summary>
    public const int MinimumEntries = 131_072;

    /// <summary>The largest decoded list accepted (16 M entries): a list that inflates past this is refused.</summary>
    public const int MaxDecodedBytes = 2 * 1024 * 1024;

    /// <summary>The multibase prefix of base64url without padding.</summary>
    private const char Base64UrlPrefix = 'u';

    /// <summary>GZIP-compresses the bitstring and writes it as multibase base64url.</summary>
    public static string Encode(ReadOnlySpan<byte> bitstring)
    {
        using MemoryStream compressed = new();
        using (GZipStream gzip = new(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(bitstring);
        return Base64UrlPrefix + Base64Url.Encode(compressed.ToArray());
    }

    /// <summary>Decodes an <c>encodedList</c>; throws <see cref="StatusListException"/> on anything malformed or too large.</summary>
    public static byte[] Decode(string encodedList)
    {
        ArgumentNullException.ThrowIfNull(encodedList);
        if (encodedList.Length < 2 || encodedList[0] != Base64UrlPrefix)
            throw new StatusListException("The status list's encodedList must be multibase base64url (starting with 'u').");
        byte[] compressed = Base64Url.TryDecode(encodedList[1..])
            ?? throw new StatusListException("The status list's encodedList is not valid base64url.");
        try
        {
            using GZipStream gzip = new(new MemoryStream(compressed), CompressionMode.Decompress);
            using MemoryStream bits = new();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                if (bits.Length + read > MaxDecodedBytes)
                    throw new StatusListException($"The status list inflates to more than {MaxDecodedBytes} bytes; it was not read further.");
                bits.Write(buffer, 0, read);
            }
            return bits.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new StatusListException("The status list's encodedList is not GZIP data.");
        }
    }

    /// <summary>The status value of <paramref name="index"/> when each entry has <paramref name="statusSize"/> bits.</summary>
    public static int Read(ReadOnlySpan<byte> bitstring, long index, int statusSize = 1)
    {
        if (statusSize is < 1 or > 8) throw new StatusListException($"statusSize must be between 1 and 8 bits; found {statusSize}.");
        if (index < 0 || (index + 1) * statusSize > (long)bitstring.Length * 8)
            throw new StatusListException($"Status list index {index} lies outside the list of {(long)bitstring.Length * 8 / statusSize} entries.");
        int value = 0;
        for (long bit = index * statusSize; bit < (index + 1) * statusSize; bit++)
            value = (value << 1) | ((bitstring[(int)(bit / 8)] >> (7 - (int)(bit % 8))) & 1);
        return value;
    }

    /// <summary>Sets or clears one single-bit entry.</summary>
    public static void Write(Span<byte> bitstring, long index, bool set)
    {
        if (index < 0 || index >= (long)bitstring.Length * 8) throw new ArgumentOutOfRangeException(nameof(index));
        byte mask = (byte)(0x80 >> (int)(index % 8));
        if (set) bitstring[(int)(index / 8)] |= mask;
        else bitstring[(int)(index / 8)] &= (byte)~mask;
    }
}

/// <summary>A status list that cannot be read: malformed, too large, or an index outside it.</summary>
public sealed class StatusListException(string message) : Exception(message);
