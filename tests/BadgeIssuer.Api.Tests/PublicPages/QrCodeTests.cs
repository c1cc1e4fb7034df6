using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using BadgeIssuer.Api.PublicPages.Imaging;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>
/// QR codes against the matrices of an independent encoder (QrFixtures/SOURCES.md): module for module where the
/// reference chose its own mask, and with both masks removed where the reference was given one.
/// </summary>
public sealed partial class QrCodeTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "PublicPages", "QrFixtures");

    public static TheoryData<string> ChosenMaskFixtures() => FixtureNames(f => f.Chosen);

    public static TheoryData<string> ForcedMaskFixtures() => FixtureNames(f => !f.Chosen);

    [Theory, MemberData(nameof(ChosenMaskFixtures))]
    public void Encode_chooses_the_reference_mask_and_matches_the_reference_matrix(string fixture)
    {
        Reference reference = Reference.Load(fixture);

        QrCode qr = QrCode.Encode(reference.Text);

        Assert.Equal(reference.Mask, FormatMask((x, y) => qr[x, y]));
        AssertSameSymbol(reference, qr);
    }

    [Theory, MemberData(nameof(ForcedMaskFixtures))]
    public void Encode_matches_a_reference_with_another_mask_once_both_masks_are_removed(string fixture)
    {
        Reference reference = Reference.Load(fixture);
        Reference[] family = [.. AllFixtureNames().Select(Reference.Load).Where(f => f.Text == reference.Text)];
        Assert.Equal(8, family.Select(f => f.Mask).Distinct().Count());

        QrCode qr = QrCode.Encode(reference.Text);

        Assert.Equal(reference.Version, qr.Version);
        Assert.Equal(reference.Rows.Length, qr.Size);
        Assert.Equal(reference.Mask, FormatMask((x, y) => reference.Rows[y][x] == '1'));
        int mask = FormatMask((x, y) => qr[x, y]);
        for (int y = 0; y < qr.Size; y++)
            for (int x = 0; x < qr.Size; x++)
            {
                bool expected = reference.Rows[y][x] == '1';
                // Function patterns, and data modules every mask flips, are the same under all eight masks.
                if (family.All(f => f.Rows[y][x] == reference.Rows[y][x]))
                    Assert.True(expected == qr[x, y], $"module ({x}, {y}) differs");
                else if (!IsFormatInformation(qr.Size, x, y))
                    Assert.True((expected ^ Flips(reference.Mask, x, y)) == (qr[x, y] ^ Flips(mask, x, y)), $"unmasked module ({x}, {y}) differs");
            }
    }

    [Fact]
    public void Encode_matches_the_reference_matrix_for_hello_world_and_a_url()
    {
        foreach (string fixture in new[] { "hello-world.mask4.txt", "example-org.txt" })
        {
            Reference reference = Reference.Load(fixture);
            Assert.True(reference.Chosen);
            AssertSameSymbol(reference, QrCode.Encode(reference.Text));
        }
    }

    [Fact]
    public void One_byte_past_a_versions_capacity_takes_the_next_version()
    {
        for (int version = 1; version < 15; version++)
        {
            string full = Reference.Load($"v{version:D2}-full.txt").Text;

            Assert.Equal(version, QrCode.Encode(full).Version);
            Assert.Equal(version + 1, QrCode.Encode(full + "x").Version);
        }
    }

    [Fact]
    public void Text_over_412_bytes_of_utf8_is_refused_with_an_argument_exception()
    {
        Assert.Equal(15, QrCode.Encode(new string('é', 206)).Version);

        ArgumentException refused = Assert.Throws<ArgumentException>(() => QrCode.Encode(new string('é', 207)));
        Assert.Equal("text", refused.ParamName);
        Assert.Contains("414 bytes", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => QrCode.Encode(new string('x', 413)));
    }

    [Fact]
    public void Modules_outside_the_symbol_are_refused()
    {
        QrCode qr = QrCode.Encode("HELLO WORLD");

        Assert.Equal(21, qr.Size);
        Assert.Throws<ArgumentOutOfRangeException>(() => qr[21, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => qr[0, -1]);
    }

    [Fact]
    public void The_svg_is_well_formed_labelled_and_escapes_the_label()
    {
        const string label = "QR code <for> \"Tom & Jerry's\" badge";
        string svg = QrCode.Encode("https://badges.example.org/credentials/x").ToSvg(label);

        Assert.Contains("&lt;for&gt; &quot;Tom &amp; Jerry&apos;s&quot;", svg, StringComparison.Ordinal);
        XmlDocument document = Load(svg);
        XmlElement root = document.DocumentElement!;
        Assert.Equal("img", root.GetAttribute("role"));
        Assert.Equal(label, root.GetAttribute("aria-label"));
        Assert.Equal(label, root["title", "http://www.w3.org/2000/svg"]!.InnerText);
        Assert.Single(root.GetElementsByTagName("path"));
    }

    [Fact]
    public void The_svg_path_draws_exactly_the_dark_modules_inside_the_quiet_zone()
    {
        QrCode qr = QrCode.Encode(Reference.Load("short-url.mask2.txt").Text);
        const int moduleSize = 3, quietZone = 2;

        XmlElement root = Load(qr.ToSvg("QR code", moduleSize, quietZone)).DocumentElement!;

        int side = qr.Size + 2 * quietZone;
        Assert.Equal($"0 0 {side} {side}", root.GetAttribute("viewBox"));
        Assert.Equal((side * moduleSize).ToString(CultureInfo.InvariantCulture), root.GetAttribute("width"));
        bool[,] drawn = new bool[side, side];
        foreach (Match run in PathRun().Matches(root.GetElementsByTagName("path")[0]!.Attributes!["d"]!.Value))
        {
            int x = int.Parse(run.Groups[1].Value, CultureInfo.InvariantCulture), y = int.Parse(run.Groups[2].Value, CultureInfo.InvariantCulture);
            int length = int.Parse(run.Groups[3].Value, CultureInfo.InvariantCulture);
            Assert.Equal(length, int.Parse(run.Groups[4].Value, CultureInfo.InvariantCulture));
            for (int i = 0; i < length; i++)
            {
                Assert.False(drawn[y, x + i], $"module ({x + i}, {y}) drawn twice");
                drawn[y, x + i] = true;
            }
        }
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
            {
                bool inside = x >= quietZone && y >= quietZone && x < side - quietZone && y < side - quietZone;
                Assert.Equal(inside && qr[x - quietZone, y - quietZone], drawn[y, x]);
            }
    }

    [Fact]
    public void The_svg_refuses_a_module_size_below_one_and_a_negative_quiet_zone()
    {
        QrCode qr = QrCode.Encode("HELLO WORLD");

        Assert.Throws<ArgumentOutOfRangeException>(() => qr.ToSvg("QR code", moduleSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => qr.ToSvg("QR code", quietZone: -1));
    }

    private static void AssertSameSymbol(Reference reference, QrCode qr)
    {
        Assert.Equal(reference.Version, qr.Version);
        Assert.Equal(reference.Rows.Length, qr.Size);
        for (int y = 0; y < qr.Size; y++)
        {
            string row = string.Concat(Enumerable.Range(0, qr.Size).Select(x => qr[x, y] ? '1' : '0'));
            Assert.True(reference.Rows[y] == row, $"row {y} differs:\nexpected {reference.Rows[y]}\nactual   {row}");
        }
    }

    /// <summary>Parses with DTDs prohibited and no resolver, as a hostile-input reader would.</summary>
    private static XmlDocument Load(string svg)
    {
        XmlDocument document = new() { XmlResolver = null };
        using XmlReader reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        document.Load(reader);
        return document;
    }

    /// <summary>
    /// The mask pattern in the format information next to the top left finder (ISO/IEC 18004 §7.9.1: bits 12–10 at
    /// columns 2–4 of row 8, under the XOR with 0x5412), after checking that the two level bits there say M (00).
    /// </summary>
    private static int FormatMask(Func<int, int, bool> dark)
    {
        int Bit(int x, int xor) => (dark(x, 8) ? 1 : 0) ^ xor;
        Assert.Equal(0, Bit(0, 1) << 1 | Bit(1, 0));
        return Bit(2, 1) << 2 | Bit(3, 0) << 1 | Bit(4, 1);
    }

    /// <summary>The 31 modules of the two format information copies and the dark module (§7.9.1, Figure 25).</summary>
    private static bool IsFormatInformation(int size, int x, int y) =>
        (y == 8 && (x <= 8 || x >= size - 8)) || (x == 8 && (y <= 8 || y >= size - 8));

    /// <summary>ISO/IEC 18004 §7.8.2, Table 10: whether data mask <paramref name="mask"/> flips the module in row i = y, column j = x.</summary>
    private static bool Flips(int mask, int x, int y) => mask switch
    {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (y / 2 + x / 3) % 2 == 0,
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3) % 2 == 0,
        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
    };

    private static IEnumerable<string> AllFixtureNames() =>
        new DirectoryInfo(FixtureFolder).GetFiles("*.txt").Select(f => f.Name).Order(StringComparer.Ordinal);

    private static TheoryData<string> FixtureNames(Func<Reference, bool> where)
    {
        TheoryData<string> data = [];
        foreach (string file in AllFixtureNames())
            if (where(Reference.Load(file))) data.Add(file);
        return data;
    }

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-(\d+)z")]
    private static partial Regex PathRun();

    /// <summary>
    /// A reference symbol: header lines <c>text</c>, <c>version</c>, <c>mask</c>, <c>penalty</c>, then rows of 0/1.
    /// The penalty scores are not read: QRCoder scores the masks inside its encoder and shows only the mask it picks.
    /// </summary>
    private sealed record Reference(string Text, int Version, int Mask, bool Chosen, string[] Rows)
    {
        public static Reference Load(string file)
        {
            string[] lines = File.ReadAllLines(Path.Combine(FixtureFolder, file));
            Dictionary<string, string> header = lines.TakeWhile(l => !char.IsAsciiDigit(l[0]))
                .ToDictionary(l => l[..l.IndexOf(' ', StringComparison.Ordinal)], l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal);
            string[] mask = header["mask"].Split(' ');
            return new Reference(
                JsonSerializer.Deserialize<string>(header["text"])!,
                int.Parse(header["version"], CultureInfo.InvariantCulture),
                int.Parse(mask[0], CultureInfo.InvariantCulture),
                mask[1] == "chosen",
                lines[header.Count..]);
        }
    }
}
