using BadgeIssuer.Api.Tests.Assessment;
using BadgeIssuer.Core.Assessment;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BadgeIssuer.Api.Tests.Browser;

/// <summary>
/// Issue 16, item 4, in a real browser with JavaScript disabled: a teacher uploads a file and answers the rubric on the
/// teacher page, an assessor scores it through the review page's form, the teacher reads the feedback and submits again.
/// Every page on the way (and the refusals) passes an axe-core scan with no serious or critical violation.
/// </summary>
public sealed class AssessmentPagesBrowserTests(BrowserSession session) : IClassFixture<BrowserSession>
{
    private readonly List<string> _violations = [];

    /// <summary>Opens <paramref name="url"/> in a page with script (axe-core runs as script) and records its serious violations.</summary>
    private async Task ScanAsync(string url, string name)
    {
        IPage page = await session.NewPageAsync();
        await page.GotoAsync(url);
        _violations.AddRange((await BrowserSession.SeriousAccessibilityViolationsAsync(page)).Select(v => $"{name}: {v}"));
        _violations.AddRange((await BrowserSession.ContentSecurityViolationsAsync(page)).Select(v => $"{name} CSP: {v}"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.Screenshots, $"{name}.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    private static async Task SubmitEvidenceAsync(IPage teacher, string round)
    {
        await teacher.GetByLabel("Files", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = $"lesson-plan-{round}.txt", MimeType = "text/plain", Buffer = Assessing.LessonPlan });
        await teacher.GetByLabel("Link 1").FillAsync($"https://video.example.org/{round}/lesson");
        await teacher.GetByLabel("Link 2").FillAsync($"https://docs.example.org/{round}/rubric");
        await teacher.GetByLabel("Performance task design").FillAsync(Assessing.Answers[0].Text);
        await teacher.GetByLabel("Rubric quality and alignment").FillAsync(Assessing.Answers[1].Text);
        await teacher.GetByLabel("Analysis of scored student work").FillAsync(Assessing.Answers[2].Text);
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Expect(teacher.GetByText("Thank you: your evidence is submitted.")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Without_javascript_a_teacher_submits_an_assessor_reviews_and_the_teacher_reads_the_feedback_and_submits_again()
    {
        ApiFactory api = session.Service;
        (string issuerId, string achievementId) = await Assessing.ReviewedAchievementAsync(api);
        Assessor assessor = await Assessing.AssessorAsync(api, issuerId);
        Submission invited = await Assessing.InviteAsync(api, issuerId, achievementId);
        string teacherLink = Assessing.TeacherLink(api, invited);
        IBrowserContext context = await session.Browser.NewContextAsync(new() { BaseURL = api.PublicBaseUrl, JavaScriptEnabled = false });
        IPage teacher = await context.NewPageAsync();

        await teacher.GotoAsync(teacherLink);
        await Expect(teacher.Locator("h1")).ToHaveTextAsync("Basic Performance Assessment Design");
        await ScanAsync(teacherLink, "teacher-page-invited");
        await teacher.GetByLabel("Link 1").FillAsync("https://video.example.org/only-one");
        await teacher.GetByLabel("Performance task design").FillAsync("One answer.");
        await teacher.GetByLabel("Rubric quality and alignment").FillAsync("Two.");
        await teacher.GetByLabel("Analysis of scored student work").FillAsync("Three.");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Expect(teacher.GetByRole(AriaRole.Alert)).ToContainTextAsync("minimumEvidence");
        await Expect(teacher.GetByLabel("Link 1")).ToHaveValueAsync("https://video.example.org/only-one");
        _violations.AddRange((await ScanContentAsync(await teacher.ContentAsync())).Select(v => "teacher page refused: " + v));

        await SubmitEvidenceAsync(teacher, "round-1");
        await Expect(teacher.GetByRole(AriaRole.Link, new() { Name = "lesson-plan-round-1.txt" })).ToBeVisibleAsync();
        Submission submitted = await Assessing.CurrentAsync(api, invited);
        Assert.Equal(SubmissionStates.Submitted, submitted.State);

        string reviewLink = Assessing.ReviewLink(api, submitted, assessor.Id);
        IPage reviewer = await context.NewPageAsync();
        await reviewer.GotoAsync(reviewLink);
        await ScanAsync(reviewLink, "review-page");
        await Expect(reviewer.GetByRole(AriaRole.Link, new() { Name = "lesson-plan-round-1.txt" })).ToBeVisibleAsync();
        await reviewer.GetByRole(AriaRole.Group, new() { Name = "Performance task design" }).GetByLabel("Developing").CheckAsync();
        await reviewer.GetByLabel("Feedback on Performance task design").FillAsync("Add student directions.");
        await reviewer.GetByRole(AriaRole.Group, new() { Name = "Rubric quality and alignment" }).GetByLabel("Proficient").CheckAsync();
        await reviewer.GetByRole(AriaRole.Group, new() { Name = "Analysis of scored student work" }).GetByLabel("Exemplary").CheckAsync();
        await reviewer.GetByLabel("Overall feedback").FillAsync("Close: the task needs student directions.");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "Send the review" }).ClickAsync();
        await Expect(reviewer.GetByText("Your review is in.")).ToBeVisibleAsync();
        await ScanAsync(reviewLink, "review-page-done");

        await teacher.GotoAsync(teacherLink);
        await Expect(teacher.GetByText("Not met yet: read the feedback and submit again")).ToBeVisibleAsync();
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = $"Feedback from {Assessing.AssessorName}" })).ToBeVisibleAsync();
        await Expect(teacher.GetByText("Add student directions.")).ToBeVisibleAsync();
        await ScanAsync(teacherLink, "teacher-page-feedback");
        await SubmitEvidenceAsync(teacher, "round-2");

        Submission again = await Assessing.CurrentAsync(api, invited);
        Assert.Equal(SubmissionStates.Submitted, again.State);
        Assert.Equal(2, again.Rounds.Count);
        await ScanAsync("/submit/AAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "unknown-link");
        await context.CloseAsync();

        Assert.True(_violations.Count == 0, string.Join("\n", _violations));
    }

    /// <summary>Scans a page's markup (one a form post answered, which a page with script cannot open by URL) with axe-core.</summary>
    private async Task<IReadOnlyList<string>> ScanContentAsync(string html)
    {
        IPage page = await session.NewPageAsync();
        await page.GotoAsync("/verify");
        await page.SetContentAsync(html);
        IReadOnlyList<string> violations = await BrowserSession.SeriousAccessibilityViolationsAsync(page);
        await page.Context.CloseAsync();
        return violations;
    }
}
