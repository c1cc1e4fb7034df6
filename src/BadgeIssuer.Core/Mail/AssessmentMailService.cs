// Issue 16: the e-mails of submission and review go through the claim mails' queue (MailJob, leased; sent by the mail
// worker). Queuing happens after the change is stored (IAssessmentNotifier); the job holds ids only and its id is
// derived from what it is about, so a notification repeated after a retried request queues nothing twice.
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Core.Mail;

/// <summary>
/// Queues the e-mails of review: the invitation with the teacher link, the review link to each assigned assessor, and
/// the decision of each round to the teacher. Nothing is queued when mail is not configured
/// (<c>BadgeIssuer:Email:SmtpHost</c> unset).
/// </summary>
public sealed class AssessmentMailService(IMailStore store, MailOptions options, TimeProvider time) : IAssessmentNotifier
{
    /// <inheritdoc />
    public Task InvitedAsync(Submission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return QueueAsync(submission, MailKind.Invitation, null, null, cancellationToken);
    }

    /// <inheritdoc />
    public Task AssignedAsync(Submission submission, Assignment assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(assignment);
        return QueueAsync(submission, MailKind.Review, submission.Current.Number, assignment.AssessorId, cancellationToken);
    }

    /// <inheritdoc />
    public Task DecidedAsync(Submission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return QueueAsync(submission, MailKind.Decision, submission.Current.Number, null, cancellationToken);
    }

    private async Task QueueAsync(Submission submission, MailKind kind, int? round, string? assessorId, CancellationToken cancellationToken)
    {
        if (!options.Enabled) return;
        string id = Ids.Derived("assessment-mail", kind.ToString(), submission.Id, round?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", assessorId ?? "");
        await store.InsertAsync(MailJob.QueueAssessment(id, submission.IssuerId, kind, submission.Id, round, assessorId, time.GetUtcNow()), cancellationToken);
    }
}
