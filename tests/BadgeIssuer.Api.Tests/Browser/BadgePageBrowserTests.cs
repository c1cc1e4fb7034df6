using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Baking;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>
/// What a teacher and an employer do in a real browser: open a badge page, download the baked PNG, drop it on
/// /verify and read "Valid"; a tampered file reads "Invalid" with the reason; the pages pass an axe-core scan.
/// </summary>
public sealed class BadgePageBrowserTests : IClassFixture<BrowserSession>
{
    private readonly BrowserSession _session;

    public BadgePageBrowserTests(BrowserSession session) => _session = session;

    private async Task<string> IssueAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_session.Service);
        JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        return award["links"]!["credential"]!.GetValue<string>();
    }

    private static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, name + ".png"), FullPage = true });

    [BrowserFact]
    public async Task A_downloaded_badge_png_dropped_on_the_verify_page_reads_valid()
    {
        string url = await IssueAsync();
        IPage page = await _session.NewPageAsync();

        await page.GotoAsync(url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Basic Performance Assessment Design");
        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        await Expect(page.Locator("article p strong", new() { HasText = "Proficient" })).ToHaveCSSAsync("font-weight", "700");
        await ScreenshotAsync(page, "badge-page");
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Badge image (PNG)" }).ClickAsync());
        string png = Path.Combine(Path.GetTempPath(), $"badge-{Guid.NewGuid():N}.png");
        await download.SaveAsAsync(png);

        await page.GotoAsync("/verify");
        IJSHandle files = await page.EvaluateHandleAsync("""
            ([name, base64]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type: 'image/png' }));
              return transfer;
            }
            """, new object[] { "badge.png", Convert.ToBase64String(await File.ReadAllBytesAsync(png)) });
        await page.DispatchEventAsync(".drop", "drop", new { dataTransfer = files });

        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        await Expect(page.Locator(".facts")).ToContainTextAsync("json in png");
        await ScreenshotAsync(page, "verify-page-valid");
        File.Delete(png);
    }

    [BrowserFact]
    public async Task A_tampered_badge_file_reads_invalid_with_the_reason()
    {
        string url = await IssueAsync();
        byte[] png = await _session.Service.Anonymous().GetByteArrayAsync(url + ".png");
        JsonObject credential = JsonNode.Parse(PngBaking.Unbake(png)!)!.AsObject();
        credential["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";
        IPage page = await _session.NewPageAsync();

        await page.GotoAsync("/verify");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "tampered.png", MimeType = "image/png", Buffer = PngBaking.Bake(png, credential.ToJsonString()) });

        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Invalid");
        await Expect(page.Locator(".verdict")).ToContainTextAsync("changed after it was signed");
        await ScreenshotAsync(page, "verify-page-invalid");
    }

    [BrowserFact]
    public async Task Pasting_a_jwt_without_javascript_reads_valid()
    {
        string url = await IssueAsync();
        string jwt = await _session.Service.Anonymous().GetStringAsync(url + ".jwt");
        IBrowserContext context = await _session.Browser.NewContextAsync(new() { BaseURL = _session.Service.PublicBaseUrl, JavaScriptEnabled = false });
        IPage page = await context.NewPageAsync();

        await page.GotoAsync("/verify");
        await page.GetByLabel("Paste a badge link, a credential (JSON) or a VC-JWT").FillAsync(jwt);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        await context.CloseAsync();
    }

    [BrowserFact]
    public async Task The_badge_page_and_the_verify_page_have_no_serious_accessibility_violations()
    {
        string url = await IssueAsync();
        IPage page = await _session.NewPageAsync();
        List<string> violations = [];

        await page.GotoAsync(url);
        violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => "badge page: " + v));
        await page.GotoAsync("/verify");
        violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => "verify page: " + v));
        await page.GetByLabel("Paste a badge link, a credential (JSON) or a VC-JWT").FillAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => "verify result: " + v));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [BrowserFact]
    public async Task A_pasted_self_issued_did_key_badge_shows_its_issuers_name_only_as_claimed()
    {
        (JsonObject credential, string did) = PublicPages.IssuerIdentityPageTests.SelfIssuedHarvardBadge();
        IPage page = await _session.NewPageAsync();

        await page.GotoAsync("/verify");
        await page.GetByLabel("Paste a badge link, a credential (JSON) or a VC-JWT").FillAsync(credential.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.Locator(".verdict")).ToContainTextAsync("nobody vouches for who the issuer is");
        await Expect(page.Locator(".facts")).ToContainTextAsync($"{did} (calls itself “Harvard University” — not verified)");
        await ScreenshotAsync(page, "verify-page-self-issued");
    }

    [BrowserFact]
    public async Task The_pages_work_under_their_content_security_policy_without_a_violation()
    {
        string url = await IssueAsync();
        IPage page = await _session.NewPageAsync();
        List<string> console = [];
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) console.Add(message.Text); };
        List<string> violations = [];

        IResponse? badgePage = await page.GotoAsync(url);
        Assert.Contains("default-src 'none'", await badgePage!.HeaderValueAsync("content-security-policy"));
        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        Assert.Equal("736px", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('main')).maxWidth"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('img.badge').complete && document.querySelector('img.badge').naturalWidth > 0"), "the badge image did not load");
        violations.AddRange((await BrowserSession.ContentSecurityViolationsAsync(page)).Select(v => "badge page: " + v));

        await page.GotoAsync("/verify");
        await page.DispatchEventAsync(".drop", "dragenter");
        await Expect(page.Locator(".drop")).ToHaveClassAsync("drop over");
        await page.GetByLabel("Paste a badge link, a credential (JSON) or a VC-JWT").FillAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        violations.AddRange((await BrowserSession.ContentSecurityViolationsAsync(page)).Select(v => "verify result: " + v));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(console.Count == 0, string.Join("\n", console));
    }

    [BrowserFact]
    public async Task The_badge_page_can_be_used_with_the_keyboard_alone()
    {
        string url = await IssueAsync();
        IPage page = await _session.NewPageAsync();
        await page.GotoAsync(url);

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to content");
        await page.Keyboard.PressAsync("Enter");
        string? focusedLinks = null;
        for (int i = 0; i < 12 && focusedLinks != "Add to LinkedIn profile"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            focusedLinks = await page.EvaluateAsync<string?>("() => document.activeElement?.textContent");
        }
        Assert.Equal("Add to LinkedIn profile", focusedLinks);
    }
}
