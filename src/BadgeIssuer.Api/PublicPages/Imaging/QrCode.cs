// ISO/IEC 18004:2015 QR Code, model 2, encoded by QRCoder: byte mode (§7.4.5) holding the text as UTF-8 with no ECI
// header, error correction level M, the smallest version that holds it and the mask of the lowest penalty (§7.8.3).
// Capped at version 15 (§6.3.2; 412 bytes at level M), enough for any badge page URL; the quiet zone (§6.3.8) in the SVG.
using System.Globalization;
using System.Text;
using QRCoder;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>A QR Code symbol: a square of dark and light modules.</summary>
public sealed class QrCode
{
    /// <summary>The most bytes a version 15 symbol holds in byte mode at level M.</summary>
    public const int MaxBytes = 412;

    private readonly bool[,] _dark;

    /// <summary>The version (1–15).</summary>
    public int Version { get; }

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

    private QrCode(QRCodeData data)
    {
        Version = data.Version;
        Size = 17 + 4 * Version;
        // QRCoder's module matrix includes its own quiet zone; the SVG draws ours.
        int margin = (data.ModuleMatrix.Count - Size) / 2;
        _dark = new bool[Size, Size];
        for (int y = 0; y < Size; y++)
            for (int x = 0; x < Size; x++)
                _dark[y, x] = data.ModuleMatrix[y + margin][x + margin];
    }

    /// <summary>
    /// Encodes <paramref name="text"/> (UTF-8, byte mode, level M) in the smallest version that holds it, with the mask
    /// of the lowest penalty. Throws <see cref="ArgumentException"/> when the text is over <see cref="MaxBytes"/> bytes in UTF-8.
    /// </summary>
    public static QrCode Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > MaxBytes)
            throw new ArgumentException($"The text is {bytes.Length} bytes in UTF-8; a QR code of version 15 at level M holds at most {MaxBytes}.", nameof(text));
        using QRCodeData data = QRCodeGenerator.GenerateQrCode(bytes, QRCodeGenerator.ECCLevel.M);
        return new QrCode(data);
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
}
