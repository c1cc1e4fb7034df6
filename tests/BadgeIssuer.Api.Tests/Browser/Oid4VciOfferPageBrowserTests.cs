using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>
/// The OpenID4VCI offer page as a holder sees it after pressing the claim page's button (a plain form post, no script): the QR
/// code, the wallet link and the transaction code, with no serious accessibility violations and nothing the page's
/// Content-Security-Policy blocks.
/// </summary>
public sealed class Oid4VciOfferPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [BrowserFact]
    public async Task The_offer_page_shows_the_qr_code_link_and_code_and_passes_axe()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(session.Service);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        IPage page = await session.NewPageAsync();

        await page.GotoAsync(award["links"]!["claim"]!.GetValue<string>());
        // The form's POST answers with the offer page; waiting for the navigation to commit is enough, since every
        // expectation below waits for what it reads (waiting for the load event after the click lost it once in CI).
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the credential offer" }).ClickAsync();
        await page.WaitForURLAsync("**/oid4vci", new() { WaitUntil = WaitUntilState.Commit });

        await Expect(page.Locator("h1")).ToContainTextAsync("with an OpenID4VCI wallet");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code of the credential offer: scan it with your wallet app" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open the offer in your wallet app" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^openid-credential-offer://\\?credential_offer_uri="));
        await Expect(page.GetByLabel("Or copy the offer into your wallet")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^openid-credential-offer://"));
        await Expect(page.Locator("strong", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\d{6}$") })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, "oid4vci-offer-page.png"), FullPage = true });

        List<string> violations = [.. await BrowserSession.SeriousAccessibilityViolationsAsync(page), .. await BrowserSession.ContentSecurityViolationsAsync(page)];
        Assert.Empty(violations);
    }
}
