using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Credentials.Tests.Baking;

/// <summary>OB 3.0 §5.3.1 PNG baking, and PNGs built to hurt a reader.</summary>
public sealed class PngBakingTests
{
    private const string Json = """{"@context":["https://www.w3.org/ns/credentials/v2"],"name":"Ünïcödé ✓"}""";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJ2YyI6e319.c2lnbmF0dXJl";

    [Theory]
    [InlineData(Json)]
    [InlineData(Jwt)]
    public void A_baked_credential_reads_back_unchanged(string credential)
    {
        byte[] baked = PngBaking.Bake(TestPng.Build(), credential);

        Assert.Equal(credential, PngBaking.Unbake(baked));
    }

    [Fact]
    public void The_chunk_is_an_uncompressed_iTXt_right_before_IEND()
    {
        byte[] baked = PngBaking.Bake(TestPng.Build(), Jwt);

        byte[] expected = TestPng.Chunk("iTXt", TestPng.ITxt("openbadgecredential", 0, Encoding.UTF8.GetBytes(Jwt)));
        byte[] iend = TestPng.Chunk("IEND", []);
        Assert.Equal([.. expected, .. iend], baked[^(expected.Length + iend.Length)..]);
    }

    [Fact]
    public void Baking_again_replaces_the_credential_so_there_is_only_one()
    {
        byte[] twice = PngBaking.Bake(PngBaking.Bake(TestPng.Build(), Json), Jwt);

        Assert.Equal(Jwt, PngBaking.Unbake(twice));
        Assert.Equal(1, Count(twice, "openbadgecredential"));
    }

    [Fact]
    public void An_ob2_assertion_url_rides_beside_the_credential_once_however_often_it_is_baked()
    {
        const string Url = "https://badges.example.edu/ob2/assertions/abc";
        byte[] twice = PngBaking.Bake(PngBaking.Bake(TestPng.Build(), Json, "https://old.example/x"), Jwt, Url);

        Assert.Equal(Url, PngBaking.UnbakeOb2(twice));
        Assert.Equal(Jwt, PngBaking.Unbake(twice));
        Assert.Equal(1, Count(twice, "openbadges"));
        Assert.Null(PngBaking.UnbakeOb2(PngBaking.Bake(TestPng.Build(), Jwt)));
    }

    [Fact]
    public void A_compressed_credential_chunk_is_read_too()
    {
        using MemoryStream compressed = new();
        using (ZLibStream zlib = new(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(Encoding.UTF8.GetBytes(Json));
        byte[] png = TestPng.Build(TestPng.Chunk("iTXt", TestPng.ITxt("openbadgecredential", 1, compressed.ToArray())));

        Assert.Equal(Json, PngBaking.Unbake(png));
    }

    [Fact]
    public void An_image_without_a_credential_reads_as_none()
    {
        Assert.Null(PngBaking.Unbake(TestPng.Build(TestPng.Chunk("tEXt", Encoding.Latin1.GetBytes("Comment\0hello")))));
    }

    [Fact]
    public void An_open_badges_2_image_has_no_ob3_credential_but_its_assertion_reads_back()
    {
        byte[] png = TestPng.Build(TestPng.Chunk("iTXt", TestPng.ITxt("openbadges", 0, Encoding.UTF8.GetBytes("https://example.org/assertions/1"))));

        Assert.Null(PngBaking.Unbake(png));
        Assert.Equal("https://example.org/assertions/1", PngBaking.UnbakeOb2(png));
    }

    [Fact]
    public void A_decompression_bomb_is_stopped_at_the_cap()
    {
        using MemoryStream compressed = new();
        using (ZLibStream zlib = new(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 100; i++) zlib.Write(zeros);
        }
        byte[] png = TestPng.Build(TestPng.Chunk("iTXt", TestPng.ITxt("openbadgecredential", 1, compressed.ToArray())));
        long before = GC.GetAllocatedBytesForCurrentThread();

        BakingException ex = Assert.Throws<BakingException>(() => PngBaking.Unbake(png));

        Assert.Equal(BakingCodes.TooLarge, ex.Code);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64L * 1024 * 1024, "reading stopped long before 100 MB were inflated");
    }

    public static TheoryData<string, byte[]> Broken()
    {
        byte[] good = TestPng.Build();
        byte[] hugeLength = [.. TestPng.Signature, .. TestPng.Chunk("IHDR", TestPng.Header()), 0x7F, 0xFF, 0xFF, 0xFF, (byte)'t', (byte)'E', (byte)'X', (byte)'t', 1, 2, 3];
        byte[] badCrc = (byte[])good.Clone();
        badCrc[8 + 8 + 13] ^= 0xFF;
        byte[] noHeader = [.. TestPng.Signature, .. TestPng.Chunk("IDAT", TestPng.Pixels()), .. TestPng.Chunk("IEND", [])];
        byte[] badType = [.. TestPng.Signature, .. TestPng.Chunk("IHDR", TestPng.Header()), .. TestPng.Chunk("I#AT", [1])];
        byte[] manyChunks = TestPng.Build([.. Enumerable.Repeat(TestPng.Chunk("tEXt", Encoding.Latin1.GetBytes("a\0b")), PngBaking.MaxChunks + 5)]);
        byte[] badUtf8 = TestPng.Build(TestPng.Chunk("iTXt", TestPng.ITxt("openbadgecredential", 0, [0xC3, 0x28])));
        byte[] badZlib = TestPng.Build(TestPng.Chunk("iTXt", TestPng.ITxt("openbadgecredential", 1, [1, 2, 3, 4])));
        byte[] truncatedText = TestPng.Build(TestPng.Chunk("iTXt", [.. Encoding.Latin1.GetBytes("openbadgecredential"), 0, 0, 0, (byte)'e', (byte)'n']));
        return new TheoryData<string, byte[]>
        {
            { "not a png", Encoding.UTF8.GetBytes("GIF89a....") },
            { "truncated", good[..^6] },
            { "chunk length 0x7FFFFFFF", hugeLength },
            { "bad CRC", badCrc },
            { "IHDR missing", noHeader },
            { "invalid chunk type", badType },
            { "too many chunks", manyChunks },
            { "text not UTF-8", badUtf8 },
            { "compressed text not zlib", badZlib },
            { "iTXt truncated", truncatedText },
        };
    }

    [Theory, MemberData(nameof(Broken))]
    public void A_broken_png_is_refused_with_a_clear_reason(string why, byte[] png)
    {
        BakingException ex = Assert.Throws<BakingException>(() => PngBaking.Unbake(png));

        Assert.True(ex.Code == BakingCodes.PngMalformed, why + ": " + ex.Message);
        Assert.StartsWith("This is not a readable PNG", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_over_the_size_limit_is_refused_before_reading()
    {
        byte[] huge = new byte[PngBaking.MaxImageBytes + 1];
        TestPng.Signature.CopyTo(huge, 0);

        Assert.Equal(BakingCodes.TooLarge, Assert.Throws<BakingException>(() => PngBaking.Unbake(huge)).Code);
    }

    private static int Count(byte[] png, string keyword)
    {
        int count = 0;
        for (int position = 8; position < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            if (Encoding.ASCII.GetString(png, position + 4, 4) == "iTXt" && Encoding.Latin1.GetString(png, position + 8, keyword.Length) == keyword) count++;
            position += 12 + length;
        }
        return count;
    }
}
