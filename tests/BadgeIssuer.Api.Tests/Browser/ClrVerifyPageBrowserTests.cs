using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>
/// An employer pastes a teacher's CLR on /verify in a real browser and reads the record's verdict and, under it, each of
/// the five credentials it carries with its own verdict; the page passes an axe-core scan.
/// </summary>
public sealed class ClrVerifyPageBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    [BrowserFact]
    public async Task A_pasted_record_shows_each_credential_with_its_verdict_and_no_serious_accessibility_violation()
    {
        (_, _, JsonObject record) = await ClrVerifyTests.IssuedRecordAsync(session.Service);
        IPage page = await session.NewPageAsync();

        await page.GotoAsync("/verify");
        await page.GetByLabel("Paste a badge link, a credential (JSON) or a VC-JWT").FillAsync(record["credential"]!.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        await Expect(page.Locator("h3", new() { HasText = "Credentials in this record (5)" })).ToBeVisibleAsync();
        await Expect(page.Locator("ol.record > li h4")).ToHaveCountAsync(5);
        await Expect(page.Locator("ol.record > li h4", new() { HasText = "Basic performance assessment design: Valid" })).ToBeVisibleAsync();
        await Expect(page.Locator("ol.record > li h4", new() { HasText = "Certificate in Assessment Literacy: Valid" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, "verify-page-clr.png"), FullPage = true });
        IReadOnlyList<string> violations = await BrowserSession.SeriousAccessibilityViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
