// Line breaking for the drawn badge pictures: greedy, at spaces, in at most a given number of lines of at most a given
// width; a word wider than a line is broken where it overflows, and text beyond the last line is cut and ends in an
// ellipsis. Widths of SVG text are estimated from above with the advance widths of DejaVu Sans Bold, the widest face
// that system-ui and sans-serif commonly resolve to (Arial, Helvetica, Segoe UI, Roboto and Cantarell are narrower).
namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Wraps text into lines that fit a width.</summary>
internal static class TextLayout
{
    /// <summary>
    /// <paramref name="text"/> in lines no wider than <paramref name="maxWidth"/> as <paramref name="width"/> measures
    /// them; when more than <paramref name="maxLines"/> are needed, the last one kept ends in <paramref name="ellipsis"/>.
    /// </summary>
    public static List<string> Wrap(string text, double maxWidth, int maxLines, Func<string, double> width, string ellipsis)
    {
        List<string> lines = [];
        string line = "";
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string longer = line.Length == 0 ? word : $"{line} {word}";
            if (width(longer) <= maxWidth)
            {
                line = longer;
                continue;
            }
            if (line.Length > 0) lines.Add(line);
            line = word;
            while (width(line) > maxWidth)
            {
                int cut = Fit(line, maxWidth, width, "");
                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }
        if (line.Length > 0) lines.Add(line);
        if (lines.Count <= maxLines) return lines;

        string last = $"{lines[maxLines - 1]} {lines[maxLines]}";
        lines[maxLines - 1] = last[..Fit(last, maxWidth, width, ellipsis)].TrimEnd() + ellipsis;
        return lines[..maxLines];
    }

    /// <summary>
    /// An upper bound of the width of <paramref name="text"/> in bold sans-serif at <paramref name="fontSize"/>: the
    /// advance widths below, 5 % more for other faces and hinting. Letters of Latin-1 and Latin Extended-A count as the
    /// ASCII letters <see cref="PixelFont.ToAscii"/> spells them with, full-width (CJK) characters as 1 em, characters
    /// beyond the Basic Multilingual Plane (emoji) as 1.3 em, and anything else as 1.4 em (Cyrillic Щ is 1.33).
    /// </summary>
    public static double SansWidth(string text, double fontSize)
    {
        int hundredths = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                hundredths += 130;
                i++;
            }
            else if (c is >= ' ' and <= '~') hundredths += AsciiWidths[c - ' '];
            else if (c is >= '\u00C0' and <= '\u017F' && !WiderThanTheirBase.Contains(c, StringComparison.Ordinal))
                foreach (char letter in PixelFont.ToAscii(c.ToString())) hundredths += AsciiWidths[letter - ' '];
            else hundredths += IsFullWidth(c) ? 100 : 140;
        }
        return hundredths / 100.0 * fontSize * 1.05;
    }

    /// <summary>Advance widths of U+0020 to U+007E in hundredths of an em: DejaVu Sans Bold's, rounded up.</summary>
    private static ReadOnlySpan<byte> AsciiWidths =>
    [
        35, 46, 53, 84, 70, 101, 88, 31, 46, 46, 53, 84, 38, 42, 38, 37,   //  !"#$%&'()*+,-./
        70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 40, 40, 84, 84, 84, 59,    // 0123456789:;<=>?
        100, 78, 77, 74, 84, 69, 69, 83, 84, 38, 38, 78, 64, 100, 84, 86,  // @ABCDEFGHIJKLMNO
        74, 86, 78, 73, 69, 82, 78, 111, 78, 73, 73, 46, 37, 46, 84, 50,   // PQRSTUVWXYZ[\]^_
        50, 68, 72, 60, 72, 68, 44, 72, 72, 35, 35, 67, 35, 105, 72, 69,   // `abcdefghijklmno
        72, 72, 50, 60, 48, 72, 66, 93, 65, 66, 59, 72, 37, 72, 84,        // pqrstuvwxyz{|}~
    ];

    /// <summary>Characters of U+00C0–U+017F wider than the ASCII they are spelled with.</summary>
    private const string WiderThanTheirBase = "×÷ĦħľŀŁłŉ";

    /// <summary>Hangul, CJK, kana, Yi and full-width forms: one em in the fonts that have them.</summary>
    private static bool IsFullWidth(char c) =>
        c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3')
            or (>= '\uF900' and <= '\uFAFF') or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6');

    /// <summary>How many characters of <paramref name="text"/> fit, followed by <paramref name="suffix"/>; at least one, and never half a surrogate pair.</summary>
    private static int Fit(string text, double maxWidth, Func<string, double> width, string suffix)
    {
        int fits = 0;
        for (int length = 1; length <= text.Length; length++)
        {
            if (length < text.Length && char.IsHighSurrogate(text[length - 1])) continue;
            if (width(text[..length] + suffix) > maxWidth) break;
            fits = length;
        }
        if (fits > 0) return fits;
        return text.Length > 1 && char.IsHighSurrogate(text[0]) ? 2 : 1;
    }
}
