using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// An assessor's review of a submission's current round (issue 16, "Assessors" and "Decision"): checked against the
/// achievement's rubric by the same evaluator as direct awards (<see cref="CriteriaEvaluator"/>), then counted: a round
/// with all its reviews is decided (<see cref="RoundVerdict"/>), two that disagree get a third assessor, and a met
/// round issues the badge.
/// </summary>
public sealed class ReviewService(SubmissionFlow flow)
{
    /// <summary>
    /// Adds <paramref name="assessorId"/>'s review to the current round of the issuer's submission. The assessor must
    /// hold an open assignment of it (<see cref="NotAssigned{T}"/> otherwise; a second review of the same round is a
    /// <see cref="Conflict{T}"/>); the results name every result description of the achievement once.
    /// </summary>
    public async Task<Outcome<Submission>> ReviewAsync(string issuerId, string submissionId, string assessorId, NewReview review, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessorId);
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(actor);
        using IDisposable acting = AuditContext.ActAs(actor);
        return await flow.ChangeAsync(issuerId, submissionId, async (current, achievement) =>
        {
            if (!current.OpenAssessorIds().Contains(assessorId, StringComparer.Ordinal))
            {
                return current.Rounds.Count > 0 && current.Current.Reviews.Any(r => string.Equals(r.AssessorId, assessorId, StringComparison.Ordinal))
                    ? new Conflict<Submission>($"You have reviewed round {current.Current.Number} of submission '{current.Id}' already.")
                    : new NotAssigned<Submission>($"Submission '{current.Id}' has no open assignment for you: only its assigned assessors review it, once each, while it is under review.");
            }
            IReadOnlyList<FieldError> errors = Validate(achievement, review);
            if (errors.Count > 0) return new Invalid<Submission>(errors);
            SubmissionRound round = current.Current;
            IReadOnlyList<ReviewResult> results = [.. review.Results.Select(r => r with { Feedback = r.Feedback?.Trim() })];
            IReadOnlyList<UnmetRule> unmet = CriteriaEvaluator.Evaluate(achievement, [.. results.Select(r => r.ToSubmitted())], round.Evidence.Count);
            Review added = new(Ids.New(), assessorId, results, review.Feedback?.Trim(), unmet.Count == 0, unmet, flow.Now);
            SubmissionRound reviewed = round with { Reviews = [.. round.Reviews, added] };
            RoundVerdict verdict = RoundVerdict.Of(reviewed, SubmissionFlow.ReviewsRequired(achievement));
            string state = SubmissionStates.InReview;
            if (verdict is { Standing: RoundStanding.Decided, Deciding: { } deciding })
            {
                state = verdict.Met ? SubmissionStates.Met : SubmissionStates.NotYetMet;
                reviewed = reviewed with { Decision = new RoundDecision(state, flow.Now, deciding.Id, deciding.Unmet) };
            }
            Submission next = current with { State = state, Rounds = [.. current.Rounds.SkipLast(1), reviewed] };
            return new Done<Submission>(await flow.WithAssessorsAsync(next, achievement, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>
    /// The review's problems for this achievement: the results as the criteria evaluator reads them (at
    /// <c>/results/{i}/...</c>), one per result description (the missing ones named), feedback of at most
    /// <see cref="SubmissionService.MaxTextLength"/> characters per criterion and overall.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(Achievement achievement, NewReview review)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        ArgumentNullException.ThrowIfNull(review);
        Check check = new();
        IReadOnlyList<ReviewResult> results = review.Results ?? [];
        if (results.Count > achievement.ResultDescriptions.Count)
        {
            check.Fail("/results", $"must have one result per result description of the achievement ({achievement.ResultDescriptions.Count}); found {results.Count}.");
            return check.Errors;
        }
        for (int i = 0; i < results.Count; i++)
            if (results[i] is null) check.Fail($"/results/{i}", "must be an object {resultDescription, achievedLevel, value, status, feedback}.");
        if (check.Errors.Count > 0) return check.Errors;
        foreach (FieldError error in CriteriaEvaluator.Validate(achievement, [.. results.Select(r => r.ToSubmitted())])) check.Fail(error.Pointer, error.Detail);
        for (int i = 0; i < results.Count; i++) check.OptionalText($"/results/{i}/feedback", results[i].Feedback, SubmissionService.MaxTextLength);
        check.OptionalText("/feedback", review.Feedback, SubmissionService.MaxTextLength);
        string[] missing = [.. achievement.ResultDescriptions.Select(d => d.Key)
            .Where(k => !results.Any(r => string.Equals(r.ResultDescription, k, StringComparison.Ordinal)))];
        if (missing.Length > 0) check.Fail("/results", $"must have a result for every result description of the achievement; missing: {string.Join(", ", missing)}.");
        return check.Errors;
    }
}
