namespace BadgeIssuer.Core.Assessment;

/// <summary>What a teacher submits in one round: evidence items and an answer per rubric criterion.</summary>
public sealed record SubmissionContent(IReadOnlyList<SubmissionEvidence> Evidence, IReadOnlyList<CriterionResponse> Responses);

/// <summary>
/// A first submission for <paramref name="AchievementId"/> of <paramref name="IssuerId"/> by <paramref name="Candidate"/>;
/// a retry with the same <paramref name="IdempotencyKey"/> and body returns the first submission.
/// </summary>
public sealed record NewSubmission(string IssuerId, string AchievementId, Candidate Candidate, SubmissionContent Content, string? IdempotencyKey);

/// <summary>An assessor's review of the current round: a result per rubric criterion and overall feedback.</summary>
public sealed record NewReview(IReadOnlyList<ReviewResult> Results, string? Feedback);

/// <summary>
/// Tells people what happened to a submission (the e-mails of review): every registered notifier is called after the
/// change is stored, so a notifier that fails loses nothing already decided.
/// </summary>
public interface IAssessmentNotifier
{
    /// <summary>A program invited a teacher (<see cref="SubmissionStates.Invited"/>): send the teacher link.</summary>
    Task InvitedAsync(Submission submission, CancellationToken cancellationToken);

    /// <summary>An assessor was assigned to the current round of <paramref name="submission"/>: send the review link.</summary>
    Task AssignedAsync(Submission submission, Assignment assignment, CancellationToken cancellationToken);

    /// <summary>The current round of <paramref name="submission"/> was decided: tell the teacher (feedback per criterion and a resubmission link when not yet met).</summary>
    Task DecidedAsync(Submission submission, CancellationToken cancellationToken);
}
