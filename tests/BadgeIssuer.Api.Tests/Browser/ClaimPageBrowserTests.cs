using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>A teacher opens the claim link from their mail in a real browser: the page reads well, passes an axe-core scan, and works without JavaScript.</summary>
public sealed class ClaimPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private async Task<string> ClaimLinkAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(session.Service);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        return award["links"]!["claim"]!.GetValue<string>();
    }

    [BrowserFact]
    public async Task The_claim_page_and_its_refusal_have_no_serious_accessibility_violations()
    {
        string link = await ClaimLinkAsync();
        IPage page = await session.NewPageAsync();
        List<string> violations = [];

        await page.GotoAsync(link);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Basic Performance Assessment Design");
        violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => "claim page: " + v));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, "claim-page.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show a QR code for the wallet" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code that adds this badge to the Learner Credential Wallet" })).ToBeVisibleAsync();
        violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => "wallet QR page: " + v));
        await page.GotoAsync("/claim/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => "unknown link: " + v));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [BrowserFact]
    public async Task Without_javascript_the_wallet_link_the_wallet_qr_code_and_the_offer_form_work()
    {
        string link = await ClaimLinkAsync();
        IBrowserContext context = await session.Browser.NewContextAsync(new() { BaseURL = session.Service.PublicBaseUrl, JavaScriptEnabled = false });
        IPage page = await context.NewPageAsync();

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add to Learner Credential Wallet" })).ToHaveAttributeAsync("href", link + "/lcw");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show the credential offer" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show a QR code for the wallet" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code that adds this badge to the Learner Credential Wallet" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open the request in the Learner Credential Wallet" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://lcw\\.app/request\\.html\\?issuer="));
        await context.CloseAsync();
    }
}
