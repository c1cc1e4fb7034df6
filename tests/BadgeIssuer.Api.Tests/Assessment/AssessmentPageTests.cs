using System.Net;
using System.Net.Http.Headers;
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests.Assessment;

/// <summary>
/// Issue 16, item 4, over HTTP as a browser without script sends it: the teacher page and the review page, their
/// refusals (unknown links, forms from elsewhere or without their token, too much, not enough), the errors beside their
/// fields, a submission with a file and a review through the forms, and single use of a review link.
/// </summary>
public sealed class AssessmentPageTests : IDisposable
{
    private readonly ApiFactory _api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Assessment:MaxFileBytes"] = "4096" });

    public void Dispose() => _api.Dispose();

    private HttpClient Browser() => _api.Anonymous();

    private async Task<(Submission Submission, Assessor Assessor, string Link)> InvitedAsync()
    {
        (string issuerId, string achievementId) = await Assessing.ReviewedAchievementAsync(_api);
        Assessor assessor = await Assessing.AssessorAsync(_api, issuerId);
        Submission submission = await Assessing.InviteAsync(_api, issuerId, achievementId);
        return (submission, assessor, Assessing.TeacherLink(_api, submission));
    }

    private static async Task<string> PageAsync(HttpClient browser, string link)
    {
        HttpResponseMessage page = await browser.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        return await page.Content.ReadAsStringAsync();
    }

    /// <summary>The teacher's form as the page posts it: its token, the given links, the answers, and files.</summary>
    private static MultipartFormDataContent TeacherForm(string page, IEnumerable<string> links, IEnumerable<(string Key, string Text)> answers, params (string Name, byte[] Bytes)[] files)
    {
        MultipartFormDataContent form = [];
        foreach ((string name, string value) in Assessing.FormToken(page)) form.Add(new StringContent(value), name);
        int i = 0;
        foreach (string link in links) form.Add(new StringContent(link), $"url-{++i}");
        foreach ((string key, string text) in answers) form.Add(new StringContent(text), $"answer-{key}");
        foreach ((string name, byte[] bytes) in files)
        {
            ByteArrayContent file = new(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "files", name);
        }
        if (files.Length == 0)
        {
            // What a browser sends for a file input left empty: a part with an empty file name.
            ByteArrayContent none = new([]);
            none.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            none.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = "\"\"" };
            form.Add(none);
        }
        return form;
    }

    [Fact]
    public async Task Links_the_service_did_not_make_open_nothing()
    {
        (Submission submission, Assessor assessor, string link) = await InvitedAsync();
        using HttpClient browser = Browser();
        string token = link[(link.LastIndexOf('/') + 1)..];
        string forged = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        foreach (string path in new[] { $"/submit/{forged}", "/submit/short", $"/review/{token}", $"/review/{forged}", "/submit/" + new string('A', 5000) })
        {
            HttpResponseMessage response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path[..Math.Min(40, path.Length)]}: {response.StatusCode}");
        }
        HttpResponseMessage post = await browser.PostAsync($"/submit/{forged}", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains("This submission link does not work", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubmissionStates.Invited, (await Assessing.CurrentAsync(_api, submission)).State);
        Assert.NotNull(assessor);
    }

    [Fact]
    public async Task The_teacher_page_shows_the_achievement_its_rubric_and_a_form_with_a_label_for_every_field()
    {
        (_, _, string link) = await InvitedAsync();
        using HttpClient browser = Browser();

        string page = await PageAsync(browser, link);

        Assert.Contains("<h1>Basic Performance Assessment Design</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Waiting for your evidence", page, StringComparison.Ordinal);
        Assert.Contains("<strong>Proficient</strong>", page, StringComparison.Ordinal);
        Assert.Contains("The task is authentic, aligned to the learning targets, and has clear student directions.", page, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);
        Assert.Contains("<label for=\"answer-task-design\">Performance task design</label>", page, StringComparison.Ordinal);
        Assert.Equal(2, Assessing.FormToken(page).Count);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_from_another_site_or_without_its_token_is_refused_and_changes_nothing()
    {
        (Submission submission, _, string link) = await InvitedAsync();
        using HttpClient browser = Browser();
        string page = await PageAsync(browser, link);

        using HttpRequestMessage crossSite = new(HttpMethod.Post, link) { Content = TeacherForm(page, ["https://example.org/a", "https://example.org/b", "https://example.org/c"], Assessing.Answers) };
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        HttpResponseMessage refused = await browser.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using HttpRequestMessage otherOrigin = new(HttpMethod.Post, link) { Content = TeacherForm(page, ["https://example.org/a", "https://example.org/b", "https://example.org/c"], Assessing.Answers) };
        otherOrigin.Headers.Add("Origin", "https://attacker.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(otherOrigin)).StatusCode);

        HttpResponseMessage tokenless = await browser.PostAsync(link, TeacherForm("", ["https://example.org/a", "https://example.org/b", "https://example.org/c"], Assessing.Answers));
        Assert.Equal(HttpStatusCode.Forbidden, tokenless.StatusCode);
        Assert.Contains("This form has expired", await tokenless.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        string otherPage = page.Replace("name=\"form-nonce\" value=\"", "name=\"form-nonce\" value=\"x", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync(link, TeacherForm(otherPage, ["https://example.org/a"], Assessing.Answers))).StatusCode);
        Assert.Equal(SubmissionStates.Invited, (await Assessing.CurrentAsync(_api, submission)).State);
    }

    [Fact]
    public async Task A_refused_submission_comes_back_with_the_errors_beside_their_fields_and_the_values_kept()
    {
        (Submission submission, _, string link) = await InvitedAsync();
        using HttpClient browser = Browser();
        string page = await PageAsync(browser, link);

        HttpResponseMessage response = await browser.PostAsync(link, TeacherForm(page, ["https://video.example.org/lesson-1", "ftp://files.example.org/plan"],
            [("task-design", "Water filters for the school garden.")], ("big.txt", new byte[5000]), ("plan.txt", Assessing.LessonPlan)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        string refused = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", refused, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"files-hint files-error\" aria-invalid=\"true\"", refused, StringComparison.Ordinal);
        Assert.Contains("big.txt is 4.9 KB; a file may be at most 4 KB", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"https://video.example.org/lesson-1\"", refused, StringComparison.Ordinal);
        Assert.Contains("value=\"ftp://files.example.org/plan\"", refused, StringComparison.Ordinal);
        Assert.Contains(">Water filters for the school garden.</textarea>", refused, StringComparison.Ordinal);
        // The file that was fine is uploaded already and offered to keep.
        Assert.Matches("<input type=\"checkbox\" name=\"keep\" value=\"[A-Za-z0-9_-]{20}\" checked> plan.txt", refused);
        Assert.Equal(SubmissionStates.Invited, (await Assessing.CurrentAsync(_api, submission)).State);

        // Without a file error, the service's refusal: the ftp link and the missing answers.
        string keep = System.Text.RegularExpressions.Regex.Match(refused, "name=\"keep\" value=\"([^\"]+)\"").Groups[1].Value;
        MultipartFormDataContent again = TeacherForm(refused, ["https://video.example.org/lesson-1", "ftp://files.example.org/plan"], [("task-design", "Water filters.")]);
        again.Add(new StringContent(keep), "keep");
        HttpResponseMessage second = await browser.PostAsync(link, again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        string html = await second.Content.ReadAsStringAsync();
        Assert.Contains("id=\"url-2\" name=\"url-2\" value=\"ftp://files.example.org/plan\" aria-describedby=\"url-2-error\" aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"error\" id=\"url-2-error\">", html, StringComparison.Ordinal);
        Assert.Equal(SubmissionStates.Invited, (await Assessing.CurrentAsync(_api, submission)).State);
    }

    [Fact]
    public async Task A_form_larger_than_its_bounds_gets_a_413_page_and_a_form_that_is_no_form_a_4xx_page()
    {
        (_, _, string link) = await InvitedAsync();
        using HttpClient browser = Browser();
        string page = await PageAsync(browser, link);

        HttpResponseMessage tooLarge = await browser.PostAsync(link, TeacherForm(page, [], [], [.. Enumerable.Range(0, 3).Select(i => ($"f{i}.txt", new byte[500_000]))]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("The form is too large", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpResponseMessage tooMany = await browser.PostAsync(link, TeacherForm(page, [], [], [.. Enumerable.Range(0, SubmissionPage.MaxFilesPerPost + 1).Select(i => ($"f{i}.txt", Assessing.LessonPlan))]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains($"choose at most {SubmissionPage.MaxFilesPerPost} files", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpResponseMessage json = await browser.PostAsync(link, Journey.Json("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);

        using StringContent broken = new("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated");
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        HttpResponseMessage unreadable = await browser.PostAsync(link, broken);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
    }

    [Fact]
    public async Task A_teacher_submits_a_file_and_answers_and_the_assessor_reviews_once_through_the_form()
    {
        (Submission invited, Assessor assessor, string link) = await InvitedAsync();
        using HttpClient browser = Browser();
        string page = await PageAsync(browser, link);

        HttpResponseMessage sent = await browser.PostAsync(link, TeacherForm(page, ["https://video.example.org/lesson-1", "https://docs.example.org/rubric"], Assessing.Answers,
            ("lesson plan.txt", Assessing.LessonPlan)));

        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Assert.Equal(link + "?submitted", sent.Headers.Location!.OriginalString);
        Submission submitted = await Assessing.CurrentAsync(_api, invited);
        Assert.Equal(SubmissionStates.Submitted, submitted.State);
        SubmissionEvidence file = Assert.Single(submitted.Current.Evidence, e => e.FileId is not null);
        Assert.Equal("lesson plan.txt", file.Name);
        Assert.Equal(Assessing.LessonPlan.Length, file.Length);
        string after = await PageAsync(browser, sent.Headers.Location.OriginalString);
        Assert.Contains("Thank you: your evidence is submitted.", after, StringComparison.Ordinal);
        Assert.Contains($"href=\"{ApiFactory.BaseUrl}/evidence/{file.FileId}\"", after, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", after, StringComparison.Ordinal);
        Assert.Equal(Assessing.LessonPlan, await _api.Services.GetRequiredService<IEvidenceFileStore>().ReadContentAsync(file.FileId!, default));
        HttpResponseMessage resent = await browser.PostAsync(link, TeacherForm(page, ["https://video.example.org/lesson-1", "https://docs.example.org/rubric", "https://docs.example.org/plan"], Assessing.Answers));
        Assert.Equal(HttpStatusCode.Conflict, resent.StatusCode);
        Assert.Contains("This submission takes no new evidence now", await resent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await Assessing.CurrentAsync(_api, invited)).Rounds);

        string reviewLink = Assessing.ReviewLink(_api, submitted, assessor.Id);
        string review = await PageAsync(browser, reviewLink);
        Assert.DoesNotContain(Assessing.TeacherEmail, review, StringComparison.Ordinal);
        Assert.DoesNotContain(Assessing.TeacherName, review, StringComparison.Ordinal);
        Assert.DoesNotContain(Assessing.TeacherSchool, review, StringComparison.Ordinal);
        Assert.Contains(Assessing.Answers[0].Text, review, StringComparison.Ordinal);
        Assert.Contains("type=\"radio\" id=\"score-task-design-proficient\" name=\"score-task-design\" value=\"proficient\"", review, StringComparison.Ordinal);

        List<KeyValuePair<string, string>> partial = [.. Assessing.FormToken(review), new("score-task-design", "proficient"), new("feedback", "Strong task.")];
        HttpResponseMessage incomplete = await browser.PostAsync(reviewLink, new FormUrlEncodedContent(partial));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
        string incompleteHtml = await incomplete.Content.ReadAsStringAsync();
        Assert.Contains("Rubric quality and alignment: choose a level.", incompleteHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"proficient\" checked", incompleteHtml, StringComparison.Ordinal);
        Assert.Contains(">Strong task.</textarea>", incompleteHtml, StringComparison.Ordinal);

        List<KeyValuePair<string, string>> full = [.. Assessing.FormToken(incompleteHtml), new("score-task-design", "developing"), new("feedback-task-design", "Add student directions."),
            new("score-rubric-alignment", "proficient"), new("score-student-work-analysis", "proficient"), new("feedback", "Close: the task needs directions.")];
        HttpResponseMessage reviewed = await browser.PostAsync(reviewLink, new FormUrlEncodedContent(full));
        Assert.Equal(HttpStatusCode.SeeOther, reviewed.StatusCode);
        Submission decided = await Assessing.CurrentAsync(_api, invited);
        Assert.Equal(SubmissionStates.NotYetMet, decided.State);
        Review given = Assert.Single(decided.Current.Reviews);
        Assert.Equal(assessor.Id, given.AssessorId);
        Assert.Equal("Add student directions.", given.Results.Single(r => r.ResultDescription == "task-design").Feedback);
        Assert.Contains("Your review is in.", await PageAsync(browser, reviewLink), StringComparison.Ordinal);
        HttpResponseMessage twice = await browser.PostAsync(reviewLink, new FormUrlEncodedContent(full));
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Contains("Your review is in.", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await Assessing.CurrentAsync(_api, invited)).Current.Reviews);

        string feedback = await PageAsync(browser, link);
        Assert.Contains("Not met yet: read the feedback and submit again", feedback, StringComparison.Ordinal);
        Assert.Contains($"Feedback from {Assessing.AssessorName}", feedback, StringComparison.Ordinal);
        Assert.Contains("Performance task design: Developing", feedback, StringComparison.Ordinal);
        Assert.Contains("Add student directions.", feedback, StringComparison.Ordinal);
        Assert.Contains("Submit again", feedback, StringComparison.Ordinal);
    }
}

/// <summary>
/// The teacher page's form on Kestrel itself, with files allowed above the service's global request limit (2 MiB): the
/// form's own bound lets a file of the full size through, and a body over the bound is a 413 page.
/// </summary>
public sealed class SubmissionPageSizeTests : IDisposable
{
    private const int MaxFileBytes = 3 * 1024 * 1024;
    private readonly ApiFactory _api = ApiFactory.OnLoopback(new Dictionary<string, string> { ["BadgeIssuer:Assessment:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public void Dispose() => _api.Dispose();

    private static MultipartFormDataContent Form(string page, params (string Name, int Length)[] files)
    {
        MultipartFormDataContent form = [];
        foreach ((string name, string value) in Assessing.FormToken(page)) form.Add(new StringContent(value), name);
        form.Add(new StringContent("https://video.example.org/lesson-1"), "url-1");
        form.Add(new StringContent("https://docs.example.org/rubric"), "url-2");
        foreach ((string key, string text) in Assessing.Answers) form.Add(new StringContent(text), $"answer-{key}");
        foreach ((string name, int length) in files)
        {
            ByteArrayContent file = new(System.Text.Encoding.ASCII.GetBytes(new string('a', length)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "files", name);
        }
        return form;
    }

    [Fact]
    public async Task A_file_of_the_full_size_goes_through_the_form_and_a_body_over_the_forms_bound_is_a_413_page()
    {
        (string issuerId, string achievementId) = await Assessing.ReviewedAchievementAsync(_api);
        await Assessing.AssessorAsync(_api, issuerId);
        Submission invited = await Assessing.InviteAsync(_api, issuerId, achievementId);
        string link = Assessing.TeacherLink(_api, invited);
        using HttpClient browser = new(new HttpClientHandler { AllowAutoRedirect = false });
        string page = await browser.GetStringAsync(link);

        // The page answers from the declared length without reading the body; asking for 100-continue lets this client
        // read that answer instead of failing to send the rest (Kestrel closes the connection on an unread body).
        using HttpRequestMessage oversized = new(HttpMethod.Post, link) { Content = Form(page, [.. Enumerable.Range(0, SubmissionPage.MaxFilesPerPost + 1).Select(i => ($"f{i}.txt", MaxFileBytes))]) };
        oversized.Headers.ExpectContinue = true;
        HttpResponseMessage tooLarge = await browser.SendAsync(oversized);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("The form is too large", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        HttpResponseMessage sent = await browser.PostAsync(link, Form(page, ("long.txt", MaxFileBytes)));
        Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
        Submission submitted = await Assessing.CurrentAsync(_api, invited);
        Assert.Equal(MaxFileBytes, Assert.Single(submitted.Current.Evidence, e => e.FileId is not null).Length);
    }
}
