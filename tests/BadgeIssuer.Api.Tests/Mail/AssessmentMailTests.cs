using BadgeIssuer.Api.Mail;
using BadgeIssuer.Api.Tests.Assessment;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace BadgeIssuer.Api.Tests.Mail;

/// <summary>
/// Issue 16: the mails of review sent to a real SMTP server process (<see cref="SmtpCatcher"/>, aiosmtpd) by the mail
/// worker and parsed with MimeKit: the invitation with the teacher link, the review link to the assigned assessor (naming
/// the achievement, never the candidate), the decision with the feedback per criterion, the unmet rules and the link to
/// submit again, the next round's review link, and the note when met; a mail that no longer applies when its turn comes
/// is not written; nothing at all when mail is off.
/// </summary>
public sealed class AssessmentMailTests : MailTestBase
{
    private static SubmissionContent Content(string narrative) => new(
        [new SubmissionEvidence(Url: "https://video.example.org/lesson-1"), new SubmissionEvidence(Url: "https://docs.example.org/rubric"), new SubmissionEvidence(Name: "Narrative", Narrative: narrative)],
        [.. Assessing.Answers.Select(a => new CriterionResponse(a.Key, a.Text))]);

    private static NewReview Review(string taskDesign, string? feedback) => new(
        [new ReviewResult("task-design", AchievedLevel: taskDesign, Feedback: feedback), new ReviewResult("rubric-alignment", AchievedLevel: "proficient"),
            new ReviewResult("student-work-analysis", AchievedLevel: "exemplary", Feedback: "A fine analysis.")],
        "Close: the task needs student directions.");

    private static (MimeMessage Message, string[] Recipients) Only(List<(MimeMessage Message, string[] Recipients)> mails, string subjectStart) =>
        Assert.Single(mails, m => m.Message.Subject!.StartsWith(subjectStart, StringComparison.Ordinal));

    [Fact]
    public async Task Invitation_review_and_decision_mails_carry_their_links_and_the_feedback_and_never_name_the_candidate_to_the_assessor()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start());
        ApiFactory api = Own(ApiFactory.With(smtp.Settings()));
        (string issuerId, string achievementId) = await Assessing.ReviewedAchievementAsync(api);
        Assessor assessor = await Assessing.AssessorAsync(api, issuerId);
        SubmissionService submissions = api.Services.GetRequiredService<SubmissionService>();
        ReviewService reviews = api.Services.GetRequiredService<ReviewService>();

        Submission invited = await Assessing.InviteAsync(api, issuerId, achievementId);
        (MimeMessage invitation, string[] teacher) = Assert.Single(await smtp.WaitForAsync(1));
        string teacherLink = Assessing.TeacherLink(api, invited);
        Assert.Equal([Assessing.TeacherEmail], teacher);
        Assert.Equal(Assessing.TeacherName, Assert.Single(invitation.To.Mailboxes).Name);
        Assert.Equal("Riverside Center for Teacher Learning: submit your evidence for Basic Performance Assessment Design", invitation.Subject);
        Assert.Equal("auto-generated", invitation.Headers["Auto-Submitted"]);
        Assert.Contains(teacherLink, invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{teacherLink}\"", invitation.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("every component must reach **Proficient**", invitation.TextBody, StringComparison.Ordinal);

        Submission first = Assert.IsType<Done<Submission>>(await submissions.ResubmitAsync(issuerId, invited.Id, Content("Round one."), AssessmentLinks.TeacherActor, default)).Value;
        (MimeMessage request, string[] reviewer) = (await smtp.WaitForAsync(2))[1];
        string reviewLink = Assessing.ReviewLink(api, first, assessor.Id);
        Assert.Equal([Assessing.AssessorEmail], reviewer);
        Assert.Equal("Review request: Basic Performance Assessment Design", request.Subject);
        Assert.Contains(reviewLink, request.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{reviewLink}\"", request.HtmlBody, StringComparison.Ordinal);
        foreach (string candidate in new[] { Assessing.TeacherEmail, Assessing.TeacherName, Assessing.TeacherSchool })
        {
            Assert.DoesNotContain(candidate, request.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain(candidate, request.HtmlBody, StringComparison.Ordinal);
        }

        Assert.IsType<Done<Submission>>(await reviews.ReviewAsync(issuerId, invited.Id, assessor.Id, Review("developing", "Add student directions."), "review-link:" + assessor.Id, default));
        (MimeMessage decision, string[] decided) = (await smtp.WaitForAsync(3))[2];
        Assert.Equal([Assessing.TeacherEmail], decided);
        Assert.Equal("Feedback on your submission: Basic Performance Assessment Design", decision.Subject);
        Assert.Contains($"Feedback from {Assessing.AssessorName}", decision.TextBody, StringComparison.Ordinal);
        Assert.Contains("Close: the task needs student directions.", decision.TextBody, StringComparison.Ordinal);
        Assert.Contains("- Performance task design: Developing. Add student directions.", decision.TextBody, StringComparison.Ordinal);
        Assert.Contains("- Analysis of scored student work: Exemplary. A fine analysis.", decision.TextBody, StringComparison.Ordinal);
        Assert.Contains("Not met yet", decision.TextBody, StringComparison.Ordinal);
        Assert.Contains("- 'Performance task design' requires rubric level 'Proficient' or higher; found 'Developing'.", decision.TextBody, StringComparison.Ordinal);
        Assert.Contains(teacherLink, decision.TextBody, StringComparison.Ordinal);
        Assert.Contains("<li>Performance task design: Developing. Add student directions.</li>", decision.HtmlBody, StringComparison.Ordinal);

        Submission second = Assert.IsType<Done<Submission>>(await submissions.ResubmitAsync(issuerId, invited.Id, Content("Round two, with directions."), AssessmentLinks.TeacherActor, default)).Value;
        (MimeMessage again, _) = (await smtp.WaitForAsync(4))[3];
        string secondLink = Assessing.ReviewLink(api, second, assessor.Id);
        Assert.NotEqual(reviewLink, secondLink);
        Assert.Contains(secondLink, again.TextBody, StringComparison.Ordinal);

        Assert.IsType<Done<Submission>>(await reviews.ReviewAsync(issuerId, invited.Id, assessor.Id, Review("proficient", "Clear directions now."), "review-link:" + assessor.Id, default));
        (MimeMessage met, string[] metTo) = Only(await smtp.WaitForAsync(6), "Badge earned");
        Assert.Equal([Assessing.TeacherEmail], metTo);
        Assert.Contains("meets its criteria", met.TextBody, StringComparison.Ordinal);
        Assert.Contains(teacherLink, met.TextBody, StringComparison.Ordinal);
        Only(await smtp.MessagesAsync(), "Your badge from Riverside Center for Teacher Learning");
    }

    [Fact]
    public async Task A_mail_that_no_longer_applies_when_its_turn_comes_is_not_written_and_says_why_without_an_address()
    {
        ApiFactory api = Own(new ApiFactory());
        (string issuerId, string achievementId) = await Assessing.ReviewedAchievementAsync(api);
        Assessor assessor = await Assessing.AssessorAsync(api, issuerId);
        Submission invited = await Assessing.InviteAsync(api, issuerId, achievementId);
        SubmissionService submissions = api.Services.GetRequiredService<SubmissionService>();
        AssessmentMail mail = api.Services.GetRequiredService<AssessmentMail>();
        MailJob Job(MailKind kind, string submissionId, int? round = null, string? assessorId = null) =>
            MailJob.QueueAssessment(Ids.New(), issuerId, kind, submissionId, round, assessorId, api.Time.GetUtcNow());

        Assert.IsType<Done<Submission>>(await submissions.ResubmitAsync(issuerId, invited.Id, Content("Round one."), AssessmentLinks.TeacherActor, default));
        Assert.IsType<Done<Submission>>(await api.Services.GetRequiredService<ReviewService>().ReviewAsync(issuerId, invited.Id, assessor.Id, Review("developing", null), "review-link:" + assessor.Id, default));
        List<string?> reasons =
        [
            (await mail.ComposeAsync(Job(MailKind.Review, invited.Id, 1, assessor.Id), api.Time.GetUtcNow(), default)).Skipped,
            (await mail.ComposeAsync(Job(MailKind.Decision, invited.Id, 2), api.Time.GetUtcNow(), default)).Skipped,
            (await mail.ComposeAsync(Job(MailKind.Invitation, Ids.New()), api.Time.GetUtcNow(), default)).Skipped,
        ];
        Assert.IsType<Done<Submission>>(await submissions.WithdrawAsync(issuerId, invited.Id, "program-portal", default));
        reasons.Add((await mail.ComposeAsync(Job(MailKind.Decision, invited.Id, 1), api.Time.GetUtcNow(), default)).Skipped);

        Assert.Equal(
        [
            "The review is no longer open (reviewed, decided or resubmitted) for this assessor.",
            "The round has no decision to tell.",
            "The submission no longer exists.",
            "The submission was withdrawn before the mail was sent.",
        ], reasons);
    }

    [Fact]
    public async Task Without_mail_configured_nothing_is_queued()
    {
        ApiFactory api = Own(new ApiFactory());
        (string issuerId, string achievementId) = await Assessing.ReviewedAchievementAsync(api);
        await Assessing.AssessorAsync(api, issuerId);
        Submission invited = await Assessing.InviteAsync(api, issuerId, achievementId);
        Assert.IsType<Done<Submission>>(await api.Services.GetRequiredService<SubmissionService>().ResubmitAsync(issuerId, invited.Id, Content("Round one."), AssessmentLinks.TeacherActor, default));

        Assert.Null(await api.Services.GetRequiredService<ILeasedJobs<MailJob>>().ClaimNextAsync("test", DateTimeOffset.MaxValue.AddYears(-1), DateTimeOffset.MaxValue, 5, default));
    }
}
