// Issue 16, item 4: the teacher's page, opened by the teacher link (/submit/{token}, AssessmentLinks) from the
// invitation or decision mail. It shows the achievement (criteria narrative as Markdown, the rubric with its level
// descriptions), where the submission stands, each round's evidence and answers, and the reviews' feedback once a round
// is decided (assessors by name only). While the teacher may submit (invited, not yet met) it carries a form that works
// without script: multipart/form-data (RFC 7578) with files (uploaded through EvidenceFileService, content type
// recognised from the bytes), links, a narrative and an answer per rubric criterion. A refused submission comes back
// with the errors beside their fields (422) and the values kept, files already uploaded offered to keep; the form is
// bounded (file count, each file's size, the whole body) and anything over gets a 413 page, never a 500.
using System.Text;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.Features;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET</c> and <c>POST /submit/{token}</c>: the teacher's page of a submission and its form.</summary>
public static class SubmissionPage
{
    /// <summary>The most files one post of the form may carry.</summary>
    public const int MaxFilesPerPost = 5;

    /// <summary>The most link inputs the form has.</summary>
    public const int LinkInputs = 3;

    /// <summary>The largest text field (narrative, answer) the form takes, in bytes; the service checks the length in characters.</summary>
    private const int MaxValueBytes = 256 * 1024;

    public static void MapSubmissionPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/submit/{token}", GetAsync).WithTags("Public pages").HasSecretInPath()
            .WithName("GetSubmissionPage")
            .WithSummary("The teacher's page of a submission (its teacher link): the achievement and its rubric, the state, each round's evidence, answers and feedback, and the form to submit evidence while it may be submitted")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html");
        app.MapPost("/submit/{token}", PostAsync).WithTags("Public pages").HasSecretInPath()
            .WithName("PostSubmissionPage")
            .WithSummary("Submit evidence (files, links, a narrative) and an answer per rubric criterion through the teacher's page (multipart/form-data); 303 to the page on success, the form again with its errors (422) when refused")
            .Produces(StatusCodes.Status303SeeOther)
            .Produces<string>(StatusCodes.Status400BadRequest, "text/html").Produces<string>(StatusCodes.Status403Forbidden, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html").Produces<string>(StatusCodes.Status409Conflict, "text/html")
            .Produces<string>(StatusCodes.Status413PayloadTooLarge, "text/html").Produces<string>(StatusCodes.Status415UnsupportedMediaType, "text/html")
            .Produces<string>(StatusCodes.Status422UnprocessableEntity, "text/html")
            .DisableAntiforgery();
    }

    private static async Task<IResult> GetAsync(string token, HttpContext http, SubmissionService service, PageData data)
    {
        ClaimPage.Private(http);
        if (await service.ByTeacherTokenAsync(token, http.RequestAborted) is not { } submission) return NotFound();
        Context context = await data.LoadAsync(submission, token, http.RequestAborted);
        bool sent = http.Request.Query.ContainsKey("submitted");
        return Results.Content(Render(context, FormState.Empty, sent), MediaType, Encoding.UTF8);
    }

    private static async Task<IResult> PostAsync(string token, HttpContext http, SubmissionService service, EvidenceFileService files, IEvidenceFileStore stored,
        PageData data, AssessmentPages pages)
    {
        ClaimPage.Private(http);
        if (await service.ByTeacherTokenAsync(token, http.RequestAborted) is not { } submission) return NotFound();
        if (pages.CrossSite(http.Request)) return Refused(StatusCodes.Status403Forbidden, "This form was sent from another site", "The teacher page only takes its own form. Open your submission link and submit from there.");
        long limit = pages.Settings.MaxFileBytes * MaxFilesPerPost + 1024 * 1024;
        (IFormCollection? form, IResult? unreadable) = await ReadFormAsync(http, limit, MaxFilesPerPost + 100, MaxValueBytes);
        if (form is null) return unreadable!;
        if (!pages.Accepts(submission, token, form))
            return Refused(StatusCodes.Status403Forbidden, "This form has expired", "The form did not carry the token its page gave it. Open your submission link again and submit from the page.");
        Context context = await data.LoadAsync(submission, token, http.RequestAborted);
        if (submission.State is not (SubmissionStates.Invited or SubmissionStates.NotYetMet))
            return Results.Content(Render(context, FormState.Empty, false, "This submission takes no new evidence now: it is with the assessors, decided or withdrawn."),
                MediaType, Encoding.UTF8, StatusCodes.Status409Conflict);
        FormState state = FormState.From(form, context.Achievement);

        List<SubmissionEvidence> evidence = [];
        List<string> evidenceFields = [];
        foreach (string keep in form["keep"].OfType<string>().Distinct(StringComparer.Ordinal).Take(pages.Settings.MaxEvidenceItems))
        {
            if (!Ids.IsWellFormed(keep) || await stored.GetAsync(keep, http.RequestAborted) is not { } file || file.IssuerId != submission.IssuerId) continue;
            state.Kept.Add(file);
            evidence.Add(new SubmissionEvidence(FileId: file.Id, Name: file.FileName));
            evidenceFields.Add("files");
        }
        IFormFile[] uploads = [.. form.Files.GetFiles("files").Where(f => !string.IsNullOrEmpty(f.FileName))];
        if (uploads.Length > MaxFilesPerPost) state.Error("files", $"Files: choose at most {MaxFilesPerPost} files at a time; you chose {uploads.Length}. Submit the others as links, or in the next round.");
        else
        {
            foreach (IFormFile upload in uploads)
            {
                string name = Path.GetFileName(upload.FileName);
                if (upload.Length == 0)
                {
                    state.Error("files", $"Files: {name} is empty.");
                    continue;
                }
                if (upload.Length > pages.Settings.MaxFileBytes)
                {
                    state.Error("files", $"Files: {name} is {AssessmentPages.Size(upload.Length)}; a file may be at most {pages.MaxFileSize}.");
                    continue;
                }
                // The browser's Content-Type is a guess from the file name; the service recognises the type from the bytes.
                await using Stream content = upload.OpenReadStream();
                switch (await files.UploadAsync(submission.IssuerId, content, null, name, http.RequestAborted))
                {
                    case Done<EvidenceFile> { Value: var file }:
                        state.Kept.Add(file);
                        evidence.Add(new SubmissionEvidence(FileId: file.Id, Name: file.FileName));
                        evidenceFields.Add("files");
                        break;
                    case EvidenceTooLarge:
                        state.Error("files", $"Files: {name} is larger than {pages.MaxFileSize}, the most a file may be.");
                        break;
                    case EvidenceTypeRefused refused:
                        state.Error("files", $"Files: {name}: {refused.Detail}");
                        break;
                    case Invalid<EvidenceFile> refused:
                        foreach (FieldError error in refused.Errors) state.Error("files", $"Files: {name}: {error.Detail}");
                        break;
                    default:
                        state.Error("files", $"Files: {name} could not be stored; please try again.");
                        break;
                }
            }
        }
        for (int i = 1; i <= LinkInputs; i++)
        {
            if (state.Links[i - 1] is not { Length: > 0 } url) continue;
            evidence.Add(new SubmissionEvidence(Url: url));
            evidenceFields.Add($"url-{i}");
        }
        if (state.Narrative is { Length: > 0 } narrative)
        {
            evidence.Add(new SubmissionEvidence(Name: "Narrative", Narrative: narrative));
            evidenceFields.Add("narrative");
        }
        List<CriterionResponse> responses = [];
        List<string> responseFields = [];
        foreach (ResultDescription description in context.Achievement.ResultDescriptions)
        {
            if (state.Answers.GetValueOrDefault(description.Key) is not { Length: > 0 } text) continue;
            responses.Add(new CriterionResponse(description.Key, text));
            responseFields.Add(AnswerField(description.Key));
        }
        if (evidence.Count == 0 && state.Errors.Count == 0) state.Error("files", "Evidence: add at least one file, link or narrative.");
        if (state.Errors.Count > 0) return Form(context, state);

        Outcome<Submission> outcome = await service.ResubmitAsync(submission.IssuerId, submission.Id, new SubmissionContent(evidence, responses), AssessmentLinks.TeacherActor, http.RequestAborted);
        switch (outcome)
        {
            case Done<Submission>:
                return SeeOther(context.Urls.SubmissionPage(token) + "?submitted");
            case Invalid<Submission> invalid:
                foreach (FieldError error in invalid.Errors) state.Error(FieldOf(error.Pointer, evidenceFields, responseFields), Label(error, context.Achievement, responses) + error.Detail);
                return Form(context, state);
            case Conflict<Submission> conflict:
                return Results.Content(Render(await data.LoadAsync(await service.ByTeacherTokenAsync(token, http.RequestAborted) ?? submission, token, http.RequestAborted),
                    FormState.Empty, false, conflict.Detail), MediaType, Encoding.UTF8, StatusCodes.Status409Conflict);
            default:
                return NotFound();
        }
    }

    /// <summary>Reads a bounded form: the whole body at most <paramref name="limit"/> bytes; a form over a bound or unreadable is a 413 or 400 page.</summary>
    internal static async Task<(IFormCollection? Form, IResult? Refusal)> ReadFormAsync(HttpContext http, long limit, int valueCount, int valueBytes)
    {
        if (!http.Request.HasFormContentType)
            return (null, Refused(StatusCodes.Status415UnsupportedMediaType, "This is not the page's form", "The page's form is sent as multipart/form-data or application/x-www-form-urlencoded."));
        if (http.Request.ContentLength > limit) return (null, TooLarge(limit));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        try
        {
            return (await http.Request.ReadFormAsync(new FormOptions
            {
                MultipartBodyLengthLimit = limit,
                ValueCountLimit = valueCount,
                ValueLengthLimit = valueBytes,
                KeyLengthLimit = 100,
                MultipartHeadersLengthLimit = 4096,
                BufferBodyLengthLimit = limit,
            }, http.RequestAborted), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(limit));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Refused(StatusCodes.Status400BadRequest, "The form could not be read", "The browser sent a form the service cannot read. Reload the page and try again."));
        }
    }

    private static IResult TooLarge(long limit) => Refused(StatusCodes.Status413PayloadTooLarge, "The form is too large",
        $"Everything sent at once may be at most {AssessmentPages.Size(limit)}. Go back, choose fewer or smaller files, and submit large work as links.");

    internal static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>A 303 See Other (RFC 9110 §15.4.4): after a form, the browser gets the page with GET.</summary>
    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private static IResult Form(Context context, FormState state) =>
        Results.Content(Render(context, state, false), MediaType, Encoding.UTF8, StatusCodes.Status422UnprocessableEntity);

    internal static IResult NotFound() => Refused(StatusCodes.Status404NotFound, "This submission link does not work",
        "The link is not one this service made, or it was cut short. Open it again from the e-mail it came in, or ask the program that invited you for a new one.");

    internal static IResult Refused(int status, string title, string detail) =>
        Results.Content(ClaimPage.Refused(title, detail), MediaType, Encoding.UTF8, status);

    /// <summary>The form field a service error's JSON pointer is about, or <c>null</c> for the form as a whole.</summary>
    private static string? FieldOf(string pointer, List<string> evidenceFields, List<string> responseFields)
    {
        string[] parts = pointer.Split('/');
        if (parts.Length >= 3 && int.TryParse(parts[2], out int index))
        {
            if (parts[1] == "evidence" && index < evidenceFields.Count) return evidenceFields[index];
            if (parts[1] == "responses" && index < responseFields.Count) return responseFields[index];
        }
        return null;
    }

    /// <summary>What a service error is about, in the page's words, in front of its detail.</summary>
    private static string Label(FieldError error, Achievement achievement, List<CriterionResponse> responses)
    {
        string[] parts = error.Pointer.Split('/');
        if (parts.Length >= 3 && parts[1] == "responses" && int.TryParse(parts[2], out int index) && index < responses.Count)
            return $"Your answer to {AssessmentPages.CriterionName(achievement, responses[index].ResultDescription)}: ";
        return parts.Length >= 2 && parts[1] is "evidence" ? "Evidence: " : parts.Length >= 2 && parts[1] is "responses" ? "Answers: " : "";
    }

    internal static string AnswerField(string key) => $"answer-{key}";

    private static string StateWords(Submission submission) => submission.State switch
    {
        SubmissionStates.Invited => "Waiting for your evidence",
        SubmissionStates.Submitted => "Submitted: waiting for the assessors",
        SubmissionStates.InReview => "In review: the assessors are reviewing it",
        SubmissionStates.Met => "Met: you have earned the badge",
        SubmissionStates.NotYetMet => "Not met yet: read the feedback and submit again",
        SubmissionStates.Withdrawn => "Withdrawn: nothing more happens to it",
        _ => submission.State,
    };

    /// <summary>The page: the achievement, the state, the rounds, and the form while the teacher may submit.</summary>
    internal static string Render(Context context, FormState state, bool sent, string? notice = null)
    {
        (Submission submission, Achievement achievement, string token) = (context.Submission, context.Achievement, context.Token);
        bool open = submission.State is SubmissionStates.Invited or SubmissionStates.NotYetMet;
        string css = submission.State switch { SubmissionStates.Met => "valid", SubmissionStates.NotYetMet or SubmissionStates.Withdrawn => "invalid", _ => "unsure" };
        StringBuilder main = new("<article>");
        main.Append(AssessmentPages.ErrorSummary(state.Errors));
        main.Append($"<h1>{E(achievement.Name)}</h1>");
        if (sent) main.Append("<div class=\"verdict valid\" role=\"status\"><strong>Thank you: your evidence is submitted.</strong>Assessors will review it against the rubric; you get an e-mail when they have decided.</div>");
        if (notice is not null) main.Append($"<div class=\"verdict invalid\" role=\"alert\"><strong>{E(notice)}</strong></div>");
        main.Append($"<div class=\"verdict {css}\"><strong>{E(StateWords(submission))}</strong></div>");
        main.Append("<dl class=\"facts\">");
        main.Append($"<dt>Offered by</dt><dd>{E(context.IssuerName)}</dd>");
        if (submission.Candidate.Name is { } name) main.Append($"<dt>For</dt><dd>{E(name)}</dd>");
        if (submission.AwardId is { } awardId) main.Append($"<dt>Your badge</dt><dd><a href=\"{E(context.Urls.Credential(awardId))}\">Open the badge page</a></dd>");
        main.Append("</dl>");
        main.Append($"<h2>About this badge</h2>{Markdown.ToHtml(achievement.Description)}");
        if (achievement.Criteria.Narrative is { } criteria) main.Append($"<h2>What it takes to earn it</h2>{Markdown.ToHtml(criteria)}");
        main.Append(AssessmentPages.Rubric(achievement));

        foreach (SubmissionRound round in submission.Rounds.Reverse())
        {
            main.Append($"<section aria-labelledby=\"round-{round.Number}\"><h2 id=\"round-{round.Number}\">Round {round.Number}, submitted {E(BadgePage.Date(round.SubmittedAt))}</h2>");
            main.Append("<h3>Your evidence</h3>").Append(context.Pages.Evidence(round.Evidence));
            if (round.Responses.Count > 0) main.Append("<h3>Your answers</h3>").Append(AssessmentPages.Responses(achievement, round.Responses));
            if (round.Decision is { } decision)
            {
                main.Append($"<h3>Decision: {(decision.Outcome == SubmissionStates.Met ? "met" : "not met yet")}</h3>");
                if (decision.Unmet.Count > 0)
                {
                    main.Append("<p>Not met yet:</p><ul>");
                    foreach (UnmetRule unmet in decision.Unmet) main.Append($"<li>{E(unmet.Detail)}</li>");
                    main.Append("</ul>");
                }
                foreach (Review review in round.Reviews)
                {
                    main.Append($"<h4>Feedback from {E(context.AssessorNames.GetValueOrDefault(review.AssessorId) ?? "an assessor")}</h4>");
                    if (review.Feedback is { Length: > 0 } feedback) main.Append(Markdown.ToHtml(feedback));
                    main.Append("<dl class=\"answers\">");
                    foreach (ReviewResult result in review.Results)
                    {
                        main.Append($"<dt>{E(AssessmentPages.CriterionName(achievement, result.ResultDescription))}: {E(AssessmentPages.Given(achievement, result))}</dt>");
                        main.Append($"<dd>{(result.Feedback is { Length: > 0 } said ? Markdown.ToHtml(said) : "<p class=\"hint\">No feedback on this criterion.</p>")}</dd>");
                    }
                    main.Append("</dl>");
                }
            }
            main.Append("</section>");
        }
        if (open) main.Append(FormHtml(context, state));
        main.Append("</article>");
        return Page($"Submission: {achievement.Name}", """<meta name="robots" content="noindex, nofollow">""", main.ToString());
    }

    private static string FormHtml(Context context, FormState state)
    {
        (Submission submission, Achievement achievement, string token) = (context.Submission, context.Achievement, context.Token);
        AssessmentSettings settings = context.Pages.Settings;
        StringBuilder form = new();
        form.Append($"<h2 id=\"submit\">{(submission.Rounds.Count == 0 ? "Submit your evidence" : "Submit again")}</h2>");
        form.Append($"<form method=\"post\" action=\"{E(context.Urls.SubmissionPage(token))}\" enctype=\"multipart/form-data\">");
        form.Append(context.Pages.FormToken(submission, token));
        form.Append($"<p class=\"hint\">Up to {settings.MaxEvidenceItems} pieces of evidence in all: files, links and a narrative. Assessors see what you submit here, and so does anyone you later show the badge to.</p>");
        string? filesError = state.FieldMessage("files");
        if (state.Kept.Count > 0)
        {
            form.Append("<fieldset><legend>Files already uploaded</legend>");
            foreach (EvidenceFile kept in state.Kept)
                form.Append($"<label class=\"choice\"><input type=\"checkbox\" name=\"keep\" value=\"{E(kept.Id)}\" checked> {E(kept.FileName ?? "Uploaded file")} ({E(AssessmentPages.Size(kept.Length))})</label>");
            form.Append("</fieldset>");
        }
        form.Append($"<label for=\"files\">Files</label><p class=\"hint\" id=\"files-hint\">Up to {MaxFilesPerPost} files at a time, each at most {E(context.Pages.MaxFileSize)}: documents, images, audio or video.</p>");
        form.Append($"<input type=\"file\" id=\"files\" name=\"files\" multiple aria-describedby=\"files-hint{(filesError is null ? "" : " files-error")}\"{(filesError is null ? "" : " aria-invalid=\"true\"")}>");
        form.Append(AssessmentPages.FieldError("files-error", filesError));
        form.Append("<fieldset><legend>Links</legend><p class=\"hint\">Web addresses of work you keep elsewhere, such as a video or a shared document (https://...).</p>");
        for (int i = 1; i <= LinkInputs; i++)
        {
            string id = $"url-{i}";
            string? error = state.FieldMessage(id);
            form.Append($"<label for=\"{id}\">Link {i}</label><input type=\"url\" id=\"{id}\" name=\"{id}\" value=\"{E(state.Links[i - 1])}\"{AssessmentPages.Described(id + "-error", error)}>");
            form.Append(AssessmentPages.FieldError(id + "-error", error));
        }
        form.Append("</fieldset>");
        string? narrativeError = state.FieldMessage("narrative");
        form.Append("<label for=\"narrative\">Narrative</label><p class=\"hint\" id=\"narrative-hint\">What you did and what you learned; Markdown is fine.</p>");
        form.Append($"<textarea class=\"prose\" id=\"narrative\" name=\"narrative\" aria-describedby=\"narrative-hint{(narrativeError is null ? "" : " narrative-error")}\"{(narrativeError is null ? "" : " aria-invalid=\"true\"")}>{E(state.Narrative)}</textarea>");
        form.Append(AssessmentPages.FieldError("narrative-error", narrativeError));
        if (achievement.ResultDescriptions.Count > 0)
        {
            bool required = achievement.Review?.RequireResponses == true;
            form.Append($"<h3>Your answers to the rubric</h3><p class=\"hint\">{(required ? "Answer every criterion" : "Answer the criteria you want the assessors to read about")}: how your evidence shows it.</p>");
            foreach (ResultDescription description in achievement.ResultDescriptions)
            {
                string id = AnswerField(description.Key);
                string? error = state.FieldMessage(id);
                form.Append($"<label for=\"{E(id)}\">{E(description.Name)}</label>");
                form.Append($"<textarea class=\"prose\" id=\"{E(id)}\" name=\"{E(id)}\"{(required ? " required" : "")}{AssessmentPages.Described(id + "-error", error)}>{E(state.Answers.GetValueOrDefault(description.Key))}</textarea>");
                form.Append(AssessmentPages.FieldError(id + "-error", error));
            }
        }
        form.Append("<p><button type=\"submit\" class=\"primary\">Submit for review</button></p></form>");
        return form.ToString();
    }

    /// <summary>What a page shows beside the submission: its achievement, its issuer's name and the names of its assessors.</summary>
    internal sealed record Context(Submission Submission, Achievement Achievement, string IssuerName, IReadOnlyDictionary<string, string> AssessorNames, string Token,
        AssessmentPages Pages, PublicUrls Urls);

    /// <summary>Loads what the teacher and review pages show beside a submission.</summary>
    public sealed class PageData(IAchievementStore achievements, IIssuerStore issuers, IAssessorStore assessors, AssessmentPages pages, PublicUrls urls)
    {
        internal async Task<Context> LoadAsync(Submission submission, string token, CancellationToken cancellationToken)
        {
            Achievement achievement = await achievements.GetAsync(submission.IssuerId, submission.AchievementId, cancellationToken)
                ?? throw new InvalidOperationException($"Submission {submission.Id} names achievement {submission.AchievementId}, which is gone.");
            string issuerName = (await issuers.GetAsync(submission.IssuerId, cancellationToken))?.Name ?? submission.IssuerId;
            Dictionary<string, string> names = new(StringComparer.Ordinal);
            foreach (string assessorId in submission.Rounds.SelectMany(r => r.Reviews).Select(r => r.AssessorId).Distinct(StringComparer.Ordinal))
                if (await assessors.GetAsync(assessorId, cancellationToken) is { } assessor) names[assessorId] = assessor.Name;
            return new Context(submission, achievement, issuerName, names, token, pages, urls);
        }
    }

    /// <summary>The values a posted form had and the errors found in it, to show the form again as it was.</summary>
    internal sealed class FormState
    {
        public static FormState Empty => new();

        public string?[] Links { get; } = new string?[LinkInputs];
        public string? Narrative { get; private set; }
        public Dictionary<string, string> Answers { get; } = new(StringComparer.Ordinal);
        public List<EvidenceFile> Kept { get; } = [];
        public List<(string? FieldId, string Message)> Errors { get; } = [];

        public static FormState From(IFormCollection form, Achievement achievement)
        {
            FormState state = new() { Narrative = Trimmed(form["narrative"]) };
            for (int i = 1; i <= LinkInputs; i++) state.Links[i - 1] = Trimmed(form[$"url-{i}"]);
            foreach (ResultDescription description in achievement.ResultDescriptions)
                if (Trimmed(form[AnswerField(description.Key)]) is { } answer) state.Answers[description.Key] = answer;
            return state;
        }

        public void Error(string? fieldId, string message) => Errors.Add((fieldId, message));

        /// <summary>The errors of one field as one text, or <c>null</c>.</summary>
        public string? FieldMessage(string fieldId) =>
            Errors.Where(e => e.FieldId == fieldId).Select(e => e.Message).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

        private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
