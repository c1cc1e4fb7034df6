// Issue 16, item 4: an assessor's review page, opened by the review link of one round (/review/{token},
// AssessmentLinks.ReviewerOf) from the review mail. It shows the achievement's criteria, the round's evidence (files as
// links to their public address, links, narratives) and the teacher's answers, and the rubric as a form that works
// without script: per criterion a fieldset of radio buttons for its levels (each with its description), its allowed
// values or statuses, or a value input, and a feedback field; overall feedback. The post goes to ReviewService as the
// assessor ("review-link:{assessorId}"); a review already given makes the link show a thank-you (one review per round).
// Review is blind: the page names neither the candidate nor their organisation, and never shows an e-mail address —
// assignment has already kept out assessors of the candidate's organisation and those with a conflict, so the assessor
// needs nothing about the person to score the work.
using System.Text;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using static BadgeIssuer.Api.PublicPages.Html;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET</c> and <c>POST /review/{token}</c>: an assessor's review page of one round of a submission.</summary>
public static class ReviewPage
{
    /// <summary>The largest review form, in bytes: feedback per criterion and overall, well within the service's text limits.</summary>
    private const int MaxFormBytes = 512 * 1024;

    /// <summary>The actor a review through the page is recorded as.</summary>
    public static string Actor(string assessorId) => $"review-link:{assessorId}";

    public static void MapReviewPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/review/{token}", GetAsync).WithTags("Public pages").HasSecretInPath()
            .WithName("GetReviewPage")
            .WithSummary("An assessor's review page (the review link of one round): the evidence, the teacher's answers and the rubric as a form; a thank-you once reviewed")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html").Produces<string>(StatusCodes.Status410Gone, "text/html");
        app.MapPost("/review/{token}", PostAsync).WithTags("Public pages").HasSecretInPath()
            .WithName("PostReviewPage")
            .WithSummary("Send the review (a level or value and feedback per rubric criterion, overall feedback) through the review page; 303 to the page on success, the thank-you (200) when already reviewed, the form again with its errors (422) when refused")
            .Produces(StatusCodes.Status303SeeOther).Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces<string>(StatusCodes.Status400BadRequest, "text/html").Produces<string>(StatusCodes.Status403Forbidden, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html").Produces<string>(StatusCodes.Status410Gone, "text/html")
            .Produces<string>(StatusCodes.Status413PayloadTooLarge, "text/html").Produces<string>(StatusCodes.Status415UnsupportedMediaType, "text/html")
            .Produces<string>(StatusCodes.Status422UnprocessableEntity, "text/html")
            .DisableAntiforgery();
    }

    /// <summary>The submission and the assessor a review link opens, or <c>null</c>.</summary>
    private static async Task<(Submission Submission, string AssessorId)?> OpenAsync(string token, ISubmissionStore submissions, AssessmentLinks links, CancellationToken cancellationToken) =>
        AssessmentLinks.SubmissionIdOf(token) is { } id && await submissions.GetAsync(id, cancellationToken) is { } submission
            && links.ReviewerOf(submission, token) is { } assessorId
            ? (submission, assessorId)
            : null;

    private static async Task<IResult> GetAsync(string token, HttpContext http, ISubmissionStore submissions, AssessmentLinks links, SubmissionPage.PageData data)
    {
        ClaimPage.Private(http);
        if (await OpenAsync(token, submissions, links, http.RequestAborted) is not var (submission, assessorId)) return NotFound();
        if (Closed(submission, assessorId) is { } closed) return closed;
        SubmissionPage.Context context = await data.LoadAsync(submission, token, http.RequestAborted);
        return Results.Content(Render(context, ReviewForm.Empty), MediaType, Encoding.UTF8);
    }

    private static async Task<IResult> PostAsync(string token, HttpContext http, ISubmissionStore submissions, AssessmentLinks links, ReviewService reviews,
        SubmissionPage.PageData data, AssessmentPages pages)
    {
        ClaimPage.Private(http);
        if (await OpenAsync(token, submissions, links, http.RequestAborted) is not var (submission, assessorId)) return NotFound();
        if (pages.CrossSite(http.Request)) return SubmissionPage.Refused(StatusCodes.Status403Forbidden, "This form was sent from another site", "The review page only takes its own form. Open your review link and review from there.");
        (IFormCollection? form, IResult? unreadable) = await SubmissionPage.ReadFormAsync(http, MaxFormBytes, 200, MaxFormBytes);
        if (form is null) return unreadable!;
        if (!pages.Accepts(submission, token, form))
            return SubmissionPage.Refused(StatusCodes.Status403Forbidden, "This form has expired", "The form did not carry the token its page gave it. Open your review link again and review from the page.");
        if (Closed(submission, assessorId) is { } closed) return closed;
        SubmissionPage.Context context = await data.LoadAsync(submission, token, http.RequestAborted);
        ReviewForm state = ReviewForm.From(form, context.Achievement);
        if (state.Errors.Count > 0) return Form(context, state);

        Outcome<Submission> outcome = await reviews.ReviewAsync(submission.IssuerId, submission.Id, assessorId, state.Review(context.Achievement), Actor(assessorId), http.RequestAborted);
        switch (outcome)
        {
            case Done<Submission>:
            case Conflict<Submission>:
                return SubmissionPage.SeeOther(context.Urls.ReviewPage(token));
            case Invalid<Submission> invalid:
                foreach (FieldError error in invalid.Errors) state.Error(FieldOf(error.Pointer, context.Achievement), Label(error.Pointer, context.Achievement) + error.Detail);
                return Form(context, state);
            default:
                return Gone();
        }
    }

    /// <summary>The page to show instead of the form when the assessor has reviewed this round, or the round is no longer under review.</summary>
    private static IResult? Closed(Submission submission, string assessorId)
    {
        if (submission.Current.Reviews.Any(r => string.Equals(r.AssessorId, assessorId, StringComparison.Ordinal)))
            return Results.Content(Page("Thank you for your review", """<meta name="robots" content="noindex, nofollow">""", """
                <article>
                <h1>Thank you for your review</h1>
                <div class="verdict valid" role="status"><strong>Your review is in.</strong>The teacher gets your feedback once the submission is decided. A review link works once: this one is used.</div>
                </article>
                """), MediaType, Encoding.UTF8);
        return submission.OpenAssessorIds().Contains(assessorId, StringComparer.Ordinal) ? null : Gone();
    }

    private static IResult Gone() => SubmissionPage.Refused(StatusCodes.Status410Gone, "This review is closed",
        "The submission was decided, withdrawn or resubmitted, or the assignment ended, so it takes no review through this link.");

    private static IResult NotFound() => SubmissionPage.Refused(StatusCodes.Status404NotFound, "This review link does not work",
        "The link is not one this service made, it was cut short, or it is the link of an earlier round. Open it again from the e-mail it came in.");

    private static IResult Form(SubmissionPage.Context context, ReviewForm state) =>
        Results.Content(Render(context, state), MediaType, Encoding.UTF8, StatusCodes.Status422UnprocessableEntity);

    /// <summary>The field of the review form a service error's pointer (<c>/results/{i}/...</c>, <c>/feedback</c>) is about.</summary>
    private static string? FieldOf(string pointer, Achievement achievement)
    {
        string[] parts = pointer.Split('/');
        if (parts.Length >= 3 && parts[1] == "results" && int.TryParse(parts[2], out int index) && index < achievement.ResultDescriptions.Count)
            return parts.Length >= 4 && parts[3] == "feedback" ? FeedbackField(achievement.ResultDescriptions[index].Key) : ScoreField(achievement.ResultDescriptions[index]);
        return pointer == "/feedback" ? "feedback" : null;
    }

    private static string Label(string pointer, Achievement achievement)
    {
        string[] parts = pointer.Split('/');
        return parts.Length >= 3 && parts[1] == "results" && int.TryParse(parts[2], out int index) && index < achievement.ResultDescriptions.Count
            ? $"{achievement.ResultDescriptions[index].Name}: "
            : pointer == "/feedback" ? "Overall feedback: " : "";
    }

    private static string ScoreName(ResultDescription description) => $"score-{description.Key}";

    /// <summary>The id of the first input of a criterion's score, where its error summary links.</summary>
    private static string ScoreField(ResultDescription description) => Choices(description) is { Count: > 0 } choices
        ? $"score-{description.Key}-{choices[0].Value}"
        : ScoreName(description);

    private static string FeedbackField(string key) => $"feedback-{key}";

    /// <summary>The choices of a criterion: its rubric levels (with their descriptions), allowed values or statuses; none for a free value.</summary>
    private static IReadOnlyList<(string Value, string Label, string? Description)> Choices(ResultDescription description) =>
        description.RubricCriterionLevels.Count > 0 ? [.. description.RubricCriterionLevels.Select(l => (l.Key, l.Name, l.Description))]
        : description.AllowedValues.Count > 0 ? [.. description.AllowedValues.Select(v => (v, v, (string?)null))]
        : description.ResultType == "Status" ? [.. ResultTypes.Statuses.Order(StringComparer.Ordinal).Select(s => (s, s, (string?)null))]
        : [];

    /// <summary>The page: what to review, and the rubric as a form.</summary>
    internal static string Render(SubmissionPage.Context context, ReviewForm state)
    {
        (Submission submission, Achievement achievement, string token) = (context.Submission, context.Achievement, context.Token);
        SubmissionRound round = submission.Current;
        StringBuilder main = new("<article>");
        main.Append(AssessmentPages.ErrorSummary(state.Errors));
        main.Append($"<h1>Review: {E(achievement.Name)}</h1>");
        main.Append("<dl class=\"facts\">");
        main.Append($"<dt>For</dt><dd>{E(context.IssuerName)}</dd>");
        main.Append($"<dt>Round</dt><dd>{round.Number}{(round.Number > 1 ? " (a resubmission after feedback)" : "")}</dd>");
        main.Append($"<dt>Submitted</dt><dd>{E(BadgePage.Date(round.SubmittedAt))}</dd>");
        main.Append("</dl>");
        main.Append("<p class=\"hint\">The review is blind: this page does not name the candidate. Score the work against the rubric, and say in your feedback what would raise each score.</p>");
        if (achievement.Criteria.Narrative is { } criteria) main.Append($"<h2>What it takes to earn it</h2>{Markdown.ToHtml(criteria)}");
        main.Append("<h2>The evidence</h2>").Append(context.Pages.Evidence(round.Evidence));
        if (round.Responses.Count > 0) main.Append("<h2>The candidate's answers</h2>").Append(AssessmentPages.Responses(achievement, round.Responses));

        main.Append("<h2 id=\"your-review\">Your review</h2>");
        main.Append($"<form method=\"post\" action=\"{E(context.Urls.ReviewPage(token))}\">");
        main.Append(context.Pages.FormToken(submission, token));
        foreach (ResultDescription description in achievement.ResultDescriptions)
        {
            string score = ScoreName(description);
            string? scoreError = state.FieldMessage(ScoreField(description));
            string errorId = score + "-error";
            IReadOnlyList<(string Value, string Label, string? Description)> choices = Choices(description);
            string? chosen = state.Scores.GetValueOrDefault(description.Key);
            if (choices.Count > 0)
            {
                main.Append($"<fieldset{AssessmentPages.Described(errorId, scoreError)}><legend>{E(description.Name)}</legend>");
                main.Append(AssessmentPages.FieldError(errorId, scoreError));
                foreach ((string value, string label, string? meaning) in choices)
                {
                    string id = $"{score}-{value}";
                    string describedBy = meaning is null ? "" : $" aria-describedby=\"{E(id)}-description\"";
                    main.Append($"<div class=\"choice\"><input type=\"radio\" id=\"{E(id)}\" name=\"{E(score)}\" value=\"{E(value)}\"{(value == chosen ? " checked" : "")}{describedBy}>");
                    main.Append($"<label for=\"{E(id)}\">{E(label)}</label>");
                    if (meaning is not null) main.Append($"<p class=\"hint\" id=\"{E(id)}-description\">{E(meaning)}</p>");
                    main.Append("</div>");
                }
            }
            else
            {
                main.Append($"<fieldset><legend>{E(description.Name)}</legend>");
                main.Append($"<label for=\"{E(score)}\">Score</label><p class=\"hint\" id=\"{E(score)}-hint\">{E(AssessmentPages.ValueHint(description))}</p>");
                main.Append($"<input type=\"text\" inputmode=\"decimal\" id=\"{E(score)}\" name=\"{E(score)}\" value=\"{E(chosen)}\" aria-describedby=\"{E(score)}-hint{(scoreError is null ? "" : " " + errorId)}\"{(scoreError is null ? "" : " aria-invalid=\"true\"")}>");
                main.Append(AssessmentPages.FieldError(errorId, scoreError));
            }
            string feedback = FeedbackField(description.Key);
            string? feedbackError = state.FieldMessage(feedback);
            main.Append($"<label for=\"{E(feedback)}\">Feedback on {E(description.Name)}</label>");
            main.Append($"<textarea class=\"prose\" id=\"{E(feedback)}\" name=\"{E(feedback)}\"{AssessmentPages.Described(feedback + "-error", feedbackError)}>{E(state.Feedback.GetValueOrDefault(description.Key))}</textarea>");
            main.Append(AssessmentPages.FieldError(feedback + "-error", feedbackError));
            main.Append("</fieldset>");
        }
        string? overallError = state.FieldMessage("feedback");
        main.Append("<label for=\"feedback\">Overall feedback</label>");
        main.Append($"<textarea class=\"prose\" id=\"feedback\" name=\"feedback\"{AssessmentPages.Described("feedback-error", overallError)}>{E(state.Overall)}</textarea>");
        main.Append(AssessmentPages.FieldError("feedback-error", overallError));
        main.Append("<p><button type=\"submit\" class=\"primary\">Send the review</button></p></form></article>");
        return Page($"Review: {achievement.Name}", """<meta name="robots" content="noindex, nofollow">""", main.ToString());
    }

    /// <summary>A posted review form: the score and feedback per criterion, the overall feedback, and what is missing.</summary>
    internal sealed class ReviewForm
    {
        public static ReviewForm Empty => new();

        public Dictionary<string, string> Scores { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Feedback { get; } = new(StringComparer.Ordinal);
        public string? Overall { get; private set; }
        public List<(string? FieldId, string Message)> Errors { get; } = [];

        public static ReviewForm From(IFormCollection form, Achievement achievement)
        {
            ReviewForm state = new() { Overall = Trimmed(form["feedback"]) };
            foreach (ResultDescription description in achievement.ResultDescriptions)
            {
                if (Trimmed(form[ScoreName(description)]) is { } score) state.Scores[description.Key] = score;
                else state.Error(ScoreField(description), $"{description.Name}: {(Choices(description).Count > 0 ? "choose a level" : "give a score")}.");
                if (Trimmed(form[FeedbackField(description.Key)]) is { } feedback) state.Feedback[description.Key] = feedback;
            }
            return state;
        }

        /// <summary>The review the form says, one result per criterion in the achievement's order.</summary>
        public NewReview Review(Achievement achievement) => new(
            [.. achievement.ResultDescriptions.Select(d =>
            {
                string? score = Scores.GetValueOrDefault(d.Key);
                string? feedback = Feedback.GetValueOrDefault(d.Key);
                return d.RubricCriterionLevels.Count > 0 ? new ReviewResult(d.Key, AchievedLevel: score, Feedback: feedback)
                    : d.ResultType == "Status" && d.AllowedValues.Count == 0 ? new ReviewResult(d.Key, Status: score, Feedback: feedback)
                    : new ReviewResult(d.Key, Value: score, Feedback: feedback);
            })],
            Overall);

        public void Error(string? fieldId, string message) => Errors.Add((fieldId, message));

        public string? FieldMessage(string fieldId) =>
            Errors.Where(e => e.FieldId == fieldId).Select(e => e.Message).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

        private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
