using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>
/// A teacher's learner record in a real browser: the page shows the five credentials with their status and the
/// record's picture, passes an axe-core scan and its content security policy, and reads the same without JavaScript.
/// </summary>
public sealed class LearnerRecordPageBrowserTests : IClassFixture<BrowserSession>
{
    private readonly BrowserSession _session;

    public LearnerRecordPageBrowserTests(BrowserSession session) => _session = session;

    private async Task<(Pathway Pathway, string[] Micros, string Url)> RecordAsync()
    {
        (Pathway pathway, string[] micros, _, JsonObject record) = await LearnerRecordPageTests.RecordAsync(_session.Service);
        return (pathway, micros, record["url"]!.GetValue<string>());
    }

    [BrowserFact]
    public async Task The_record_page_shows_its_five_credentials_with_their_status_and_has_no_serious_accessibility_or_policy_violations()
    {
        (Pathway pathway, string[] micros, string url) = await RecordAsync();
        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[3]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        IPage page = await _session.NewPageAsync();

        IResponse? response = await page.GotoAsync(url);

        Assert.Contains("default-src 'none'", await response!.HeaderValueAsync("content-security-policy"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Comprehensive Learner Record from Riverside Center for Teacher Learning");
        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Current");
        ILocator items = page.Locator("ol.credentials > li");
        await Expect(items).ToHaveCountAsync(5);
        for (int i = 0; i < 5; i++) await Expect(items.Nth(i)).ToBeVisibleAsync();
        await Expect(items.Filter(new() { HasText = "Data-driven instruction" }).Locator(".state strong")).ToHaveTextAsync("Revoked");
        await Expect(items.Filter(new() { HasText = "Part of" })).ToHaveCountAsync(4);
        await Expect(page.Locator(".state strong", new() { HasText = "Valid" })).ToHaveCountAsync(4);
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('img.badge').complete && document.querySelector('img.badge').naturalWidth > 0"), "the record image did not load");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, "learner-record-page.png"), FullPage = true });

        IReadOnlyList<string> accessibility = await BrowserSession.SeriousAccessibilityViolationsAsync(page);
        IReadOnlyList<string> policy = await BrowserSession.ContentSecurityViolationsAsync(page);
        Assert.True(accessibility.Count == 0, string.Join("\n", accessibility));
        Assert.True(policy.Count == 0, string.Join("\n", policy));
    }

    [BrowserFact]
    public async Task The_record_page_reads_the_same_without_javascript_and_its_links_lead_to_each_badge_page()
    {
        (_, _, string url) = await RecordAsync();
        IBrowserContext context = await _session.Browser.NewContextAsync(new() { BaseURL = _session.Service.PublicBaseUrl, JavaScriptEnabled = false });
        IPage page = await context.NewPageAsync();

        await page.GotoAsync(url);

        await Expect(page.Locator("ol.credentials > li")).ToHaveCountAsync(5);
        await Expect(page.Locator(".state strong", new() { HasText = "Valid" })).ToHaveCountAsync(5);
        await page.GetByRole(AriaRole.Link, new() { Name = "Rubric design" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Rubric design");
        await Expect(page.Locator(".verdict strong")).ToHaveTextAsync("Valid");
        await context.CloseAsync();
    }
}
