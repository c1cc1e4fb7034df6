// ISO/IEC 18004:2015 QR Code, model 2: byte mode (§7.4.5), error correction level M, versions 1–15 (§6.3.2) with
// their blocks (§7.5.1, Table 9), Reed–Solomon over GF(256) with the polynomial 0x11D (§7.5.2), the eight data masks
// and their penalty rules (§7.8.2–7.8.3), format information BCH(15,5) (§7.9) and version information BCH(18,6)
// (§7.10); the quiet zone (§6.3.8) in the SVG. Version 15 holds 412 bytes, enough for any badge page URL.
using System.Globalization;
using System.Text;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>A QR Code symbol: a square of dark and light modules.</summary>
public sealed class QrCode
{
    /// <summary>Error correction level M, per version 1–15: codewords per block, and the blocks' data codewords.</summary>
    private static readonly (int Ec, int[] Blocks)[] LevelM =
    [
        (10, [16]), (16, [28]), (26, [44]), (18, [32, 32]), (24, [43, 43]),
        (16, [27, 27, 27, 27]), (18, [31, 31, 31, 31]), (22, [38, 38, 39, 39]), (22, [36, 36, 36, 37, 37]),
        (26, [43, 43, 43, 43, 44]), (30, [50, 51, 51, 51, 51]), (22, [36, 36, 36, 36, 36, 36, 37, 37]),
        (22, [37, 37, 37, 37, 37, 37, 37, 37, 38]), (24, [40, 40, 40, 40, 41, 41, 41, 41, 41]),
        (24, [41, 41, 41, 41, 41, 42, 42, 42, 42, 42]),
    ];

    private static readonly int[][] AlignmentCentres =
    [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
        [6, 30, 54], [6, 32, 58], [6, 34, 62], [6, 26, 46, 66], [6, 26, 48, 70],
    ];

    private readonly bool[,] _dark;
    private readonly bool[,] _function;

    /// <summary>The version (1–15).</summary>
    public int Version { get; }

    /// <summary>The mask pattern applied (0–7).</summary>
    public int Mask { get; }

    /// <summary>Modules per side.</summary>
    public int Size { get; }

    /// <summary>True when the module in column <paramref name="x"/>, row <paramref name="y"/> (from the top left, 0 to <see cref="Size"/> − 1) is dark.</summary>
    public bool this[int x, int y]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(x);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Size);
            ArgumentOutOfRangeException.ThrowIfNegative(y);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Size);
            return _dark[y, x];
        }
    }

    private QrCode(int version, byte[] codewords, int? mask)
    {
        Version = version;
        Size = 17 + 4 * version;
        _dark = new bool[Size, Size];
        _function = new bool[Size, Size];
        DrawFunctionPatterns();
        PlaceData(codewords);
        Mask = mask ?? Enumerable.Range(0, 8).MinBy(m =>
        {
            ApplyMask(m);
            DrawFormat(m);
            int penalty = Penalty().Total;
            ApplyMask(m);
            return penalty;
        });
        ApplyMask(Mask);
        DrawFormat(Mask);
    }

    /// <summary>
    /// Encodes <paramref name="text"/> (UTF-8, byte mode, level M) in the smallest version that holds it, with the mask
    /// of the lowest penalty. Throws <see cref="ArgumentException"/> when the text is over 412 bytes in UTF-8.
    /// </summary>
    public static QrCode Encode(string text) => Encode(text, mask: null);

    /// <summary>Encodes with a fixed mask pattern, or the one with the lowest penalty when <paramref name="mask"/> is null.</summary>
    internal static QrCode Encode(string text, int? mask)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (mask is { } fixedMask)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fixedMask, nameof(mask));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(fixedMask, 7, nameof(mask));
        }
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        for (int version = 1; version <= LevelM.Length; version++)
        {
            int countBits = version < 10 ? 8 : 16;
            int capacity = LevelM[version - 1].Blocks.Sum();
            if (4 + countBits + 8 * bytes.Length <= capacity * 8)
                return new QrCode(version, Codewords(bytes, version, countBits, capacity), mask);
        }
        int most = (LevelM[^1].Blocks.Sum() * 8 - 4 - 16) / 8;
        throw new ArgumentException($"The text is {bytes.Length} bytes in UTF-8; a QR code of version {LevelM.Length} at level M holds at most {most}.", nameof(text));
    }

    /// <summary>
    /// The symbol as a compact SVG: the dark modules as one path of horizontal runs on white, inside a quiet zone of
    /// <paramref name="quietZone"/> modules, <paramref name="moduleSize"/> pixels per module; <c>role="img"</c> with
    /// <paramref name="label"/> as its <c>aria-label</c> and &lt;title&gt;.
    /// </summary>
    public string ToSvg(string label, int moduleSize = 4, int quietZone = 4)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentOutOfRangeException.ThrowIfLessThan(moduleSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(quietZone);
        StringBuilder path = new();
        for (int y = 0; y < Size; y++)
        {
            int x = 0;
            while (x < Size)
            {
                int run = 0;
                while (x + run < Size && _dark[y, x + run]) run++;
                if (run > 0) path.Append(CultureInfo.InvariantCulture, $"M{x + quietZone} {y + quietZone}h{run}v1h-{run}z");
                x += Math.Max(run, 1);
            }
        }
        int side = Size + 2 * quietZone;
        string name = XmlText.Escape(label);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{side * moduleSize}\" height=\"{side * moduleSize}\" viewBox=\"0 0 {side} {side}\" "
            + $"role=\"img\" aria-label=\"{name}\" shape-rendering=\"crispEdges\"><title>{name}</title>"
            + $"<rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>";
    }

    /// <summary>§7.4: mode, count, data, terminator, padding; then §7.5–7.6: Reed–Solomon per block, interleaved.</summary>
    private static byte[] Codewords(byte[] data, int version, int countBits, int capacity)
    {
        List<bool> bits = [];
        void Append(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--) bits.Add(((value >> i) & 1) != 0);
        }
        Append(0b0100, 4);
        Append(data.Length, countBits);
        foreach (byte b in data) Append(b, 8);
        Append(0, Math.Min(4, capacity * 8 - bits.Count));
        Append(0, (8 - bits.Count % 8) % 8);
        byte[] padded = new byte[capacity];
        for (int i = 0; i < bits.Count; i++)
            if (bits[i]) padded[i >> 3] |= (byte)(0x80 >> (i & 7));
        for (int i = bits.Count / 8, pad = 0; i < capacity; i++, pad++) padded[i] = pad % 2 == 0 ? (byte)0xEC : (byte)0x11;

        (int ec, int[] blocks) = LevelM[version - 1];
        byte[] generator = ReedSolomon.Generator(ec);
        List<byte[]> dataBlocks = [];
        List<byte[]> ecBlocks = [];
        int offset = 0;
        foreach (int length in blocks)
        {
            byte[] block = padded[offset..(offset + length)];
            offset += length;
            dataBlocks.Add(block);
            ecBlocks.Add(ReedSolomon.Remainder(block, generator));
        }
        List<byte> result = [];
        for (int i = 0; i < blocks.Max(); i++)
            foreach (byte[] block in dataBlocks)
                if (i < block.Length) result.Add(block[i]);
        for (int i = 0; i < ec; i++)
            foreach (byte[] block in ecBlocks) result.Add(block[i]);
        return [.. result];
    }

    private void Set(int x, int y, bool dark)
    {
        _dark[y, x] = dark;
        _function[y, x] = true;
    }

    /// <summary>§6.3: finder patterns and separators, timing patterns, alignment patterns, reserved format and version areas.</summary>
    private void DrawFunctionPatterns()
    {
        for (int i = 0; i < Size; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }
        foreach ((int cx, int cy) in new[] { (3, 3), (Size - 4, 3), (3, Size - 4) })
            for (int dy = -4; dy <= 4; dy++)
                for (int dx = -4; dx <= 4; dx++)
                {
                    int x = cx + dx, y = cy + dy;
                    if (x < 0 || y < 0 || x >= Size || y >= Size) continue;
                    int distance = Math.Max(Math.Abs(dx), Math.Abs(dy));
                    Set(x, y, distance is not (2 or 4));
                }
        int[] centres = AlignmentCentres[Version - 1];
        int last = centres.Length - 1;
        for (int i = 0; i < centres.Length; i++)
            for (int j = 0; j < centres.Length; j++)
            {
                if ((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) continue;
                int cx = centres[j], cy = centres[i];
                for (int dy = -2; dy <= 2; dy++)
                    for (int dx = -2; dx <= 2; dx++)
                        Set(cx + dx, cy + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
            }
        DrawFormat(0);
        if (Version >= 7)
        {
            int bits = Version << 12 | Bch(Version, 0x1F25, 12);
            for (int i = 0; i < 18; i++)
            {
                bool dark = ((bits >> i) & 1) != 0;
                Set(Size - 11 + i % 3, i / 3, dark);
                Set(i / 3, Size - 11 + i % 3, dark);
            }
        }
    }

    /// <summary>§7.9: level M (00) and the mask, BCH(15,5), XOR 0x5412, in both copies; and the dark module.</summary>
    private void DrawFormat(int mask)
    {
        int bits = (mask << 10 | Bch(mask, 0x537, 10)) ^ 0x5412;
        bool Bit(int i) => ((bits >> i) & 1) != 0;
        for (int i = 0; i <= 5; i++) Set(8, i, Bit(i));
        Set(8, 7, Bit(6));
        Set(8, 8, Bit(7));
        Set(7, 8, Bit(8));
        for (int i = 9; i < 15; i++) Set(14 - i, 8, Bit(i));
        for (int i = 0; i < 8; i++) Set(Size - 1 - i, 8, Bit(i));
        for (int i = 8; i < 15; i++) Set(8, Size - 15 + i, Bit(i));
        Set(8, Size - 8, true);
    }

    /// <summary>The BCH remainder of <paramref name="value"/> shifted by <paramref name="degree"/> modulo <paramref name="generator"/>.</summary>
    private static int Bch(int value, int generator, int degree)
    {
        int remainder = value << degree;
        for (int bit = 31 - int.LeadingZeroCount(remainder); bit >= degree; bit--)
            if (((remainder >> bit) & 1) != 0) remainder ^= generator << (bit - degree);
        return remainder;
    }

    /// <summary>§7.7.3: codeword bits in two-module columns, zig-zagging up and down from the bottom right, skipping column 6.</summary>
    private void PlaceData(byte[] codewords)
    {
        int i = 0;
        for (int right = Size - 1; right >= 1; right -= 2)
        {
            if (right == 6) right = 5;
            bool upward = ((right + 1) & 2) == 0;
            for (int step = 0; step < Size; step++)
            {
                int y = upward ? Size - 1 - step : step;
                for (int j = 0; j < 2; j++)
                {
                    int x = right - j;
                    if (_function[y, x]) continue;
                    _dark[y, x] = i < codewords.Length * 8 && ((codewords[i >> 3] >> (7 - (i & 7))) & 1) != 0;
                    i++;
                }
            }
        }
    }

    /// <summary>§7.8.2, Table 10: flips the non-function modules the mask selects (applying it twice undoes it).</summary>
    private void ApplyMask(int mask)
    {
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                if (_function[y, x]) continue;
                bool flip = mask switch
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
                if (flip) _dark[y, x] = !_dark[y, x];
            }
    }

    /// <summary>
    /// §7.8.3, Table 11, over the whole symbol with its format information: runs of five or more (N1 = 3, plus one per
    /// module beyond five), 2×2 blocks (N2 = 3), 1:1:3:1:1 finder-like patterns with four light modules on one side
    /// (N3 = 40), and 10 points per full 5 % the dark share deviates from 50 % (N4 = 10).
    /// </summary>
    internal MaskPenalty Penalty()
    {
        int runs = 0, finderLike = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            bool horizontal = pass == 0;
            bool At(int line, int i) => horizontal ? _dark[line, i] : _dark[i, line];
            for (int line = 0; line < Size; line++)
            {
                int run = 1;
                for (int i = 1; i <= Size; i++)
                {
                    if (i < Size && At(line, i) == At(line, i - 1))
                    {
                        run++;
                        continue;
                    }
                    if (run >= 5) runs += run - 2;
                    run = 1;
                }
                for (int i = 0; i + 11 <= Size; i++)
                {
                    bool lightBefore = !At(line, i) && !At(line, i + 1) && !At(line, i + 2) && !At(line, i + 3);
                    bool patternAfter = At(line, i + 4) && !At(line, i + 5) && At(line, i + 6) && At(line, i + 7) && At(line, i + 8) && !At(line, i + 9) && At(line, i + 10);
                    bool patternBefore = At(line, i) && !At(line, i + 1) && At(line, i + 2) && At(line, i + 3) && At(line, i + 4) && !At(line, i + 5) && At(line, i + 6);
                    bool lightAfter = !At(line, i + 7) && !At(line, i + 8) && !At(line, i + 9) && !At(line, i + 10);
                    if (lightBefore && patternAfter) finderLike += 40;
                    if (patternBefore && lightAfter) finderLike += 40;
                }
            }
        }
        int blocks = 0, dark = 0;
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
            {
                if (_dark[y, x]) dark++;
                if (x + 1 < Size && y + 1 < Size && _dark[y, x] == _dark[y, x + 1] && _dark[y, x] == _dark[y + 1, x] && _dark[y, x] == _dark[y + 1, x + 1]) blocks += 3;
            }
        int total = Size * Size;
        // k = ⌊|dark × 100 / total − 50| / 5⌋, in integers: |20 × dark − 10 × total| / total.
        return new MaskPenalty(runs, blocks, finderLike, 10 * (Math.Abs(dark * 20 - total * 10) / total));
    }
}

/// <summary>The four penalty scores of a masked symbol (ISO/IEC 18004 §7.8.3, Table 11); the lowest total wins.</summary>
internal readonly record struct MaskPenalty(int Runs, int Blocks, int FinderLike, int Balance)
{
    public int Total => Runs + Blocks + FinderLike + Balance;
}
