// W3C Portable Network Graphics (PNG) Specification (Third Edition): the signature (§5.2), chunks of length, type,
// data and CRC-32 (§5.3, §5.5), IHDR for 8-bit truecolour with alpha, colour type 6 (§11.2.1), one IDAT holding the
// zlib stream (RFC 1950/1951) of the scanlines, each led by filter type 0, None (§7.3, §9.2, §10), and IEND (§11.2.3).
using System.Buffers.Binary;
using System.IO.Compression;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Writes RGBA pixels as a PNG file.</summary>
public static class PngEncoder
{
    private static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>
    /// A PNG of <paramref name="width"/> × <paramref name="height"/> pixels from <paramref name="rgba"/>: 8 bits per
    /// channel in the order red, green, blue, alpha (not premultiplied), rows from the top, each row left to right.
    /// </summary>
    /// <exception cref="ArgumentException">A side is not positive, or <paramref name="rgba"/> is not width × height × 4 bytes.</exception>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long expected = 4L * width * height;
        if (rgba.Length != expected)
            throw new ArgumentException($"Expected {width}×{height} RGBA pixels, {expected} bytes; found {rgba.Length}.", nameof(rgba));

        // §11.2.1: width, height, bit depth 8, colour type 6, compression 0, filter method 0, interlace 0 (none).
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;

        int stride = width * 4;
        using MemoryStream scanlines = new();
        using (ZLibStream zlib = new(scanlines, CompressionLevel.SmallestSize, leaveOpen: true))
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rgba.Slice(y * stride, stride));
            }

        using MemoryStream png = new();
        png.Write(Signature);
        PngBaking.WriteChunk(png, "IHDR", header);
        PngBaking.WriteChunk(png, "IDAT", scanlines.ToArray());
        PngBaking.WriteChunk(png, "IEND", []);
        return png.ToArray();
    }
}
