// The claim page's "Add with an OpenID4VCI wallet" button posts here (a plain form: no script needed). The answer is a
// page with the credential offer by reference (OpenID4VCI 1.0 §4.1.3) as a QR code for a wallet on a phone and as a
// link for a wallet on this device, and the tx_code (§4.1.1) the wallet will ask for. It holds a one-time code, so it is
// never cached, and each post makes a new offer.
using System.Globalization;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Api.PublicPages.Imaging;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Claims.Oid4Vci;
using BadgeIssuer.Core.Configuration;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.Oid4Vci;

/// <summary><c>POST /claim/{token}/oid4vci</c>: a fresh credential offer for the award the claim token opens, as a page.</summary>
public static class Oid4VciOfferPage
{
    public static void MapOid4VciOfferPage(this IEndpointRouteBuilder app)
    {
        app.MapPost("/claim/{token}/oid4vci", PostAsync)
            .WithTags("Public pages").WithName("Oid4VciOfferPage").RequireOid4VciLimits().HasSecretInPath()
            .WithSummary("Make an OpenID4VCI credential offer for the badge the claim token opens and show it as a page: a QR code and link for the wallet and the transaction code (valid 10 minutes)")
            .Produces<string>(StatusCodes.Status200OK, "text/html").Produces<string>(StatusCodes.Status404NotFound, "text/html").Produces<string>(StatusCodes.Status410Gone, "text/html")
            .WithProblems(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery();
    }

    private static async Task<IResult> PostAsync(string token, HttpContext http, Oid4VciService oid4vci, PublicUrls urls)
    {
        ClaimPage.Private(http);
        Outcome<CredentialOfferMade> outcome = await oid4vci.OfferAsync(token, http.RequestAborted);
        return outcome switch
        {
            Done<CredentialOfferMade> { Value: var offer } => Results.Text(Render(offer, urls.Claim(token)), MediaType),
            NotFound<CredentialOfferMade> notFound => Results.Text(ClaimPage.Refused("This claim link does not work", notFound.Detail), MediaType, statusCode: StatusCodes.Status404NotFound),
            Conflict<CredentialOfferMade> revoked => Results.Text(ClaimPage.Refused("This badge can no longer be claimed", revoked.Detail), MediaType, statusCode: StatusCodes.Status410Gone),
            _ => throw new InvalidOperationException($"Unmapped outcome {outcome.GetType().Name}."),
        };
    }

    private static string Render(CredentialOfferMade offer, string claimUrl)
    {
        BadgeView badge = BadgeView.From(JsonNode.Parse(offer.Award.CredentialJson) as JsonObject ?? []);
        string qr = QrCode.Encode(offer.OfferUri).ToSvg("QR code of the credential offer: scan it with your wallet app");
        string expires = offer.ExpiresAt.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
        string main = $"""
            <h1>Add “{E(badge.AchievementName)}” with an OpenID4VCI wallet</h1>
            <p>Issued by {E(badge.IssuerName)}. This offer works once, until {E(expires)}.</p>
            <h2 id="step-scan">1. Open the offer in your wallet</h2>
            <figure class="qr">{qr}<figcaption>Scan this code with your wallet app.</figcaption></figure>
            <p>Wallet on this device? <a href="{E(offer.OfferUri)}">Open the offer in your wallet app</a>.</p>
            <label for="offer-uri">Or copy the offer into your wallet</label>
            <input type="text" id="offer-uri" readonly value="{E(offer.OfferUri)}" aria-describedby="offer-hint">
            <p class="hint" id="offer-hint">Anyone with this offer and the code below can take the badge: do not share them.</p>
            <h2 id="step-code">2. Enter the transaction code</h2>
            <p>When your wallet asks for it, enter this code:</p>
            <p><strong>{E(offer.TxCode)}</strong></p>
            <p class="hint">After five wrong codes the offer stops working; come back to <a href="{E(claimUrl)}">the claim page</a> for a new one.</p>
            """;
        return Page($"Add with an OpenID4VCI wallet — {badge.AchievementName}", "<meta name=\"robots\" content=\"noindex, nofollow\">", main);
    }
}
