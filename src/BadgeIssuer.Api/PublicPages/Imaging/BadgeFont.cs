// The face of the drawn badge pictures: DejaVu Sans Bold 2.37, embedded (Fonts/SOURCES.md, Fonts/LICENSE), loaded once
// by Skia's own FreeType, so no font of the machine is read. It has glyphs for Latin (Extended-A and -B included), Greek
// and Cyrillic; a character it lacks draws as its .notdef box.
using System.Text;
using SkiaSharp;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>The badge pictures' typeface, its advance widths, and the text as the pictures draw it.</summary>
internal static class BadgeFont
{
    /// <summary>The name the font is embedded under.</summary>
    public const string Resource = "fonts/DejaVuSans-Bold.ttf";

    /// <summary>The typeface, immutable and shared by every picture.</summary>
    public static SKTypeface Typeface { get; } = Load();

    /// <summary>The advance width in em of each character of the Basic Multilingual Plane; NaN where the face has no glyph.</summary>
    private static readonly float[] EmAdvances = Advances();

    /// <summary>The face at <paramref name="size"/> pixels, antialiased and hinted, as the PNG picture is drawn.</summary>
    public static SKFont At(float size) => new(Typeface, size) { Edging = SKFontEdging.Antialias };

    /// <summary>The advance width in em of <paramref name="rune"/>, or <c>null</c> when the face has no glyph for it.</summary>
    public static float? EmAdvance(Rune rune) =>
        rune.IsBmp && !float.IsNaN(EmAdvances[rune.Value]) ? EmAdvances[rune.Value] : null;

    /// <summary>
    /// <paramref name="text"/> as the pictures draw it: whitespace and control characters as spaces, a lone surrogate as
    /// U+FFFD. A combining accent stays a glyph of its own, which the face places over the letter before it.
    /// </summary>
    public static string Drawable(string text)
    {
        StringBuilder drawable = new(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
            drawable.Append(Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) ? new Rune(' ') : rune);
        return drawable.ToString();
    }

    private static SKTypeface Load()
    {
        using Stream stream = typeof(BadgeFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The font {Resource} is not embedded.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The font {Resource} is not a font Skia reads.");
    }

    /// <summary>Every advance of the plane at once, unhinted at the face's units per em, so widths are the designer's.</summary>
    private static float[] Advances()
    {
        int[] characters = [.. Enumerable.Range(0, 0x10000)];
        using SKFont font = new(Typeface, Typeface.UnitsPerEm) { Hinting = SKFontHinting.None, Subpixel = true, LinearMetrics = true };
        ushort[] glyphs = font.GetGlyphs(characters);
        float[] widths = font.GetGlyphWidths(glyphs);
        float[] advances = new float[characters.Length];
        for (int c = 0; c < advances.Length; c++)
            advances[c] = glyphs[c] == 0 || char.IsSurrogate((char)c) ? float.NaN : widths[c] / Typeface.UnitsPerEm;
        return advances;
    }
}
