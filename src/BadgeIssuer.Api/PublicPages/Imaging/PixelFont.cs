// A 5×8 pixel font for the drawn badge pictures, designed for this service: the 95 printable ASCII characters,
// U+0020 to U+007E. Capitals, digits and ascenders are 7 rows high and stand on the baseline under row 6; row 7
// holds the descenders (g j p q y , ;) and the underscore. Other text is first spelled in ASCII (ToAscii): letters
// of Latin-1 and Latin Extended-A (Unicode U+00C0–U+017F) as their base letters, ligatures as two letters,
// typographic quotes, dashes and the ellipsis as their ASCII forms, anything else as '?'.
using System.Text;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>The pixel font of drawn badge pictures, and how characters outside ASCII fall back to it.</summary>
internal static class PixelFont
{
    /// <summary>Columns per glyph.</summary>
    public const int Width = 5;

    /// <summary>Rows per glyph, the descender row included.</summary>
    public const int Height = 8;

    private const char First = ' ', Last = '~';
    private const int PerStrip = 16;

    /// <summary>
    /// The glyph sheet: strips of 16 characters in code order, each strip 8 rows, each glyph 5 columns of '#' (ink)
    /// or '.', glyphs one space apart.
    /// </summary>
    private static readonly string[] Sheet =
    [
        // sp    !     "     #     $     %     &     '     (     )     *     +     ,     -     .     /
        "..... ..#.. .#.#. .#.#. ..#.. ##... .##.. ..#.. ...#. .#... ..... ..... ..... ..... ..... ....#",
        "..... ..#.. .#.#. .#.#. .#### ##..# #..#. ..#.. ..#.. ..#.. ..#.. ..#.. ..... ..... ..... ....#",
        "..... ..#.. .#.#. ##### #.#.. ...#. #.#.. .#... .#... ...#. #.#.# ..#.. ..... ..... ..... ...#.",
        "..... ..#.. ..... .#.#. .###. ..#.. .#... ..... .#... ...#. .###. ##### ..... ##### ..... ..#..",
        "..... ..#.. ..... ##### ..#.# .#... #.#.# ..... .#... ...#. #.#.# ..#.. ..... ..... ..... .#...",
        "..... ..... ..... .#.#. ####. #..## #..#. ..... ..#.. ..#.. ..#.. ..#.. .##.. ..... .##.. #....",
        "..... ..#.. ..... .#.#. ..#.. ...## .##.# ..... ...#. .#... ..... ..... ..#.. ..... .##.. #....",
        "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .#... ..... ..... .....",
        // 0     1     2     3     4     5     6     7     8     9     :     ;     <     =     >     ?
        ".###. ..#.. .###. ##### ...#. ##### ..##. ##### .###. .###. ..... ..... ...#. ..... .#... .###.",
        "#...# .##.. #...# ...#. ..##. #.... .#... ....# #...# #...# .##.. .##.. ..#.. ..... ..#.. #...#",
        "#..## ..#.. ....# ..#.. .#.#. ####. #.... ...#. #...# #...# .##.. .##.. .#... ##### ...#. ....#",
        "#.#.# ..#.. ...#. ...#. #..#. ....# ####. ..#.. .###. .#### ..... ..... #.... ..... ....# ...#.",
        "##..# ..#.. ..#.. ....# ##### ....# #...# .#... #...# ....# .##.. .##.. .#... ##### ...#. ..#..",
        "#...# ..#.. .#... #...# ...#. #...# #...# .#... #...# ...#. .##.. ..#.. ..#.. ..... ..#.. .....",
        ".###. .###. ##### .###. ...#. .###. .###. .#... .###. .##.. ..... .#... ...#. ..... .#... ..#..",
        "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....",
        // @     A     B     C     D     E     F     G     H     I     J     K     L     M     N     O
        ".###. .###. ####. .###. ####. ##### ##### .###. #...# .###. ..### #...# #.... #...# #...# .###.",
        "#...# #...# #...# #...# #...# #.... #.... #...# #...# ..#.. ...#. #..#. #.... ##.## #...# #...#",
        "#.### #...# #...# #.... #...# #.... #.... #.... #...# ..#.. ...#. #.#.. #.... #.#.# ##..# #...#",
        "#.#.# ##### ####. #.... #...# ####. ####. #.### ##### ..#.. ...#. ##... #.... #.#.# #.#.# #...#",
        "#.### #...# #...# #.... #...# #.... #.... #...# #...# ..#.. ...#. #.#.. #.... #...# #..## #...#",
        "#.... #...# #...# #...# #...# #.... #.... #...# #...# ..#.. #..#. #..#. #.... #...# #...# #...#",
        ".#### #...# ####. .###. ####. ##### #.... .#### #...# .###. .##.. #...# ##### #...# #...# .###.",
        "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... .....",
        // P     Q     R     S     T     U     V     W     X     Y     Z     [     \     ]     ^     _
        "####. .###. ####. .#### ##### #...# #...# #...# #...# #...# ##### .###. #.... .###. ..#.. .....",
        "#...# #...# #...# #.... ..#.. #...# #...# #...# #...# #...# ....# .#... #.... ...#. .#.#. .....",
        "#...# #...# #...# #.... ..#.. #...# #...# #...# .#.#. .#.#. ...#. .#... .#... ...#. #...# .....",
        "####. #...# ####. .###. ..#.. #...# #...# #.#.# ..#.. ..#.. ..#.. .#... ..#.. ...#. ..... .....",
        "#.... #.#.# #.#.. ....# ..#.. #...# #...# #.#.# .#.#. ..#.. .#... .#... ...#. ...#. ..... .....",
        "#.... #..#. #..#. ....# ..#.. #...# .#.#. #.#.# #...# ..#.. #.... .#... ....# ...#. ..... .....",
        "#.... .##.# #...# ####. ..#.. .###. ..#.. .#.#. #...# ..#.. ##### .###. ....# .###. ..... .....",
        "..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... ..... #####",
        // `     a     b     c     d     e     f     g     h     i     j     k     l     m     n     o
        ".#... ..... #.... ..... ....# ..... ..##. ..... #.... ..#.. ...#. #.... .##.. ..... ..... .....",
        "..#.. ..... #.... ..... ....# ..... .#..# ..... #.... ..... ..... #.... ..#.. ..... ..... .....",
        "...#. .###. ####. .###. .#### .###. .#... .#### #.##. .##.. ..##. #..#. ..#.. ##.#. #.##. .###.",
        "..... ....# #...# #.... #...# #...# ###.. #...# ##..# ..#.. ...#. #.#.. ..#.. #.#.# ##..# #...#",
        "..... .#### #...# #.... #...# ##### .#... #...# #...# ..#.. ...#. ##... ..#.. #.#.# #...# #...#",
        "..... #...# #...# #...# #...# #.... .#... .#### #...# ..#.. ...#. #.#.. ..#.. #.#.# #...# #...#",
        "..... .#### ####. .###. .#### .###. .#... ....# #...# .###. #..#. #..#. .###. #.#.# #...# .###.",
        "..... ..... ..... ..... ..... ..... ..... .###. ..... ..... .##.. ..... ..... ..... ..... .....",
        // p     q     r     s     t     u     v     w     x     y     z     {     |     }     ~
        "..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ...## ..#.. ##... .....",
        "..... ..... ..... ..... .#... ..... ..... ..... ..... ..... ..... ..#.. ..#.. ..#.. .....",
        "####. .#### #.##. .#### ###.. #...# #...# #...# #...# #...# ##### ..#.. ..#.. ..#.. .#...",
        "#...# #...# ##..# #.... .#... #...# #...# #...# .#.#. #...# ...#. .#... ..#.. ...#. #.#.#",
        "#...# #...# #.... .###. .#... #...# #...# #.#.# ..#.. #...# ..#.. ..#.. ..#.. ..#.. ...#.",
        "####. .#### #.... ....# .#..# #..## .#.#. #.#.# .#.#. .#### .#... ..#.. ..#.. ..#.. .....",
        "#.... ....# #.... ####. ..##. .##.# ..#.. .#.#. #...# ....# ##### ...## ..#.. ##... .....",
        "#.... ....# ..... ..... ..... ..... ..... ..... ..... .###. ..... ..... ..... ..... .....",
    ];

    /// <summary>The base letter of each of U+00C0–U+017F; '?' marks the ones <see cref="Expansions"/> spells out.</summary>
    private const string LatinBase =
        "AAAAAA?CEEEEIIII" + // U+00C0 ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ
        "DNOOOOOxOUUUUY??" + // U+00D0 ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß
        "aaaaaa?ceeeeiiii" + // U+00E0 àáâãäåæçèéêëìíîï
        "dnooooo/ouuuuy?y" + // U+00F0 ðñòóôõö÷øùúûüýþÿ
        "AaAaAaCcCcCcCcDd" + // U+0100 ĀāĂăĄąĆćĈĉĊċČčĎď
        "DdEeEeEeEeEeGgGg" + // U+0110 ĐđĒēĔĕĖėĘęĚěĜĝĞğ
        "GgGgHhHhIiIiIiIi" + // U+0120 ĠġĢģĤĥĦħĨĩĪīĬĭĮį
        "Ii??JjKkkLlLlLlL" + // U+0130 İıĲĳĴĵĶķĸĹĺĻļĽľĿ
        "lLlNnNnNnnNnOoOo" + // U+0140 ŀŁłŃńŅņŇňŉŊŋŌōŎŏ
        "Oo??RrRrRrSsSsSs" + // U+0150 ŐőŒœŔŕŖŗŘřŚśŜŝŞş
        "SsTtTtTtUuUuUuUu" + // U+0160 ŠšŢţŤťŦŧŨũŪūŬŭŮů
        "UuUuWwYyYZzZzZzs";  // U+0170 ŰűŲųŴŵŶŷŸŹźŻżŽžſ

    /// <summary>Characters spelled with more than one ASCII character.</summary>
    private static readonly Dictionary<char, string> Expansions = new()
    {
        ['Æ'] = "AE",
        ['æ'] = "ae",
        ['Œ'] = "OE",
        ['œ'] = "oe",
        ['Ĳ'] = "IJ",
        ['ĳ'] = "ij",
        ['Þ'] = "Th",
        ['þ'] = "th",
        ['ß'] = "ss",
        ['…'] = "...",
    };

    /// <summary>Each glyph's rows, the leftmost column in bit 4.</summary>
    private static readonly byte[][] Glyphs = ParseSheet();

    /// <summary>True when the glyph of <paramref name="c"/> (printable ASCII; anything else draws as '?') has ink at <paramref name="column"/>, <paramref name="row"/>.</summary>
    public static bool Ink(char c, int column, int row)
    {
        byte[] rows = Glyphs[(c is >= First and <= Last ? c : '?') - First];
        return ((rows[row] >> (Width - 1 - column)) & 1) != 0;
    }

    /// <summary><paramref name="text"/> in printable ASCII, spelled as the file header says; whitespace and controls become spaces.</summary>
    public static string ToAscii(string text)
    {
        StringBuilder ascii = new(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= First and <= Last) ascii.Append(c);
            else if (char.IsWhiteSpace(c) || char.IsControl(c)) ascii.Append(' ');
            else if (c is >= '\u0300' and <= '\u036F') continue; // a combining mark: its base letter stands alone
            else if (Expansions.TryGetValue(c, out string? letters)) ascii.Append(letters);
            else if (c is >= '\u00C0' and <= '\u017F') ascii.Append(LatinBase[c - '\u00C0']);
            else
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                ascii.Append(c switch
                {
                    '\u2018' or '\u2019' or '\u201A' => '\'',
                    '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' => '"',
                    >= '\u2010' and <= '\u2015' => '-',
                    _ => '?',
                });
            }
        }
        return ascii.ToString();
    }

    private static byte[][] ParseSheet()
    {
        byte[][] glyphs = new byte[Last - First + 1][];
        for (int index = 0; index < glyphs.Length; index++)
        {
            glyphs[index] = new byte[Height];
            for (int row = 0; row < Height; row++)
            {
                string line = Sheet[index / PerStrip * Height + row];
                for (int column = 0; column < Width; column++)
                    if (line[index % PerStrip * (Width + 1) + column] == '#') glyphs[index][row] |= (byte)(1 << (Width - 1 - column));
            }
        }
        return glyphs;
    }
}
