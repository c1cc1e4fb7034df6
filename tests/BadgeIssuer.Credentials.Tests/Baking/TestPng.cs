using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Credentials.Tests.Baking;

/// <summary>Small PNGs built chunk by chunk, well-formed or deliberately broken.</summary>
internal static class TestPng
{
    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] Chunk(string type, byte[] data)
    {
        using MemoryStream chunk = new();
        PngBaking.WriteChunk(chunk, type, data);
        return chunk.ToArray();
    }

    public static byte[] Header()
    {
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, 1);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 1);
        header[8] = 8;
        header[9] = 6;
        return header;
    }

    public static byte[] Pixels()
    {
        using MemoryStream compressed = new();
        using (ZLibStream zlib = new(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write([0, 0x1E, 0x3A, 0x8A, 0xFF]);
        return compressed.ToArray();
    }

    /// <summary>A 1×1 PNG with the given extra chunks between IDAT and IEND.</summary>
    public static byte[] Build(params byte[][] extra) =>
        [.. Signature, .. Chunk("IHDR", Header()), .. Chunk("IDAT", Pixels()), .. extra.SelectMany(c => c), .. Chunk("IEND", [])];

    /// <summary>The data of an iTXt chunk.</summary>
    public static byte[] ITxt(string keyword, byte flag, byte[] text) =>
        [.. Encoding.Latin1.GetBytes(keyword), 0, flag, 0, 0, 0, .. text];
}
