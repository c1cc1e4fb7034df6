using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using BadgeIssuer.Api.PublicPages.Imaging;
using SkiaSharp;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>The drawn badge pictures: well-formed, escaped, legible, and never wider than the badge.</summary>
public sealed class BadgePictureTests
{
    private const string Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string, string> LongNames() => new()
    {
        { "Certificate in Assessment Literacy for Secondary Mathematics and Science Teachers", "Riverside Unified School District Office of Professional Learning" },
        { new string('W', 60), new string('M', 60) },
        { "Mmmmmmmmmmmmmmmm Wwwwwwwwwwwwwww @@@@@@@@@@@@@@ %%%%%%%%%%%%", "Www Mmm Www Mmm Www Mmm Www Mmm Www Mmm" },
        { "教师数字素养微证书：课堂评估设计与实施的高级认证与实践", "北京师范大学教师发展中心" },
        { "Ærøskøbing Łódź Straße Œuvre Ĳsselmeer Ŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵŵ", "Université Côte d’Azur — Département" },
        { string.Concat(Enumerable.Repeat("🎓", 40)), string.Concat(Enumerable.Repeat("🏫 ", 30)) },
    };

    [Fact]
    public void The_png_is_a_256_pixel_rgba_image_that_inflates_to_the_expected_size()
    {
        PngFile png = PngFile.Read(BadgePicture.Png("Basic Performance Assessment Design", "Riverside School District"));

        Assert.Equal(256, png.Width);
        Assert.Equal(256, png.Height);
        Assert.Equal(["IHDR", "IDAT", "IEND"], png.ChunkTypes);
    }

    [Fact]
    public void The_png_is_a_round_badge_on_a_transparent_square()
    {
        PngFile png = PngFile.Read(BadgePicture.Png("Digital Fluency", "Riverside School District"));

        Assert.Equal(0, png[0, 0].A);
        Assert.Equal(0, png[255, 255].A);
        Assert.Equal((BadgePicture.Ring.R, BadgePicture.Ring.G, BadgePicture.Ring.B, (byte)255), png[128, 8]);
        Assert.Equal((BadgePicture.Disc.R, BadgePicture.Disc.G, BadgePicture.Disc.B, (byte)255), png[128, 24]);
    }

    [Theory, MemberData(nameof(LongNames))]
    public void Png_text_wraps_inside_the_disc_in_at_most_four_name_lines_and_two_issuer_lines(string achievement, string issuer)
    {
        PngFile png = PngFile.Read(BadgePicture.Png(achievement, issuer));

        List<int> nameRows = [], issuerRows = [];
        for (int y = 0; y < png.Height; y++)
            for (int x = 0; x < png.Width; x++)
            {
                (byte r, byte g, byte b, byte a) = png[x, y];
                bool name = (r, g, b) == (BadgePicture.NameInk.R, BadgePicture.NameInk.G, BadgePicture.NameInk.B);
                bool issuerInk = (r, g, b) == (BadgePicture.IssuerInk.R, BadgePicture.IssuerInk.G, BadgePicture.IssuerInk.B);
                if (!name && !issuerInk) continue;
                Assert.Equal(255, a);
                double distance = Math.Sqrt(Math.Pow(x + 0.5 - 128, 2) + Math.Pow(y + 0.5 - 128, 2));
                Assert.True(distance < BadgePicture.DiscRadius - 4, $"ink at ({x}, {y}) is {distance:F1} px from the centre");
                (name ? nameRows : issuerRows).Add(y);
            }
        Assert.InRange(nameRows.Max() - nameRows.Min() + 1, 1, 4 * BadgePicture.PngNameLeading);
        Assert.InRange(issuerRows.Max() - issuerRows.Min() + 1, 1, 2 * BadgePicture.PngIssuerLeading);
        Assert.True(nameRows.Max() < issuerRows.Min(), "the issuer is below the name");
    }

    [Fact]
    public void The_svg_is_well_formed_xml_and_escapes_lt_amp_and_quote()
    {
        string svg = BadgePicture.Svg("Tom & Jerry's <Best> \"Badge\"", "R&D \"Lab\" <b>");

        Assert.Contains("Tom &amp; Jerry&apos;s &lt;Best&gt; &quot;Badge&quot;", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<Best>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", svg, StringComparison.Ordinal);
        XmlElement root = Load(svg).DocumentElement!;
        Assert.Equal("img", root.GetAttribute("role"));
        Assert.Equal("Badge: Tom & Jerry's <Best> \"Badge\", issued by R&D \"Lab\" <b>", root["title", Svg]!.InnerText);
        Assert.Equal(root["title", Svg]!.GetAttribute("id"), root.GetAttribute("aria-labelledby"));
    }

    [Fact]
    public void Control_characters_and_lone_surrogates_in_names_still_give_well_formed_xml()
    {
        string svg = BadgePicture.Svg("Bad\u0001name\uD800 with\ttab\u0007", "Issuer\uFFFE\uDC00 \u001B[31m");

        XmlElement root = Load(svg).DocumentElement!;
        Assert.Equal("Badge: Bad name with tab , issued by Issuer  [31m", root["title", Svg]!.InnerText);
    }

    [Theory, MemberData(nameof(LongNames))]
    public void Svg_long_names_wrap_into_at_most_three_lines_that_fit_inside_the_disc(string achievement, string issuer)
    {
        XmlElement root = Load(BadgePicture.Svg(achievement, issuer)).DocumentElement!;

        XmlNodeList texts = root.GetElementsByTagName("text", Svg);
        Assert.Equal(2, texts.Count);
        Assert.InRange(texts[0]!.ChildNodes.Count, 1, 3);
        Assert.InRange(texts[1]!.ChildNodes.Count, 1, 2);
        foreach (XmlElement text in texts)
        {
            double size = double.Parse(text.GetAttribute("font-size"), CultureInfo.InvariantCulture);
            foreach (XmlElement line in text.ChildNodes)
            {
                double baseline = double.Parse(line.GetAttribute("y"), CultureInfo.InvariantCulture);
                double farthest = Math.Max(Math.Abs(baseline - size - 128), Math.Abs(baseline + 0.25 * size - 128));
                double chord = 2 * Math.Sqrt(BadgePicture.DiscRadius * BadgePicture.DiscRadius - farthest * farthest);
                Assert.True(TextLayout.SansWidth(line.InnerText, size) <= chord, $"'{line.InnerText}' at {size} px is wider than the disc ({chord:F0} px) there");
            }
        }
    }

    [Fact]
    public void Svg_makes_the_name_smaller_before_it_cuts_it_with_an_ellipsis()
    {
        XmlElement shortName = Load(BadgePicture.Svg("Digital Fluency", "Riverside")).DocumentElement!;
        XmlElement longName = Load(BadgePicture.Svg("Basic Performance Assessment Design", "Riverside")).DocumentElement!;

        Assert.Equal("20", shortName.GetElementsByTagName("text", Svg)[0]!.Attributes!["font-size"]!.Value);
        XmlNode name = longName.GetElementsByTagName("text", Svg)[0]!;
        Assert.True(int.Parse(name.Attributes!["font-size"]!.Value, CultureInfo.InvariantCulture) < 20);
        Assert.Equal("Basic Performance Assessment Design", string.Join(' ', name.ChildNodes.Cast<XmlNode>().Select(n => n.InnerText)));
        XmlNode cut = Load(BadgePicture.Svg(string.Join(' ', Enumerable.Repeat("Assessment", 20)), "Riverside")).DocumentElement!.GetElementsByTagName("text", Svg)[0]!;
        Assert.Equal("14", cut.Attributes!["font-size"]!.Value);
        Assert.Equal(3, cut.ChildNodes.Count);
        Assert.EndsWith("…", cut.LastChild!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_colours_meet_wcag_aa_contrast_on_the_disc()
    {
        XmlElement root = Load(BadgePicture.Svg("Digital Fluency", "Riverside")).DocumentElement!;
        string disc = root.GetElementsByTagName("circle", Svg)[1]!.Attributes!["fill"]!.Value;

        foreach (XmlElement text in root.GetElementsByTagName("text", Svg))
            Assert.True(Contrast(text.GetAttribute("fill"), disc) >= 4.5, $"{text.GetAttribute("fill")} on {disc}: {Contrast(text.GetAttribute("fill"), disc):F2}:1");
        Assert.Equal(disc, BadgePicture.Disc.ToString());
        Assert.Equal(10.4, Math.Round(Contrast(BadgePicture.NameInk.ToString(), disc), 1));
        Assert.Equal(8.3, Math.Round(Contrast(BadgePicture.IssuerInk.ToString(), disc), 1));
    }

    /// <summary>Names beyond ASCII, and how the ASCII pixel font the pictures used to be drawn in spelled them.</summary>
    public static TheoryData<string, string> NamesBeyondAscii() => new()
    {
        { "José Núñez", "Jose Nunez" },
        { "Łódź", "Lodz" },
        { "Γιώργος Παπαδόπουλος", "??????? ????????????" },
        { "Анна Ковалёва", "???? ????????" },
    };

    [Theory, MemberData(nameof(NamesBeyondAscii))]
    public void Names_in_latin_greek_and_cyrillic_have_a_glyph_for_every_character(string name, string asciiSpelling)
    {
        Assert.NotEqual(name, asciiSpelling);
        using SKFont font = BadgeFont.At(16);

        Assert.True(font.ContainsGlyphs(name), $"the font lacks a character of '{name}'");
        Assert.DoesNotContain((ushort)0, font.GetGlyphs(name));
    }

    [Theory, MemberData(nameof(NamesBeyondAscii))]
    public void Names_in_latin_greek_and_cyrillic_are_drawn_with_their_own_letters_not_stand_ins(string name, string asciiSpelling)
    {
        byte[] drawn = PngFile.Read(BadgePicture.Png(name, "Riverside")).Rgba;
        string beyondAscii = string.Concat(name.Where(c => c > '~'));

        Assert.NotEmpty(beyondAscii);
        foreach (string standIn in new[] { asciiSpelling, Replaced(name, '?'), Replaced(name, '\uFFFD'), Replaced(name, '\uE000') })
            Assert.False(drawn.AsSpan().SequenceEqual(PngFile.Read(BadgePicture.Png(standIn, "Riverside")).Rgba), $"'{name}' is drawn as '{standIn}' is");
        foreach (char c in beyondAscii)
            Assert.False(Picture(c.ToString()).AsSpan().SequenceEqual(Picture("?")), $"'{c}' is drawn as '?' is");
    }

    [Fact]
    public void The_same_names_give_the_same_png_bytes()
    {
        Assert.Equal(BadgePicture.Png("Łódź Ærøskøbing", "Анна"), BadgePicture.Png("Łódź Ærøskøbing", "Анна"));
    }

    [Fact]
    public void The_embedded_font_is_the_one_its_sources_file_names()
    {
        using Stream font = typeof(BadgePicture).Assembly.GetManifestResourceStream(BadgeFont.Resource)!;
        string sources = File.ReadAllText(Path.Combine(Repository.Root!, "src", "BadgeIssuer.Api", "PublicPages", "Imaging", "Fonts", "SOURCES.md"));

        string sha256 = Convert.ToHexStringLower(SHA256.HashData(font));
        Assert.Contains($"| `DejaVuSans-Bold.ttf` |", sources, StringComparison.Ordinal);
        Assert.Contains($"| `{sha256}` |", sources, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_drawn_with_controls_as_spaces_and_a_lone_surrogate_as_the_replacement_character()
    {
        Assert.Equal("Cafe\u0301 tab new line ", BadgeFont.Drawable("Cafe\u0301 tab\tnew\nline\u0000"));
        Assert.Equal("lone \uFFFD surrogate", BadgeFont.Drawable("lone \uD800 surrogate"));
    }

    [Fact]
    public void Wrap_breaks_overlong_words_and_cuts_extra_lines_with_an_ellipsis()
    {
        static double Width(string s) => s.Length;

        Assert.Equal(["Basic", "performance", "assessment", "design"], TextLayout.Wrap("Basic performance  assessment design", 11, 4, Width, "…"));
        Assert.Equal(["abcdef", "ghijkl", "mn op"], TextLayout.Wrap("abcdefghijklmn op", 6, 3, Width, "…"));
        Assert.Equal(["one two", "three…"], TextLayout.Wrap("one two three four five", 7, 2, Width, "…"));
        Assert.Equal(["🎓🎓", "🎓"], TextLayout.Wrap("🎓🎓🎓", 5, 2, Width, "…"));
        Assert.Empty(TextLayout.Wrap("  ", 5, 2, Width, "…"));
    }

    /// <summary>The name's characters beyond ASCII each replaced by <paramref name="standIn"/>.</summary>
    private static string Replaced(string name, char standIn) => string.Concat(name.Select(c => c > '~' ? standIn : c));

    /// <summary>The pixels of a picture whose name is <paramref name="name"/> and whose issuer is empty.</summary>
    private static byte[] Picture(string name) => PngFile.Read(BadgePicture.Png(name, "")).Rgba;

    /// <summary>The WCAG 2.2 contrast ratio of two #RRGGBB colours.</summary>
    private static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            double Channel(int offset)
            {
                double c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
                return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
        }
        double la = Luminance(a), lb = Luminance(b);
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>Parses with DTDs prohibited and no resolver, as a hostile-input reader would.</summary>
    private static XmlDocument Load(string svg)
    {
        XmlDocument document = new() { XmlResolver = null };
        using XmlReader reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        document.Load(reader);
        return document;
    }
}
