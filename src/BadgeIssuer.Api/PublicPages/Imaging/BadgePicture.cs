// A badge picture drawn by the service when an achievement has no image of its own (README, "Badge pages and baked
// images"): a round badge, an amber ring around a deep-blue disc, the achievement's name and below it the issuer's.
// As SVG 1.1 (role="img" with a <title>; the name in up to 3 lines, its font made smaller until it fits) and as a
// 256×256 RGBA PNG (PngEncoder; the name in up to 4 lines of PixelFont at twice its size, the issuer at its size).
// Text colours on the disc, WCAG 2.2 SC 1.4.3 (AA asks 4.5:1): white 10.4:1, amber-200 #FDE68A 8.3:1.
using System.Globalization;
using System.Text;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Draws a badge picture showing the achievement's name and its issuer.</summary>
public static class BadgePicture
{
    /// <summary>The picture's width and height in pixels.</summary>
    public const int Side = 256;

    internal const int Centre = Side / 2, RingRadius = 126, DiscRadius = 112;
    internal static readonly Rgb Ring = new(0xF5, 0x9E, 0x0B), Disc = new(0x1E, 0x3A, 0x8A);
    internal static readonly Rgb NameInk = new(0xFF, 0xFF, 0xFF), IssuerInk = new(0xFD, 0xE6, 0x8A);

    private const int IssuerLines = 2, Gap = 8;

    // SVG: the name at the first of these sizes that fits it in 3 lines, else at the last, cut; the issuer at 13 px.
    // The text block is at most 3 × 24 + 8 + 2 × 16 = 112 px high, so no line is more than 56 px from the centre,
    // where the disc is 2√(112² − 56²) ≈ 194 px wide.
    private static readonly int[] SvgNameSizes = [20, 17, 14];
    private const int SvgNameLines = 3, SvgIssuerSize = 13, SvgIssuerLeading = 16;
    private const double SvgNameWidth = 190, SvgIssuerWidth = 180;

    // PNG: glyph cells 6 × 10 pixels at scale 1 (a column and two rows of space); 4 × 20 + 8 + 2 × 10 = 108 px high.
    private const int PngNameScale = 2, PngNameLines = 4, PngNameWidth = 180, PngIssuerWidth = 180;

    /// <summary>The picture as an SVG document, its names XML-escaped.</summary>
    public static string Svg(string achievementName, string issuerName)
    {
        ArgumentNullException.ThrowIfNull(achievementName);
        ArgumentNullException.ThrowIfNull(issuerName);
        (int size, List<string> name) = FitSvgName(achievementName);
        List<string> issuer = TextLayout.Wrap(issuerName, SvgIssuerWidth, IssuerLines, t => TextLayout.SansWidth(t, SvgIssuerSize), "…");
        int leading = (int)Math.Round(size * 1.2);
        int top = Centre - (name.Count * leading + Gap + issuer.Count * SvgIssuerLeading) / 2;

        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Side} {Side}" width="{Side}" height="{Side}" role="img" aria-labelledby="badge-title">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="badge-title">{XmlText.Escape($"Badge: {achievementName}, issued by {issuerName}")}</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{Centre}" cy="{Centre}" r="{RingRadius}" fill="{Ring}"/><circle cx="{Centre}" cy="{Centre}" r="{DiscRadius}" fill="{Disc}"/>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text text-anchor="middle" font-family="system-ui, sans-serif" font-size="{size}" font-weight="700" fill="{NameInk}">""");
        for (int i = 0; i < name.Count; i++)
            svg.Append(CultureInfo.InvariantCulture, $"""<tspan x="{Centre}" y="{top + i * leading + size}">{XmlText.Escape(name[i])}</tspan>""");
        svg.Append(CultureInfo.InvariantCulture, $"""</text><text text-anchor="middle" font-family="system-ui, sans-serif" font-size="{SvgIssuerSize}" fill="{IssuerInk}">""");
        int issuerTop = top + name.Count * leading + Gap;
        for (int i = 0; i < issuer.Count; i++)
            svg.Append(CultureInfo.InvariantCulture, $"""<tspan x="{Centre}" y="{issuerTop + i * SvgIssuerLeading + SvgIssuerSize}">{XmlText.Escape(issuer[i])}</tspan>""");
        return svg.Append("</text></svg>").ToString();
    }

    /// <summary>The picture as a PNG, 256×256 RGBA, the text in a built-in pixel font (letters outside ASCII as their base letters).</summary>
    public static byte[] Png(string achievementName, string issuerName)
    {
        ArgumentNullException.ThrowIfNull(achievementName);
        ArgumentNullException.ThrowIfNull(issuerName);
        byte[] rgba = new byte[Side * Side * 4];
        DrawDisc(rgba);
        List<string> name = TextLayout.Wrap(PixelFont.ToAscii(achievementName), PngNameWidth, PngNameLines, t => PixelWidth(t, PngNameScale), "...");
        List<string> issuer = TextLayout.Wrap(PixelFont.ToAscii(issuerName), PngIssuerWidth, IssuerLines, t => PixelWidth(t, 1), "...");
        const int cell = PixelFont.Height + 2;
        int top = Centre - (name.Count * cell * PngNameScale + Gap + issuer.Count * cell) / 2;
        for (int i = 0; i < name.Count; i++)
            DrawText(rgba, name[i], top + i * cell * PngNameScale, PngNameScale, NameInk);
        int issuerTop = top + name.Count * cell * PngNameScale + Gap;
        for (int i = 0; i < issuer.Count; i++)
            DrawText(rgba, issuer[i], issuerTop + i * cell, 1, IssuerInk);
        return PngEncoder.Encode(Side, Side, rgba);
    }

    private static (int Size, List<string> Lines) FitSvgName(string name)
    {
        foreach (int size in SvgNameSizes.SkipLast(1))
        {
            List<string> lines = TextLayout.Wrap(name, SvgNameWidth, int.MaxValue, t => TextLayout.SansWidth(t, size), "…");
            if (lines.Count <= SvgNameLines) return (size, lines);
        }
        int smallest = SvgNameSizes[^1];
        return (smallest, TextLayout.Wrap(name, SvgNameWidth, SvgNameLines, t => TextLayout.SansWidth(t, smallest), "…"));
    }

    /// <summary>The width in pixels of ASCII <paramref name="text"/> in the pixel font at <paramref name="scale"/>.</summary>
    internal static int PixelWidth(string text, int scale) => text.Length == 0 ? 0 : (text.Length * (PixelFont.Width + 1) - 1) * scale;

    /// <summary>The ring and the disc, their edges smoothed by 4×4 samples per pixel; outside the ring stays transparent.</summary>
    private static void DrawDisc(byte[] rgba)
    {
        const int samples = 4;
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                int ring = 0, disc = 0;
                for (int sy = 0; sy < samples; sy++)
                    for (int sx = 0; sx < samples; sx++)
                    {
                        double dx = x + (sx + 0.5) / samples - Centre, dy = y + (sy + 0.5) / samples - Centre;
                        double squared = dx * dx + dy * dy;
                        if (squared <= DiscRadius * DiscRadius) disc++;
                        else if (squared <= RingRadius * RingRadius) ring++;
                    }
                int covered = ring + disc;
                if (covered == 0) continue;
                int i = (y * Side + x) * 4;
                rgba[i] = (byte)((Ring.R * ring + Disc.R * disc) / covered);
                rgba[i + 1] = (byte)((Ring.G * ring + Disc.G * disc) / covered);
                rgba[i + 2] = (byte)((Ring.B * ring + Disc.B * disc) / covered);
                rgba[i + 3] = (byte)(255 * covered / (samples * samples));
            }
    }

    /// <summary>One line of ASCII text, centred, its glyph cells' top edge at <paramref name="top"/>.</summary>
    private static void DrawText(byte[] rgba, string text, int top, int scale, Rgb ink)
    {
        int left = (Side - PixelWidth(text, scale)) / 2;
        for (int c = 0; c < text.Length; c++)
            for (int row = 0; row < PixelFont.Height; row++)
                for (int column = 0; column < PixelFont.Width; column++)
                {
                    if (!PixelFont.Ink(text[c], column, row)) continue;
                    int x0 = left + (c * (PixelFont.Width + 1) + column) * scale, y0 = top + row * scale;
                    for (int y = y0; y < y0 + scale; y++)
                        for (int x = x0; x < x0 + scale; x++)
                        {
                            int i = (y * Side + x) * 4;
                            (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (ink.R, ink.G, ink.B, 255);
                        }
                }
    }
}

/// <summary>An opaque sRGB colour; as a string, its CSS hex form.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";
}
