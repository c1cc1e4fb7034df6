// Line breaking for the drawn badge pictures: greedy, at spaces, in at most a given number of lines of at most a given
// width; a word wider than a line is broken where it overflows, and text beyond the last line is cut and ends in an
// ellipsis. Widths of SVG text are estimated from above with the advance widths of DejaVu Sans Bold, the widest face
// that system-ui and sans-serif commonly resolve to (Arial, Helvetica, Segoe UI, Roboto and Cantarell are narrower).
using System.Text;

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
    /// advance widths of <see cref="BadgeFont"/>, 5 % more for other faces and hinting. Characters that face lacks count
    /// as the faces that have them draw them: full-width (CJK) characters as 1 em, characters beyond the Basic
    /// Multilingual Plane (emoji) as 1.3 em, anything else as 1.4 em.
    /// </summary>
    public static double SansWidth(string text, double fontSize)
    {
        double ems = 0;
        foreach (Rune rune in text.EnumerateRunes())
            ems += BadgeFont.EmAdvance(rune) ?? (!rune.IsBmp ? 1.3 : IsFullWidth((char)rune.Value) ? 1 : 1.4);
        return ems * fontSize * 1.05;
    }

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
