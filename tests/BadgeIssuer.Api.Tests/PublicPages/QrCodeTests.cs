using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using BadgeIssuer.Api.PublicPages.Imaging;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>QR codes against the matrices and mask penalties of an independent encoder (QrFixtures/SOURCES.md).</summary>
public sealed partial class QrCodeTests
{
    private static readonly string FixtureFolder = Path.Combine(AppContext.BaseDirectory, "PublicPages", "QrFixtures");

    public static TheoryData<string> AllFixtures() => FixtureNames(_ => true);

    public static TheoryData<string> ChosenMaskFixtures() => FixtureNames(f => f.Chosen);

    [Theory, MemberData(nameof(AllFixtures))]
    public void Encode_with_the_same_mask_matches_the_reference_matrix_module_for_module(string fixture)
    {
        Reference reference = Reference.Load(fixture);

        QrCode qr = QrCode.Encode(reference.Text, reference.Mask);

        AssertSameSymbol(reference, qr);
    }

    [Theory, MemberData(nameof(ChosenMaskFixtures))]
    public void Encode_chooses_the_reference_mask_and_matches_the_reference_matrix(string fixture)
    {
        Reference reference = Reference.Load(fixture);

        QrCode qr = QrCode.Encode(reference.Text);

        Assert.Equal(reference.Mask, qr.Mask);
        AssertSameSymbol(reference, qr);
    }

    [Theory, MemberData(nameof(AllFixtures))]
    public void Mask_penalties_match_the_reference_for_runs_blocks_and_finder_patterns_and_iso_for_balance(string fixture)
    {
        Reference reference = Reference.Load(fixture);

        MaskPenalty penalty = QrCode.Encode(reference.Text, reference.Mask).Penalty();

        Assert.Equal(reference.Penalty[0], penalty.Runs);
        Assert.Equal(reference.Penalty[1], penalty.Blocks);
        Assert.Equal(reference.Penalty[2], penalty.FinderLike);
        double darkPercent = 100.0 * reference.Rows.Sum(r => r.Count(m => m == '1')) / (reference.Rows.Length * reference.Rows.Length);
        Assert.Equal(10 * (int)Math.Floor(Math.Abs(darkPercent - 50) / 5), penalty.Balance);
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
    public void Modules_outside_the_symbol_and_masks_outside_0_to_7_are_refused()
    {
        QrCode qr = QrCode.Encode("HELLO WORLD");

        Assert.Equal(21, qr.Size);
        Assert.Throws<ArgumentOutOfRangeException>(() => qr[21, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => qr[0, -1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => QrCode.Encode("HELLO WORLD", 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => QrCode.Encode("HELLO WORLD", -1));
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

    private static TheoryData<string> FixtureNames(Func<Reference, bool> where)
    {
        TheoryData<string> data = [];
        foreach (string file in new DirectoryInfo(FixtureFolder).GetFiles("*.txt").Select(f => f.Name).Order(StringComparer.Ordinal))
            if (where(Reference.Load(file))) data.Add(file);
        return data;
    }

    [GeneratedRegex(@"M(\d+) (\d+)h(\d+)v1h-(\d+)z")]
    private static partial Regex PathRun();

    /// <summary>A reference symbol: header lines <c>text</c>, <c>version</c>, <c>mask</c>, <c>penalty</c>, then rows of 0/1.</summary>
    private sealed record Reference(string Text, int Version, int Mask, bool Chosen, int[] Penalty, string[] Rows)
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
                [.. header["penalty"].Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture))],
                lines[header.Count..]);
        }
    }
}
