using BadgeIssuer.Core.Achievements;

namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// The states of a <see cref="Submission"/>: <c>invited</c> (a program gave the teacher a submission link; no evidence
/// yet, no rounds) → <c>submitted</c> (waiting for its assessors) → <c>in-review</c> (at least
/// one review in) → <c>met</c> (the award is issued) or <c>not-yet-met</c> (feedback; the teacher may resubmit, which
/// starts the next round in <c>submitted</c>); <c>withdrawn</c> by the program or the teacher while not decided.
/// </summary>
public static class SubmissionStates
{
    /// <summary>The program invited the teacher (the teacher link is out); the first round starts when the teacher submits.</summary>
    public const string Invited = "invited";
    /// <summary>Evidence is in; the round's assessors are assigned and have not reviewed yet.</summary>
    public const string Submitted = "submitted";
    /// <summary>At least one of the round's reviews is in, not all.</summary>
    public const string InReview = "in-review";
    /// <summary>The reviews meet the achievement's criteria; <see cref="Submission.AwardId"/> names the award.</summary>
    public const string Met = "met";
    /// <summary>The reviews do not meet the criteria; the teacher has the feedback and may resubmit.</summary>
    public const string NotYetMet = "not-yet-met";
    /// <summary>Taken back before a decision; nothing more happens to it.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>Every state, in the order a submission goes through them.</summary>
    public static readonly IReadOnlyList<string> All = [Invited, Submitted, InReview, Met, NotYetMet, Withdrawn];

    /// <summary>True while assessors are working on it (its open assignments count toward their load).</summary>
    public static bool UnderReview(string state) => state is Submitted or InReview;
}

/// <summary>
/// The teacher a submission is for: an e-mail address (the award's recipient; never in a URL or a log), a name, and the
/// school or organisation, which decides who may not assess it (<see cref="AchievementReview.ExcludeSameOrganization"/>).
/// </summary>
public sealed record Candidate(string Email, string? Name = null, string? Organization = null);

/// <summary>
/// One piece of evidence: a URL (<see cref="Url"/>) or a file uploaded to the service (<see cref="FileId"/>, with its
/// <see cref="Sha256"/>, <see cref="ContentType"/> and <see cref="Length"/> copied from the <see cref="EvidenceFile"/>
/// when submitted), or only a <see cref="Narrative"/>; a <see cref="Name"/> and an OB 3.0 <see cref="Genre"/> optionally.
/// </summary>
public sealed record SubmissionEvidence(
    string? Url = null,
    string? FileId = null,
    string? Name = null,
    string? Narrative = null,
    string? Genre = null,
    string? Sha256 = null,
    string? ContentType = null,
    long? Length = null);

/// <summary>The teacher's answer to one rubric criterion, naming its <see cref="ResultDescription"/> key.</summary>
public sealed record CriterionResponse(string ResultDescription, string Text);

/// <summary>
/// One assessor asked to review one round. <see cref="TieBreak"/> marks the third assessor assigned because two reviews
/// disagreed on met / not met.
/// </summary>
public sealed record Assignment(string AssessorId, DateTimeOffset AssignedAt, bool TieBreak = false);

/// <summary>
/// An assessor's score of one rubric criterion: the same fields as a direct award's result
/// (<see cref="SubmittedResult"/>), plus the assessor's feedback on it.
/// </summary>
public sealed record ReviewResult(string ResultDescription, string? AchievedLevel = null, string? Value = null, string? Status = null, string? Feedback = null)
{
    /// <summary>The result as the criteria evaluator and the credential take it.</summary>
    public SubmittedResult ToSubmitted() => new(ResultDescription, Value, AchievedLevel, Status);
}

/// <summary>
/// One assessor's review of one round: a result per criterion, overall feedback, and whether those results meet the
/// achievement's criteria (<see cref="Met"/>, with the <see cref="Unmet"/> rules when not), as
/// <see cref="CriteriaEvaluator.Evaluate"/> found when the review came in.
/// </summary>
public sealed record Review(
    string Id,
    string AssessorId,
    IReadOnlyList<ReviewResult> Results,
    string? Feedback,
    bool Met,
    IReadOnlyList<UnmetRule> Unmet,
    DateTimeOffset At);

/// <summary>How a round ended: <see cref="SubmissionStates.Met"/> or <see cref="SubmissionStates.NotYetMet"/>, when, and by which review's results.</summary>
public sealed record RoundDecision(string Outcome, DateTimeOffset At, string DecidingReviewId, IReadOnlyList<UnmetRule> Unmet);

/// <summary>
/// One submission of evidence and the reviews of it: the first submission is round 1, each resubmission after
/// <c>not-yet-met</c> the next. Each round has its own evidence, answers, assessors and reviews.
/// </summary>
public sealed record SubmissionRound(
    int Number,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<SubmissionEvidence> Evidence,
    IReadOnlyList<CriterionResponse> Responses,
    IReadOnlyList<Assignment> Assignments,
    IReadOnlyList<Review> Reviews,
    RoundDecision? Decision = null)
{
    /// <summary>The assessors assigned to this round who have not reviewed it yet.</summary>
    public IEnumerable<string> OpenAssessorIds() =>
        Assignments.Select(a => a.AssessorId).Where(id => !Reviews.Any(r => string.Equals(r.AssessorId, id, StringComparison.Ordinal)));
}

/// <summary>
/// A teacher's submission of evidence for an achievement that asks for review (<see cref="AchievementDraft.Review"/>):
/// its <see cref="State"/> (<see cref="SubmissionStates"/>), its rounds (the last is current), and once met the award
/// it issued. <see cref="LinkKeyId"/> names the key-encryption key its teacher and review links are derived from
/// (<see cref="AssessmentLinks"/>). <see cref="IdempotencyKey"/> and <see cref="RequestFingerprint"/> make a retried
/// <c>POST</c> return the first submission. <see cref="SubmittedBy"/> is the client id that created it, or
/// <see cref="AssessmentLinks.TeacherActor"/>. Every change raises <see cref="Version"/> (a compare-and-swap).
/// </summary>
public sealed record Submission(
    string Id,
    string IssuerId,
    string AchievementId,
    Candidate Candidate,
    string State,
    IReadOnlyList<SubmissionRound> Rounds,
    string? AwardId,
    string LinkKeyId,
    string? IdempotencyKey,
    string RequestFingerprint,
    string SubmittedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>The current round (the last).</summary>
    public SubmissionRound Current => Rounds[^1];

    /// <summary>The assessors with an open assignment: assigned to the current round, not reviewed, while under review.</summary>
    public IReadOnlyList<string> OpenAssessorIds() =>
        SubmissionStates.UnderReview(State) && Rounds.Count > 0 ? [.. Current.OpenAssessorIds()] : [];
}
