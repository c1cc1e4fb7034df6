// A badge picture drawn by the service when an achievement has no image of its own: a round badge with the
// achievement's name and the issuer's, as SVG and as PNG (W3C PNG Third Edition: IHDR, IDAT of zlib-compressed
// filtered scanlines, IEND). White on deep blue is 10.4:1, well above WCAG 2.2 AA.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BadgeIssuer.Credentials.Baking;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Draws a badge picture showing the achievement's name and its issuer.</summary>
public static class BadgePicture
{
    /// <summary>The picture's width and height in pixels.</summary>
    public const int Side = 256;

    private const int NameLines = 3;
    private static readonly (byte R, byte G, byte B) Ring = (0xF5, 0x9E, 0x0B);
    private static readonly (byte R, byte G, byte B) Disc = (0x1E, 0x3A, 0x8A);

    /// <summary>The picture as an SVG document.</summary>
    public static string Svg(string achievementName, string issuerName)
    {
        ArgumentNullException.ThrowIfNull(achievementName);
        ArgumentNullException.ThrowIfNull(issuerName);
        IReadOnlyList<string> lines = Wrap(achievementName, 18, NameLines);
        IReadOnlyList<string> issuerLines = Wrap(issuerName, 26, 2);
        StringBuilder name = new();
        int first = 128 - (lines.Count - 1) * 12 - issuerLines.Count * 8;
        for (int i = 0; i < lines.Count; i++)
            name.Append($"<tspan x=\"128\" y=\"{first + i * 24}\">{E(lines[i])}</tspan>");
        StringBuilder issuer = new();
        for (int i = 0; i < issuerLines.Count; i++)
            issuer.Append($"<tspan x=\"128\" y=\"{first + lines.Count * 24 + 8 + i * 15}\">{E(issuerLines[i])}</tspan>");
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="256" height="256" role="img" aria-labelledby="badge-title"><title id="badge-title">{E($"Badge: {achievementName}, issued by {issuerName}")}</title><circle cx="128" cy="128" r="126" fill="#F59E0B"/><circle cx="128" cy="128" r="112" fill="#1E3A8A"/><text text-anchor="middle" font-family="system-ui, sans-serif" font-size="20" font-weight="700" fill="#FFFFFF">{name}</text><text text-anchor="middle" font-family="system-ui, sans-serif" font-size="12" fill="#FFFFFF">{issuer}</text></svg>
            """;
    }

    /// <summary>The picture as a PNG (256×256, RGBA), the text drawn in a built-in pixel font.</summary>
    public static byte[] Png(string achievementName, string issuerName)
    {
        ArgumentNullException.ThrowIfNull(achievementName);
        ArgumentNullException.ThrowIfNull(issuerName);
        byte[] rgba = new byte[Side * Side * 4];
        for (int y = 0; y < Side; y++)
            for (int x = 0; x < Side; x++)
            {
                double distance = Math.Sqrt(Math.Pow(x + 0.5 - Side / 2.0, 2) + Math.Pow(y + 0.5 - Side / 2.0, 2));
                if (distance <= 126) Fill(rgba, x, y, distance <= 112 ? Disc : Ring);
            }
        IReadOnlyList<string> lines = Wrap(achievementName, 14, NameLines + 1);
        IReadOnlyList<string> issuerLines = Wrap(issuerName, 28, 2);
        const int scale = 2, lineHeight = (PixelFont.Height + 3) * scale, issuerLineHeight = PixelFont.Height + 3;
        int top = Side / 2 - (lines.Count * lineHeight + 6 + issuerLines.Count * issuerLineHeight) / 2;
        for (int i = 0; i < lines.Count; i++) DrawText(rgba, lines[i], top + i * lineHeight, scale);
        for (int i = 0; i < issuerLines.Count; i++) DrawText(rgba, issuerLines[i], top + lines.Count * lineHeight + 6 + i * issuerLineHeight, 1);
        return Encode(Side, Side, rgba);
    }

    /// <summary>Encodes RGBA pixels (8 bits per channel, rows top to bottom) as a PNG, every row with filter type 0.</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba)
    {
        if (width <= 0 || height <= 0 || rgba.Length != width * height * 4)
            throw new ArgumentException($"Expected {width}×{height} RGBA pixels ({width * height * 4} bytes); found {rgba.Length}.", nameof(rgba));
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 6;
        using MemoryStream scanlines = new();
        using (ZLibStream zlib = new(scanlines, CompressionLevel.Optimal, leaveOpen: true))
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0);
                zlib.Write(rgba.Slice(y * width * 4, width * 4));
            }
        using MemoryStream png = new();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        PngBaking.WriteChunk(png, "IHDR", header);
        PngBaking.WriteChunk(png, "IDAT", scanlines.ToArray());
        PngBaking.WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Words in lines of at most <paramref name="width"/> characters; overlong words are cut, extra lines end in an ellipsis.</summary>
    internal static IReadOnlyList<string> Wrap(string text, int width, int maxLines)
    {
        List<string> lines = [];
        StringBuilder line = new();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string piece = word.Length > width ? word[..(width - 1)] + "…" : word;
            if (line.Length > 0 && line.Length + 1 + piece.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(piece);
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        if (lines.Count <= maxLines) return lines;
        string last = lines[maxLines - 1];
        lines = lines[..maxLines];
        lines[^1] = (last.Length >= width ? last[..(width - 1)] : last) + "…";
        return lines;
    }

    private static void DrawText(byte[] rgba, string text, int top, int scale)
    {
        int advance = (PixelFont.Width + 1) * scale;
        int left = (Side - (text.Length * advance - scale)) / 2;
        for (int c = 0; c < text.Length; c++)
        {
            byte[] rows = text[c] == '…' ? [0, 0, 0, 0, 0, 0, 0x15] : PixelFont.Glyph(text[c]);
            for (int row = 0; row < PixelFont.Height; row++)
                for (int column = 0; column < PixelFont.Width; column++)
                {
                    if (((rows[row] >> (PixelFont.Width - 1 - column)) & 1) == 0) continue;
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++)
                        {
                            int x = left + c * advance + column * scale + dx, y = top + row * scale + dy;
                            if (x is >= 0 and < Side && y is >= 0 and < Side) Fill(rgba, x, y, (0xFF, 0xFF, 0xFF));
                        }
                }
        }
    }

    private static void Fill(byte[] rgba, int x, int y, (byte R, byte G, byte B) colour)
    {
        int i = (y * Side + x) * 4;
        rgba[i] = colour.R;
        rgba[i + 1] = colour.G;
        rgba[i + 2] = colour.B;
        rgba[i + 3] = 0xFF;
    }
}
