// OB 3.0 §5.3.1 (PNG baking): one iTXt chunk, keyword "openbadgecredential", compression flag 0, text = the compact
// JWS or the credential JSON; beside it, for OB 2.0 consumers, Open Badges Baking 1.0 §PNG: an iTXt chunk with keyword
// "openbadges" whose text is the hosted assertion's URL; W3C PNG (Third Edition) §5.3 chunk layout, §5.5 CRC, §11.3.3.4 iTXt. Reading is
// bounded: image size, chunk count, chunk lengths checked against the file, CRCs verified, inflated text capped.
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace BadgeIssuer.Credentials.Baking;

/// <summary>Bakes a credential into a PNG and reads it back out.</summary>
public static class PngBaking
{
    /// <summary>The iTXt keyword of an OB 3.0 credential.</summary>
    public const string Keyword = "openbadgecredential";

    /// <summary>The largest PNG accepted.</summary>
    public const int MaxImageBytes = 16 * 1024 * 1024;

    /// <summary>The most chunks read from one PNG.</summary>
    public const int MaxChunks = 10_000;

    /// <summary>The largest credential text accepted (after inflating a compressed chunk).</summary>
    public const int MaxCredentialBytes = 2 * 1024 * 1024;

    /// <summary>The iTXt keyword of an Open Badges 2.0 assertion (Open Badges Baking 1.0).</summary>
    public const string OpenBadges2Keyword = "openbadges";
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>True when <paramref name="bytes"/> start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>
    /// A copy of <paramref name="png"/> with <paramref name="credential"/> in an uncompressed iTXt chunk right before
    /// IEND, and with <paramref name="ob2AssertionUrl"/> (when given) in an <c>openbadges</c> iTXt chunk before it. An
    /// existing credential or assertion chunk is replaced, so there is only ever one of each.
    /// </summary>
    public static byte[] Bake(ReadOnlySpan<byte> png, string credential, string? ob2AssertionUrl = null)
    {
        ArgumentNullException.ThrowIfNull(credential);
        List<Chunk> chunks = ReadChunks(png);
        byte[] text = Encoding.UTF8.GetBytes(credential);
        if (text.Length > MaxCredentialBytes)
            throw new BakingException(BakingCodes.TooLarge, $"The credential is {text.Length} bytes; at most {MaxCredentialBytes} are baked.");
        byte[] data = TextChunk(Keyword, text);
        byte[]? assertion = ob2AssertionUrl is null ? null : TextChunk(OpenBadges2Keyword, Encoding.UTF8.GetBytes(ob2AssertionUrl));

        using MemoryStream output = new(png.Length + data.Length + (assertion?.Length ?? 0) + 24);
        output.Write(Signature);
        foreach (Chunk chunk in chunks)
        {
            if (chunk.Type == "IEND")
            {
                if (assertion is not null) WriteChunk(output, "iTXt", assertion);
                WriteChunk(output, "iTXt", data);
            }
            if (chunk.Type == "iTXt" && ReadKeyword(png.Slice(chunk.DataStart, chunk.Length)) is Keyword or OpenBadges2Keyword) continue;
            output.Write(png.Slice(chunk.DataStart - 8, chunk.Length + 12));
        }
        return output.ToArray();
    }

    /// <summary>
    /// The Open Badges 2.0 assertion baked into <paramref name="png"/> (its <c>openbadges</c> chunk: a hosted assertion's
    /// URL, a signed assertion's JWS or assertion JSON), or <c>null</c> when it carries none.
    /// </summary>
    public static string? UnbakeOb2(ReadOnlySpan<byte> png) => TextOf(png, OpenBadges2Keyword);

    /// <summary>An uncompressed iTXt chunk's data (PNG §11.3.3.4): keyword, NUL, flag 0, method 0, empty language and translated keyword, text.</summary>
    private static byte[] TextChunk(string keyword, byte[] text)
    {
        byte[] name = Encoding.Latin1.GetBytes(keyword);
        byte[] data = new byte[name.Length + 5 + text.Length];
        name.CopyTo(data, 0);
        text.CopyTo(data, name.Length + 5);
        return data;
    }

    /// <summary>
    /// The credential text baked into <paramref name="png"/> (a compact JWS or credential JSON), or <c>null</c> when
    /// the image carries none (it may carry an OB 2.0 assertion: <see cref="UnbakeOb2"/>). Throws
    /// <see cref="BakingException"/> when the PNG is malformed or too large.
    /// </summary>
    public static string? Unbake(ReadOnlySpan<byte> png) => TextOf(png, Keyword);

    /// <summary>The text of the first iTXt chunk with <paramref name="keyword"/>, or <c>null</c>.</summary>
    private static string? TextOf(ReadOnlySpan<byte> png, string keyword)
    {
        foreach (Chunk chunk in ReadChunks(png))
        {
            if (chunk.Type != "iTXt") continue;
            ReadOnlySpan<byte> data = png.Slice(chunk.DataStart, chunk.Length);
            if (ReadKeyword(data) == keyword) return ReadText(data, keyword.Length);
        }
        return null;
    }

    private readonly record struct Chunk(string Type, int DataStart, int Length);

    private static List<Chunk> ReadChunks(ReadOnlySpan<byte> png)
    {
        if (png.Length > MaxImageBytes)
            throw new BakingException(BakingCodes.TooLarge, $"The PNG is {png.Length} bytes; at most {MaxImageBytes} are accepted.");
        if (!IsPng(png)) throw Malformed("it does not start with the PNG signature");
        List<Chunk> chunks = [];
        int position = Signature.Length;
        while (true)
        {
            if (chunks.Count >= MaxChunks) throw Malformed($"it has more than {MaxChunks} chunks");
            if (png.Length - position < 12) throw Malformed($"it ends in the middle of a chunk at byte {position} (no IEND)");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > int.MaxValue || length > (uint)(png.Length - position - 12))
                throw Malformed($"the chunk at byte {position} declares {length} bytes, more than the file holds");
            ReadOnlySpan<byte> typeBytes = png.Slice(position + 4, 4);
            foreach (byte b in typeBytes)
                if (!char.IsAsciiLetter((char)b)) throw Malformed($"the chunk at byte {position} has an invalid type");
            string type = Encoding.ASCII.GetString(typeBytes);
            uint expected = BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + (int)length)..]);
            if (Crc32.HashToUInt32(png.Slice(position + 4, 4 + (int)length)) != expected)
                throw Malformed($"the {type} chunk at byte {position} fails its CRC check");
            if (chunks.Count == 0 && (type != "IHDR" || length != 13)) throw Malformed("its first chunk is not a 13-byte IHDR");
            chunks.Add(new Chunk(type, position + 8, (int)length));
            position += 12 + (int)length;
            if (type == "IEND") return chunks;
        }
    }

    /// <summary>The Latin-1 keyword of a text chunk (1–79 bytes before a NUL), or <c>null</c> when there is none.</summary>
    private static string? ReadKeyword(ReadOnlySpan<byte> data)
    {
        int nul = data.IndexOf((byte)0);
        return nul is >= 1 and <= 79 ? Encoding.Latin1.GetString(data[..nul]) : null;
    }

    /// <summary>iTXt after the keyword: compression flag and method, language tag, translated keyword, then the text.</summary>
    private static string ReadText(ReadOnlySpan<byte> data, int keywordLength)
    {
        int position = keywordLength + 1;
        if (data.Length < position + 2) throw Malformed("its credential chunk is truncated");
        byte flag = data[position];
        byte method = data[position + 1];
        position += 2;
        for (int field = 0; field < 2; field++)
        {
            int nul = data[position..].IndexOf((byte)0);
            if (nul < 0) throw Malformed("its credential chunk is truncated");
            position += nul + 1;
        }
        ReadOnlySpan<byte> text = data[position..];
        if (flag == 0) return Utf8(text);
        if (flag != 1 || method != 0) throw Malformed($"its credential chunk uses unknown compression (flag {flag}, method {method})");
        using ZLibStream zlib = new(new MemoryStream(text.ToArray()), CompressionMode.Decompress);
        using MemoryStream inflated = new();
        byte[] buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (inflated.Length + read > MaxCredentialBytes)
                    throw new BakingException(BakingCodes.TooLarge, $"The compressed credential inflates to more than {MaxCredentialBytes} bytes; it was not read further.");
                inflated.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            throw Malformed("its compressed credential chunk is not valid zlib data");
        }
        return Utf8(inflated.ToArray());
    }

    private static string Utf8(ReadOnlySpan<byte> text)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed("its credential text is not UTF-8");
        }
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        Crc32 crc = new();
        crc.Append(header[4..]);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        output.Write(checksum);
    }

    /// <summary>Writes one chunk, for encoders that build PNGs from scratch.</summary>
    public static void WriteChunk(Stream output, string type, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(type);
        WriteChunk(output, type, (ReadOnlySpan<byte>)data);
    }

    private static BakingException Malformed(string why) => new(BakingCodes.PngMalformed, $"This is not a readable PNG: {why}.");
}
