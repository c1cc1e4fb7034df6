// A strict reader for the PNGs the service draws, written for the tests apart from the encoder: W3C PNG (Third
// Edition) signature (§5.2), chunk CRCs computed bit by bit (§5.5), IHDR (§11.2.1), the IDAT zlib stream inflated to
// exactly the scanlines' size, and the five filter types undone (§9.2–9.4). 8-bit RGBA, non-interlaced only.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>A decoded 8-bit RGBA PNG: its chunk types in order, and its pixels.</summary>
internal sealed record PngFile(int Width, int Height, IReadOnlyList<string> ChunkTypes, byte[] Rgba)
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>The red, green, blue and alpha values of the pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }
    }

    /// <summary>Reads <paramref name="png"/>, asserting every structural rule on the way.</summary>
    public static PngFile Read(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(Signature), "the PNG signature");
        List<string> types = [];
        byte[] header = [];
        using MemoryStream idat = new();
        int position = 8;
        while (position < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            Assert.InRange(length, 0, png.Length - position - 12);
            string type = Encoding.ASCII.GetString(png, position + 4, 4);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.True(BitwiseCrc32(png.AsSpan(position + 4, 4 + length)) == crc, $"the CRC of chunk {types.Count} ({type})");
            if (type == "IHDR") header = png.AsSpan(position + 8, length).ToArray();
            if (type == "IDAT") idat.Write(png, position + 8, length);
            types.Add(type);
            position += 12 + length;
        }
        Assert.Equal(png.Length, position);
        Assert.Equal("IHDR", types[0]);
        Assert.Equal("IEND", types[^1]);
        Assert.Equal(13, header.Length);
        int width = BinaryPrimitives.ReadInt32BigEndian(header), height = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
        Assert.Equal([8, 6, 0, 0, 0], header[8..]); // bit depth 8, RGBA, deflate, adaptive filtering, not interlaced

        idat.Position = 0;
        using ZLibStream zlib = new(idat, CompressionMode.Decompress);
        using MemoryStream inflated = new();
        zlib.CopyTo(inflated);
        int stride = width * 4;
        Assert.Equal((long)height * (1 + stride), inflated.Length);
        return new PngFile(width, height, types, Unfilter(inflated.ToArray(), height, stride));
    }

    private static byte[] Unfilter(byte[] scanlines, int height, int stride)
    {
        byte[] pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = scanlines[y * (1 + stride)];
            Assert.InRange(filter, 0, 4);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= 4 ? pixels[y * stride + i - 4] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    _ => Paeth(a, b, c),
                };
                pixels[y * stride + i] = (byte)(scanlines[y * (1 + stride) + 1 + i] + predictor);
            }
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>CRC-32 (ISO 3309, polynomial 0xEDB88320 reflected) one bit at a time, an independent check of the CRCs the encoder writes.</summary>
    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
        }
        return ~crc;
    }
}
