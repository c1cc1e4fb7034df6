using System.Text.Json;
using Microsoft.Playwright;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>
/// A browser test: it runs headless Chromium from Debian's <c>chromium</c> package (Playwright cannot download
/// browsers here) and axe-core from <c>tests/browser</c>; without them it is skipped with the reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserSession.Unavailable is { } reason) Skip = reason;
    }
}

/// <summary>The service on a loopback port, one Chromium for the test class, axe-core, and a place for screenshots.</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private static readonly string? RepositoryRoot = Repository.Root;
    private IPlaywright? _playwright;

    /// <summary>The Chromium executable: <c>BADGEISSUER_CHROMIUM</c>, else Debian's.</summary>
    public static readonly string? Chromium = new[] { Environment.GetEnvironmentVariable("BADGEISSUER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>axe-core's browser bundle, installed by <c>npm ci</c> in <c>tests/browser</c>.</summary>
    public static readonly string? Axe = RepositoryRoot is null ? null : Path.Combine(RepositoryRoot, "tests", "browser", "node_modules", "axe-core", "axe.min.js");

    /// <summary>Why browser tests cannot run here, or <c>null</c> when they can.</summary>
    public static string? Unavailable =>
        Chromium is null ? "No Chromium: install Debian's chromium package (sudo apt-get install chromium) or set BADGEISSUER_CHROMIUM."
        : Axe is null || !File.Exists(Axe) ? "No axe-core: run npm ci in tests/browser."
        : null;

    public ApiFactory Service { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept as test artifacts: TestResults/screenshots at the repository root.</summary>
    public static string Screenshots => Path.Combine(RepositoryRoot ?? Path.GetTempPath(), "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (Unavailable is not null) return;
        // An expectation waits up to 30 s (Playwright's default is 5 s) for what the page shows after a form is sent:
        // the answer can hold a verification, which a debug build on a busy two-core machine may take seconds over.
        Assertions.SetDefaultExpectTimeout(30_000);
        Service = ApiFactory.OnLoopback();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        if (Unavailable is not null) return;
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        Service.Dispose();
    }

    /// <summary>A new page whose relative URLs go to the service; it records every Content-Security-Policy violation.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IPage page = await (await Browser.NewContextAsync(new() { BaseURL = Service.PublicBaseUrl, AcceptDownloads = true, ViewportSize = new() { Width = 1000, Height = 1400 } })).NewPageAsync();
        await page.AddInitScriptAsync("""
            window.cspViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        return page;
    }

    /// <summary>The Content-Security-Policy violations the current document has reported (<c>securitypolicyviolation</c> events).</summary>
    public static async Task<IReadOnlyList<string>> ContentSecurityViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>("() => window.cspViolations");
    }

    /// <summary>Runs axe-core on the page (WCAG 2.x A/AA rules and best practices) and returns the serious and critical violations.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        // Evaluated rather than added as a <script> element: the pages' Content-Security-Policy blocks inline scripts.
        await page.EvaluateAsync(await File.ReadAllTextAsync(Axe!));
        JsonElement violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }))
              .violations.map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')).join(', ') }))
            """);
        return [.. violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("targets").GetString()}")];
    }
}
