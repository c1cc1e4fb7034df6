using System.Buffers.Binary;
using System.IO.Compression;
using System.Xml;
using BadgeIssuer.Api.PublicPages.Imaging;
using BadgeIssuer.Credentials.Baking;
using BadgeIssuer.Credentials.Codecs;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>QR codes against an independent encoder's matrices, and the drawn badge pictures.</summary>
public sealed class ImagingTests
{
    public static TheoryData<string> Fixtures()
    {
        TheoryData<string> data = [];
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "PublicPages", "QrFixtures"), "*.txt").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory, MemberData(nameof(Fixtures))]
    public void Encode_matches_the_reference_matrix_module_for_module(string fixture)
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "PublicPages", "QrFixtures", fixture));
        string text = System.Text.Json.JsonSerializer.Deserialize<string>(lines[0])!;
        int version = int.Parse(lines[1]["version ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        int mask = fixture[^5] - '0';

        QrCode qr = QrCode.Encode(text, mask);

        Assert.Equal(version, qr.Version);
        string[] expected = lines[2..];
        Assert.Equal(expected.Length, qr.Size);
        for (int y = 0; y < qr.Size; y++)
            Assert.True(expected[y] == string.Concat(Enumerable.Range(0, qr.Size).Select(x => qr[x, y] ? '1' : '0')), $"row {y} differs");
    }

    [Fact]
    public void Text_too_long_for_version_15_is_refused()
    {
        Assert.Throws<ArgumentException>(() => QrCode.Encode(new string('x', 500)));
    }

    [Fact]
    public void The_qr_svg_is_labelled_well_formed_xml()
    {
        string svg = QrCode.Encode("https://badges.example.org/credentials/x").ToSvg("QR code <for> \"this\" badge");

        XmlDocument document = new() { XmlResolver = null };
        document.LoadXml(svg);
        Assert.Equal("img", document.DocumentElement!.GetAttribute("role"));
        Assert.Equal("QR code <for> \"this\" badge", document.DocumentElement.GetAttribute("aria-label"));
    }

    [Fact]
    public void The_drawn_png_is_a_valid_256_pixel_rgba_image()
    {
        byte[] png = BadgePicture.Png("Basic Performance Assessment Design", "Riverside School District");

        Assert.True(PngBaking.IsPng(png));
        int position = 8;
        List<string> types = [];
        using MemoryStream idat = new();
        while (position < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            string type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length)), Crc32.Compute(png.AsSpan(position + 4, 4 + length)));
            if (type == "IHDR")
            {
                Assert.Equal(256, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position + 8)));
                Assert.Equal(256, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position + 12)));
                Assert.Equal(8, png[position + 16]);
                Assert.Equal(6, png[position + 17]);
            }
            if (type == "IDAT") idat.Write(png, position + 8, length);
            types.Add(type);
            position += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using ZLibStream zlib = new(idat, CompressionMode.Decompress);
        using MemoryStream pixels = new();
        zlib.CopyTo(pixels);
        Assert.Equal(256 * (1 + 256 * 4), pixels.Length);
    }

    [Fact]
    public void The_drawn_svg_escapes_names_and_is_well_formed()
    {
        string svg = BadgePicture.Svg("Tom & Jerry's <Best> \"Badge\"", "R&D Lab");

        XmlDocument document = new() { XmlResolver = null };
        document.LoadXml(svg);
        Assert.Contains("Tom & Jerry's <Best>", document.DocumentElement!.InnerText, StringComparison.Ordinal);
        Assert.Equal("img", document.DocumentElement.GetAttribute("role"));
    }

    [Fact]
    public void Long_names_wrap_to_three_lines_and_end_with_an_ellipsis()
    {
        IReadOnlyList<string> lines = BadgePicture.Wrap("Certificate in Assessment Literacy for Secondary Mathematics and Science Teachers", 14, 3);

        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.True(l.Length <= 14, l));
        Assert.EndsWith("…", lines[^1], StringComparison.Ordinal);
    }
}
