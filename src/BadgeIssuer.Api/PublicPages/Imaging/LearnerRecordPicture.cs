// The picture of a learner record (CLR 2.0), the image its signed ClrCredential is baked into: a card in the badge
// pictures' colours (an amber frame around a deep-blue card with rounded corners), read top to bottom as "Learner
// record", the record's name, the issuer's and how many credentials it holds. A 256×256 RGBA PNG drawn by Skia in
// BadgeFont and written by PngEncoder, as BadgePicture draws badges: the name in up to 4 lines at 16 px, the rest at
// 12 px. Text colours on the card, WCAG 2.2 SC 1.4.3 (AA asks 4.5:1): white 10.4:1, amber-200 #FDE68A 8.3:1.
using SkiaSharp;

namespace BadgeIssuer.Api.PublicPages.Imaging;

/// <summary>Draws the picture of a learner record: its name, its issuer and the number of credentials it holds.</summary>
public static class LearnerRecordPicture
{
    /// <summary>The picture's width and height in pixels, as a badge picture's.</summary>
    public const int Side = BadgePicture.Side;

    /// <summary>The amber frame's distance from the picture's edge, and the blue card's from the frame's outer edge.</summary>
    internal const int Frame = 6, Inset = 10;

    private const int Corner = 22;

    // Lines of 16 px text are 19 px apart and of 12 px text 14 px (BadgePicture): the label, 4 name lines, 2 issuer
    // lines and the count with three 10 px gaps are 14 + 76 + 28 + 14 + 30 = 162 px high, within the card's 224.
    private const int NameSize = 16, SmallSize = 12, NameLeading = BadgePicture.PngNameLeading, SmallLeading = BadgePicture.PngIssuerLeading;
    private const int NameLines = 4, IssuerLines = 2, Gap = 10;
    private const float TextWidth = 196;

    /// <summary>
    /// The picture as a PNG, 256×256 RGBA: <paramref name="holds"/> says how many credentials the record holds ("5
    /// credentials"); the same texts give the same bytes.
    /// </summary>
    public static byte[] Png(string recordName, string issuerName, string holds)
    {
        ArgumentNullException.ThrowIfNull(recordName);
        ArgumentNullException.ThrowIfNull(issuerName);
        ArgumentNullException.ThrowIfNull(holds);
        using SKFont nameFont = BadgeFont.At(NameSize), smallFont = BadgeFont.At(SmallSize);
        List<string> name = TextLayout.Wrap(BadgeFont.Drawable(recordName), TextWidth, NameLines, t => nameFont.MeasureText(t), "…");
        List<string> issuer = TextLayout.Wrap(BadgeFont.Drawable(issuerName), TextWidth, IssuerLines, t => smallFont.MeasureText(t), "…");
        List<string> count = TextLayout.Wrap(BadgeFont.Drawable(holds), TextWidth, 1, t => smallFont.MeasureText(t), "…");
        int height = SmallLeading + Gap + name.Count * NameLeading + Gap + issuer.Count * SmallLeading + Gap + SmallLeading;
        int top = BadgePicture.Centre - height / 2;

        return BadgePicture.Draw((canvas, paint) =>
        {
            canvas.DrawRoundRect(new SKRect(Frame, Frame, Side - Frame, Side - Frame), Corner, Corner, BadgePicture.Fill(paint, BadgePicture.Ring));
            canvas.DrawRoundRect(new SKRect(Inset + Frame, Inset + Frame, Side - Inset - Frame, Side - Inset - Frame), Corner - Inset, Corner - Inset, BadgePicture.Fill(paint, BadgePicture.Disc));
            int y = BadgePicture.DrawLines(canvas, ["Learner record"], top, SmallLeading, smallFont, BadgePicture.Fill(paint, BadgePicture.IssuerInk)) + Gap;
            y = BadgePicture.DrawLines(canvas, name, y, NameLeading, nameFont, BadgePicture.Fill(paint, BadgePicture.NameInk)) + Gap;
            y = BadgePicture.DrawLines(canvas, issuer, y, SmallLeading, smallFont, BadgePicture.Fill(paint, BadgePicture.IssuerInk)) + Gap;
            BadgePicture.DrawLines(canvas, count, y, SmallLeading, smallFont, BadgePicture.Fill(paint, BadgePicture.NameInk));
        });
    }
}
