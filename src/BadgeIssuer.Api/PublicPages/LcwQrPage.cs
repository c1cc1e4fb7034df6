// The page behind the claim page's "Show a QR code for the wallet" button: the Learner Credential Wallet's credential
// request for a fresh exchange, as a QR code of the app's own link (dccrequest://request?..., the only text LCW's
// in-app scanner takes; a phone's camera offers to open it in the installed app) and as links for a wallet on this
// device. The exchange works once, for ten minutes.
using System.Globalization;
using BadgeIssuer.Api.PublicPages.Imaging;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary>Renders the Learner Credential Wallet QR page.</summary>
internal static class LcwQrPage
{
    /// <summary>The page for the app link <paramref name="appLink"/> and the same request through LCW's web page <paramref name="webLink"/>.</summary>
    public static string Render(string appLink, string webLink, DateTimeOffset expiresAt)
    {
        string qr = QrCode.Encode(appLink).ToSvg("QR code that adds this badge to the Learner Credential Wallet");
        string expires = expiresAt.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string main = $"""
            <h1>Add the badge to the Learner Credential Wallet</h1>
            <p>In the wallet, choose to add a credential and scan this code. It works once, until {E(expires)}.</p>
            <figure class="qr">{qr}<figcaption>Scan with the Learner Credential Wallet, or with your phone's camera when the wallet is installed.</figcaption></figure>
            <p>Wallet on this device? <a href="{E(webLink)}">Open the request in the Learner Credential Wallet</a>.</p>
            <p class="hint">Anyone who scans this code before you can take the badge: do not share it.</p>
            """;
        return Page("Add to Learner Credential Wallet", "<meta name=\"robots\" content=\"noindex, nofollow\">", main);
    }
}
