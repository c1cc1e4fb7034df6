// Issue 16: the e-mails of submission and review, written when the mail worker sends them (MailJob holds ids only):
// the invitation with the teacher link to the candidate, the review link to an assigned assessor, and the decision of a
// round to the candidate. Plain text and HTML alternatives (RFC 2046 §5.1.4); From, To, Subject, Date and Message-ID as
// RFC 5322 §3.6 asks; Auto-Submitted: auto-generated (RFC 3834 §5). A review mail names the achievement and never the
// candidate: review is blind (the assignment has already kept out assessors of the candidate's organisation and those
// with a conflict). Addresses are never logged and never in a reason a job keeps.
using System.Globalization;
using System.Net;
using System.Text;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using MimeKit;
using MimeKit.Utils;

namespace BadgeIssuer.Api.Mail;

/// <summary>Writes the e-mail of a queued mail of review (<see cref="MailKind.Invitation"/>, <see cref="MailKind.Review"/>, <see cref="MailKind.Decision"/>).</summary>
public sealed class AssessmentMail(ISubmissionStore submissions, IAchievementStore achievements, IAssessorStore assessors, IIssuerStore issuers,
    AssessmentLinks links, PublicUrls urls, MailOptions options)
{
    /// <summary>
    /// The message of <paramref name="job"/> as things are now, or why it is not sent (in a sentence without addresses):
    /// the submission is gone or withdrawn, the assessor was removed or has reviewed, or the link's key left the ring.
    /// </summary>
    public async Task<(MimeMessage? Message, string? Skipped)> ComposeAsync(MailJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.SubmissionId is null || await submissions.GetAsync(job.SubmissionId, cancellationToken) is not { } submission)
            return (null, "The submission no longer exists.");
        if (submission.State == SubmissionStates.Withdrawn) return (null, "The submission was withdrawn before the mail was sent.");
        Achievement? achievement = await achievements.GetAsync(submission.IssuerId, submission.AchievementId, cancellationToken);
        string issuerName = (await issuers.GetAsync(submission.IssuerId, cancellationToken))?.Name ?? "The badge issuer";
        string achievementName = achievement?.Name ?? "the badge";
        switch (job.Kind)
        {
            case MailKind.Invitation:
            {
                if (links.TeacherToken(submission) is not { } token) return (null, "The submission's link key has left the key ring, so its teacher link cannot be made.");
                Body body = new();
                body.Paragraph($"Hello{Named(submission.Candidate.Name)},");
                body.Paragraph($"{issuerName} invites you to earn the badge \"{achievementName}\" by submitting evidence of your practice: files, links and a short narrative, and an answer to each criterion of its rubric.");
                if (achievement?.Criteria.Narrative is { } criteria) body.Heading("What it takes").Paragraph(criteria);
                body.Paragraph("Submit your evidence here:").Link(urls.SubmissionPage(token));
                body.Paragraph("Assessors outside your organisation review it against the rubric; you get their feedback by e-mail. The link is for you alone: anyone who has it can submit in your name.");
                return (Compose(submission.Candidate.Email, submission.Candidate.Name, $"{issuerName}: submit your evidence for {achievementName}", body, now), null);
            }
            case MailKind.Review:
            {
                if (job.AssessorId is null || await assessors.GetAsync(job.AssessorId, cancellationToken) is not { RemovedAt: null } assessor)
                    return (null, "The assessor was removed before the review mail was sent.");
                if (submission.Rounds.Count == 0 || submission.Current.Number != job.Round || !submission.OpenAssessorIds().Contains(assessor.Id, StringComparer.Ordinal))
                    return (null, "The review is no longer open (reviewed, decided or resubmitted) for this assessor.");
                if (links.ReviewToken(submission, submission.Current.Number, assessor.Id) is not { } token)
                    return (null, "The submission's link key has left the key ring, so its review link cannot be made.");
                Assignment assignment = submission.Current.Assignments.First(a => string.Equals(a.AssessorId, assessor.Id, StringComparison.Ordinal));
                Body body = new();
                body.Paragraph($"Hello{Named(assessor.Name)},");
                body.Paragraph($"{issuerName} asks you to review a submission for the badge \"{achievementName}\"" + (assignment.TieBreak
                    ? ": two reviews disagree on whether it meets the criteria, and yours decides."
                    : "."));
                body.Paragraph("The review page shows the evidence, the candidate's answers and the rubric with its level descriptions; score each criterion and give feedback there:")
                    .Link(urls.ReviewPage(token));
                body.Paragraph("The review is blind: the page does not name the candidate. The link is for you alone and works once.");
                return (Compose(assessor.Email, assessor.Name, $"Review request: {achievementName}", body, now), null);
            }
            case MailKind.Decision:
            {
                if (submission.Rounds.FirstOrDefault(r => r.Number == job.Round) is not { Decision: { } decision } round)
                    return (null, "The round has no decision to tell.");
                string? token = links.TeacherToken(submission);
                Body body = new();
                body.Paragraph($"Hello{Named(submission.Candidate.Name)},");
                if (decision.Outcome == SubmissionStates.Met)
                {
                    body.Paragraph($"Your submission for \"{achievementName}\" meets its criteria: {issuerName} has awarded you the badge. "
                        + "The badge itself comes in a separate e-mail with the link to claim it.");
                    if (token is not null) body.Paragraph("The assessors' feedback is on your submission page:").Link(urls.SubmissionPage(token));
                    return (Compose(submission.Candidate.Email, submission.Candidate.Name, $"Badge earned: {achievementName}", body, now), null);
                }
                if (token is null) return (null, "The submission's link key has left the key ring, so its teacher link cannot be made.");
                body.Paragraph($"The assessors reviewed your submission for \"{achievementName}\": it does not meet the criteria yet. Here is what they said, and what is missing.");
                if (decision.Unmet.Count > 0)
                {
                    body.Heading("Not met yet");
                    foreach (UnmetRule unmet in decision.Unmet) body.Item(unmet.Detail);
                }
                foreach (Review review in round.Reviews)
                {
                    Assessor? reviewer = await assessors.GetAsync(review.AssessorId, cancellationToken);
                    body.Heading($"Feedback from {reviewer?.Name ?? "an assessor"}");
                    if (review.Feedback is { Length: > 0 } overall) body.Paragraph(overall);
                    foreach (ReviewResult result in review.Results)
                        body.Item(Criterion(achievement, result));
                }
                body.Paragraph("You can submit new evidence and answers here:").Link(urls.SubmissionPage(token));
                return (Compose(submission.Candidate.Email, submission.Candidate.Name, $"Feedback on your submission: {achievementName}", body, now), null);
            }
            default:
                return (null, $"A {job.Kind} mail is not a mail of review.");
        }
    }

    /// <summary>One criterion of a review in words: its name, the level or value given, and the feedback on it.</summary>
    internal static string Criterion(Achievement? achievement, ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ResultDescription? description = achievement?.ResultDescriptions.FirstOrDefault(d => string.Equals(d.Key, result.ResultDescription, StringComparison.Ordinal));
        string level = result.AchievedLevel is { } key
            ? description?.RubricCriterionLevels.FirstOrDefault(l => string.Equals(l.Key, key, StringComparison.Ordinal))?.Name ?? key
            : result.Value ?? result.Status ?? "no score";
        return $"{description?.Name ?? result.ResultDescription}: {level}" + (result.Feedback is { Length: > 0 } feedback ? $". {feedback}" : "");
    }

    private MimeMessage Compose(string to, string? name, string subject, Body body, DateTimeOffset now)
    {
        MailboxAddress from = MailboxAddress.Parse(options.From);
        MimeMessage message = new();
        message.From.Add(from);
        message.To.Add(new MailboxAddress(OneLine(name), to));
        message.Subject = OneLine(subject);
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(from.Domain);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        body.Paragraph("If you did not expect this message, you can ignore it.");
        message.Body = new BodyBuilder { TextBody = body.Text(), HtmlBody = body.Html(subject) }.ToMessageBody();
        return message;
    }

    private static string Named(string? name) => name is { Length: > 0 } ? " " + name : "";

    /// <summary>A display text for a header: line breaks and other control characters become spaces.</summary>
    private static string OneLine(string? text) => new([.. (text ?? "").Select(c => char.IsControl(c) ? ' ' : c)]);

    /// <summary>A mail's content as blocks, written once as plain text and as HTML.</summary>
    private sealed class Body
    {
        private readonly List<(char Kind, string Text)> _blocks = [];

        public Body Paragraph(string text) => Add('p', text);

        public Body Heading(string text) => Add('h', text);

        public Body Item(string text) => Add('i', text);

        public Body Link(string url) => Add('a', url);

        private Body Add(char kind, string text)
        {
            _blocks.Add((kind, text));
            return this;
        }

        public string Text()
        {
            StringBuilder text = new();
            foreach ((char kind, string block) in _blocks)
                text.Append(kind switch { 'i' => "- " + block + "\n", 'h' => block + "\n\n", _ => block + "\n\n" });
            return text.ToString();
        }

        public string Html(string title)
        {
            static string E(string value) => WebUtility.HtmlEncode(value);
            StringBuilder html = new();
            html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head>");
            html.Append("<body style=\"font-family: system-ui, sans-serif; color: #111827; max-width: 36rem; margin: 0 auto; padding: 1rem;\">");
            bool list = false;
            foreach ((char kind, string block) in _blocks)
            {
                if (kind == 'i' && !list) html.Append("<ul>");
                if (kind != 'i' && list) html.Append("</ul>");
                list = kind == 'i';
                html.Append(kind switch
                {
                    'h' => $"<h2 style=\"font-size: 1.1rem;\">{E(block)}</h2>",
                    'i' => $"<li>{E(block)}</li>",
                    'a' => $"<p><a href=\"{E(block)}\">{E(block)}</a></p>",
                    _ => $"<p>{E(block).Replace("\n", "<br>", StringComparison.Ordinal)}</p>",
                });
            }
            if (list) html.Append("</ul>");
            return html.Append("</body></html>").ToString();
        }
    }
}
