// A badge picture drawn by the service when an achievement has no image of its own (README, "Badge pages and baked
// images"): a round badge, an amber ring around a deep-blue disc, the achievement's name and below it the issuer's.
// As SVG 1.1 (role="img" with a <title>; the name in up to 3 lines, its font made smaller until it fits) and as a
// 256×256 RGBA PNG drawn by Skia and written by PngEncoder (the name in up to 4 lines of BadgeFont at 16 px, the issuer
// at 12 px). Text colours on the disc, WCAG 2.2 SC 1.4.3 (AA asks 4.5:1): white 10.4:1, amber-200 #FDE68A 8.3:1.
using System.Globalization;
using System.Text;
using SkiaSharp;

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

    // PNG: DejaVu's ascent and descent are 1.164 em, so lines of 16 px text are 19 px apart and of 12 px text 14 px;
    // 4 × 19 + 8 + 2 × 14 = 112 px high, as the SVG text block.
    internal const int PngNameLeading = 19, PngIssuerLeading = 14;
    private const int PngNameSize = 16, PngNameLines = 4, PngIssuerSize = 12;
    private const float PngWidth = 180;

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

    /// <summary>The picture as a PNG, 256×256 RGBA, the text in the embedded DejaVu Sans Bold; the same names give the same bytes.</summary>
    public static byte[] Png(string achievementName, string issuerName)
    {
        ArgumentNullException.ThrowIfNull(achievementName);
        ArgumentNullException.ThrowIfNull(issuerName);
        using SKFont nameFont = BadgeFont.At(PngNameSize), issuerFont = BadgeFont.At(PngIssuerSize);
        List<string> name = TextLayout.Wrap(BadgeFont.Drawable(achievementName), PngWidth, PngNameLines, t => nameFont.MeasureText(t), "…");
        List<string> issuer = TextLayout.Wrap(BadgeFont.Drawable(issuerName), PngWidth, IssuerLines, t => issuerFont.MeasureText(t), "…");
        int top = Centre - (name.Count * PngNameLeading + Gap + issuer.Count * PngIssuerLeading) / 2;
        int issuerTop = top + name.Count * PngNameLeading + Gap;

        return Draw((canvas, paint) =>
        {
            canvas.DrawCircle(Centre, Centre, RingRadius, Fill(paint, Ring));
            canvas.DrawCircle(Centre, Centre, DiscRadius, Fill(paint, Disc));
            DrawLines(canvas, name, top, PngNameLeading, nameFont, Fill(paint, NameInk));
            DrawLines(canvas, issuer, issuerTop, PngIssuerLeading, issuerFont, Fill(paint, IssuerInk));
        });
    }

    /// <summary>
    /// A <see cref="Side"/>-pixel square picture as a PNG, drawn by <paramref name="draw"/> on a transparent canvas with an
    /// antialiased paint. Drawn premultiplied in half floats, so the edge of a shape keeps its colour when it is read back
    /// as straight 8-bit RGBA (in 8 bits, a pixel of alpha 1/255 would have lost it); PNG stores straight alpha.
    /// </summary>
    internal static byte[] Draw(Action<SKCanvas, SKPaint> draw)
    {
        using SKBitmap bitmap = new(new SKImageInfo(Side, Side, SKColorType.RgbaF16, SKAlphaType.Premul));
        using (SKCanvas canvas = new(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using SKPaint paint = new() { IsAntialias = true };
            draw(canvas, paint);
        }
        using SKBitmap straight = new(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (SKPixmap drawn = bitmap.PeekPixels(), target = straight.PeekPixels()) drawn.ReadPixels(target);
        return PngEncoder.Encode(Side, Side, straight.GetPixelSpan());
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

    /// <summary>The paint in <paramref name="colour"/>.</summary>
    internal static SKPaint Fill(SKPaint paint, Rgb colour)
    {
        paint.Color = new SKColor(colour.R, colour.G, colour.B);
        return paint;
    }

    /// <summary>Lines of text, each centred on the picture, the first one's ascent at <paramref name="top"/>; returns where the next block starts.</summary>
    internal static int DrawLines(SKCanvas canvas, List<string> lines, int top, int leading, SKFont font, SKPaint paint)
    {
        float ascent = -font.Metrics.Ascent;
        for (int i = 0; i < lines.Count; i++)
            canvas.DrawText(lines[i], Centre, top + i * leading + ascent, SKTextAlign.Center, font, paint);
        return top + lines.Count * leading;
    }
}

/// <summary>An opaque sRGB colour; as a string, its CSS hex form.</summary>
internal readonly record struct Rgb(byte R, byte G, byte B)
{
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";
}
