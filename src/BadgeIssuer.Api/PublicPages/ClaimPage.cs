// The claim page (issue 15): where a learner takes a badge issued to their e-mail address. The link works without an
// account, so its URL is the capability: the page is never cached or indexed, and the site-wide Referrer-Policy
// (no-referrer) keeps the token out of the Referer of every link on it. Wallets: the Learner Credential Wallet through
// its deep link (GET /claim/{token}/lcw makes a DIDAuth exchange and redirects to the wallet), and OpenID4VCI wallets
// through a credential offer (POST /claim/{token}/oid4vci shows its QR code and transaction code); a QR code for LCW's
// own scanner is made by POST /claim/{token}/lcw, since it holds a one-time exchange. No script: the buttons are forms.
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Configuration;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET /claim/{token}</c>: the badge a claim link opens, and the ways to take it.</summary>
public static class ClaimPage
{
    /// <summary>
    /// The answer headers of the claim page and the pages its buttons lead to: the URL holds the token and the page may
    /// hold a one-time code, so nothing keeps or indexes it.
    /// </summary>
    internal static void Private(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    public static void MapClaimPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/claim/{token}", GetAsync).WithTags("Public pages").HasSecretInPath()
            .WithName("GetClaimPage")
            .WithSummary("The claim page of a claim link (links.claim of an award): the badge, its status, and the ways to take it into a wallet or download it")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html").Produces<string>(StatusCodes.Status410Gone, "text/html");
    }

    private static async Task<IResult> GetAsync(string token, HttpContext http, ClaimService claims, PublicUrls urls, TimeProvider time)
    {
        Private(http);
        Outcome<Award> outcome = await claims.OpenAsync(token, http.RequestAborted);
        return outcome switch
        {
            Done<Award> { Value: var award } => Results.Content(Render(award, token, urls, time.GetUtcNow()), MediaType, Encoding.UTF8),
            NotFound<Award> missing => Results.Content(Refused("This claim link does not work", missing.Detail), MediaType, Encoding.UTF8, StatusCodes.Status404NotFound),
            Conflict<Award> revoked => Results.Content(Refused("This badge can no longer be claimed", revoked.Detail), MediaType, Encoding.UTF8, StatusCodes.Status410Gone),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>The page of a claimable (or already claimed) award.</summary>
    internal static string Render(Award award, string token, PublicUrls urls, DateTimeOffset now)
    {
        BadgeView badge = BadgeView.From(JsonNode.Parse(award.CredentialJson)!.AsObject());
        string credentialUrl = urls.Credential(award.Id);
        string claimUrl = urls.Claim(token);
        string lcwUrl = claimUrl + "/lcw";
        string alt = $"Badge: {badge.AchievementName}, issued by {badge.IssuerName}";
        (string status, string css) = Status(award, now);

        StringBuilder main = new();
        main.Append($"""
            <article>
            <img class="badge" src="{E(credentialUrl)}.svg" alt="{E(alt)}" width="192" height="192">
            <h1>{E(badge.AchievementName)}</h1>
            <div class="verdict {css}" role="status"><strong>{E(status)}</strong></div>
            <dl class="facts">
            """);
        if (badge.RecipientName is not null) main.Append($"<dt>Awarded to</dt><dd>{E(badge.RecipientName)}</dd>");
        main.Append($"<dt>Issued by</dt><dd>{E(badge.IssuerName)}</dd>");
        main.Append($"<dt>Issued on</dt><dd>{E(BadgePage.Date(badge.ValidFrom))}</dd>");
        if (badge.ValidUntil is not null) main.Append($"<dt>Expires on</dt><dd>{E(BadgePage.Date(badge.ValidUntil))}</dd>");
        if (award.Holder is { } holder) main.Append($"<dt>Claimed on</dt><dd>{E(BadgePage.Date(holder.ClaimedAt))}</dd>");
        main.Append("</dl>");
        if (badge.Description is not null) main.Append($"<h2>About this badge</h2>{Markdown.ToHtml(badge.Description)}");

        if (award.Holder is null)
        {
            main.Append($"""
                <h2>Keep it in your wallet</h2>
                <p>A digital wallet keeps the badge under an identifier only you control, so you can share it without asking the issuer.</p>
                <h3>Learner Credential Wallet</h3>
                <ul class="actions"><li><a href="{E(lcwUrl)}">Add to Learner Credential Wallet</a></li></ul>
                <p class="hint">On your phone with the wallet installed, the link opens it. On a computer, show a code to scan with the wallet.</p>
                <form method="post" action="{E(lcwUrl)}"><button type="submit">Show a QR code for the wallet</button></form>
                <h3>Another wallet (OpenID4VCI)</h3>
                <form method="post" action="{E(claimUrl)}/oid4vci">
                <p>Wallets that support OpenID for Verifiable Credential Issuance scan a credential offer and ask for a short transaction code; both are shown on the next page.</p>
                <button type="submit">Show the credential offer</button>
                </form>
                """);
        }
        else
        {
            main.Append("<h2>In your wallet</h2><p>This badge was claimed into a wallet; its credential now names the wallet's identifier. It cannot be claimed into another wallet.</p>");
        }
        main.Append($"""
            <h2>Download and share</h2>
            <ul class="actions">
            <li><a href="{E(credentialUrl)}.png" download>Badge image (PNG)</a></li>
            <li><a href="{E(credentialUrl)}.svg" download>Badge image (SVG)</a></li>
            <li><a href="{E(credentialUrl)}.json" download>Credential (JSON)</a></li>
            <li><a href="{E(BadgePage.LinkedInUrl(badge, credentialUrl))}" rel="noopener">Add to LinkedIn profile</a></li>
            <li><a href="{E(credentialUrl)}">Public badge page</a></li>
            </ul>
            <p class="hint">The images carry the signed credential inside them: anyone can drop one on a verifier to check it.</p>
            </article>
            """);
        return Page($"Claim your badge: {badge.AchievementName}", """<meta name="robots" content="noindex, nofollow">""", main.ToString());
    }

    /// <summary>The page that says why a claim link does not open a badge (also after a wallet button on the claim page).</summary>
    internal static string Refused(string title, string detail) =>
        Page(title, """<meta name="robots" content="noindex, nofollow">""", $"""
            <article>
            <h1>{E(title)}</h1>
            <div class="verdict invalid" role="alert"><strong>{E(detail)}</strong></div>
            <p><a href="/verify">Verify a badge</a></p>
            </article>
            """);

    /// <summary>Where the award stands, in words, and the verdict style that shows it.</summary>
    private static (string Status, string CssClass) Status(Award award, DateTimeOffset now) => award switch
    {
        { Suspended: not null } => ("Suspended by its issuer for now", "invalid"),
        { ValidUntil: { } until } when until <= now => ("Expired", "invalid"),
        { Holder: not null } => ("Claimed", "valid"),
        _ => ("Ready to claim", "valid"),
    };
}
