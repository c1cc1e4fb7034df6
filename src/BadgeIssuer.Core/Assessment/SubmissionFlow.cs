// The steps every change of a submission shares (issue 16): a change is computed from the stored submission and
// written as one compare-and-swap on its version, read again and computed again when another writer got there first
// (two assessors reviewing at once both land). What follows a write is derived from the difference between the
// submission before and after it: the audit entries (the first in the write's own transaction where the store has one),
// the webhooks and the notifiers' mails, which are not transactional with the write (a crash in between loses them, as
// it loses any webhook published after a write). A met round is issued after its decision is written, under the
// idempotency key "submission:{id}", and its award id written after that: a crash in between is completed by the next
// read or review of the submission, and issuing again replays the same award.
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// Writes changes of submissions and does what follows them: assigning assessors, recording, publishing, notifying,
/// and issuing the award of a met round. Used by <see cref="SubmissionService"/>, <see cref="ReviewService"/> and
/// <see cref="AssessorService"/>.
/// </summary>
public sealed class SubmissionFlow(
    ISubmissionStore submissions,
    IAssessorStore assessors,
    IAchievementStore achievements,
    IssuingService issuing,
    WebhookService webhooks,
    AuditTrail audit,
    PublicUrls urls,
    IEnumerable<IAssessmentNotifier> notifiers,
    ILogger<SubmissionFlow> logger,
    TimeProvider time)
{
    /// <summary>How often a change is computed again after another writer changed the submission first.</summary>
    public const int MaxWriteAttempts = 8;

    /// <summary>The genre of the evidence item that carries an assessor's feedback when the achievement publishes it.</summary>
    public const string FeedbackGenre = "Assessor feedback";

    private const int PageSize = 200;

    /// <summary>The clock of every change.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The issuer's achievement, or <c>null</c>.</summary>
    public Task<Achievement?> AchievementAsync(string issuerId, string achievementId, CancellationToken cancellationToken) =>
        achievements.GetAsync(issuerId, achievementId, cancellationToken);

    /// <summary>The issuer's submission, or <c>null</c> when there is none or it is another issuer's.</summary>
    public async Task<Submission?> FindAsync(string issuerId, string submissionId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(submissionId) && await submissions.GetAsync(submissionId, cancellationToken) is { } found
            && string.Equals(found.IssuerId, issuerId, StringComparison.Ordinal) ? found : null;

    /// <summary>The refusal of a submission the issuer does not have.</summary>
    public static NotFound<T> NoSuchSubmission<T>(string issuerId, string submissionId) =>
        new($"Issuer '{Check.Shorten(issuerId)}' has no submission '{Check.Shorten(submissionId)}'.");

    /// <summary>
    /// Stores a new submission (assessors assigned first when it has a round) and does what follows; returns what the
    /// store did and the submission as stored. A submission of the same idempotency key comes back as
    /// <see cref="SubmissionInsertKind.DuplicateIdempotencyKey"/>.
    /// </summary>
    public async Task<(SubmissionInsertOutcome Outcome, Submission Stored)> InsertAsync(Submission submission, Achievement achievement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        Submission assigned = await WithAssessorsAsync(submission, achievement, cancellationToken);
        IReadOnlyList<AuditChange> changes = Changes(null, assigned);
        SubmissionInsertOutcome inserted = await audit.RecordAsync(changes[0], () => submissions.InsertAsync(assigned, cancellationToken),
            i => i.Kind == SubmissionInsertKind.Inserted, cancellationToken);
        if (inserted.Kind == SubmissionInsertKind.Inserted) await AfterAsync(null, assigned, changes, achievement, cancellationToken);
        return (inserted, assigned);
    }

    /// <summary>
    /// Changes the issuer's submission as <paramref name="change"/> computes it from the stored one (its
    /// <see cref="Done{T}"/> is the next submission, version not yet raised; any other outcome refuses and is returned
    /// as it is), writes it as a compare-and-swap, computing it again from the newer one on a conflict, and does what
    /// follows. A change that returns the submission it was given writes nothing.
    /// </summary>
    public async Task<Outcome<Submission>> ChangeAsync(string issuerId, string submissionId,
        Func<Submission, Achievement, Task<Outcome<Submission>>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (int attempt = 1; ; attempt++)
        {
            Submission? current = await FindAsync(issuerId, submissionId, cancellationToken);
            if (current is null) return NoSuchSubmission<Submission>(issuerId, submissionId);
            Achievement? achievement = await achievements.GetAsync(issuerId, current.AchievementId, cancellationToken);
            if (achievement is null) return new NotFound<Submission>($"Issuer '{Check.Shorten(issuerId)}' no longer has achievement '{current.AchievementId}' of this submission.");
            Outcome<Submission> computed = await change(current, achievement);
            if (computed is not Done<Submission> { Value: var next }) return computed;
            if (ReferenceEquals(next, current)) return await CompleteAsync(current, achievement, cancellationToken);
            next = next with { UpdatedAt = Now, Version = current.Version + 1 };
            IReadOnlyList<AuditChange> changes = Changes(current, next);
            WriteOutcome written = changes.Count > 0
                ? await audit.RecordAsync(changes[0], () => submissions.UpdateAsync(next, current.Version, cancellationToken), cancellationToken)
                : await submissions.UpdateAsync(next, current.Version, cancellationToken);
            if (written == WriteOutcome.Written)
            {
                await AfterAsync(current, next, changes, achievement, cancellationToken);
                return await CompleteAsync(next, achievement, cancellationToken);
            }
            if (written == WriteOutcome.NotFound) return NoSuchSubmission<Submission>(issuerId, submissionId);
            if (attempt == MaxWriteAttempts)
                return new Conflict<Submission>($"Submission '{submissionId}' changed {MaxWriteAttempts} times while this change was being written; try again.");
        }
    }

    /// <summary>
    /// The submission with as many assessors added to its current round as the round still wants
    /// (<see cref="RoundVerdict.AssessorsWanted"/>), chosen by <see cref="AssessorAssignment"/>; the submission itself when
    /// it is not under review, or no eligible assessor is free (the round waits).
    /// </summary>
    public async Task<Submission> WithAssessorsAsync(Submission submission, Achievement achievement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(achievement);
        if (!SubmissionStates.UnderReview(submission.State) || submission.Rounds.Count == 0) return submission;
        SubmissionRound round = submission.Current;
        int required = ReviewsRequired(achievement);
        int missing = RoundVerdict.AssessorsWanted(round, required) - round.Assignments.Count;
        if (round.Decision is not null || missing <= 0) return submission;
        IReadOnlyList<Assessor> pool = await ActiveAssessorsAsync(submission.IssuerId, cancellationToken);
        IReadOnlyDictionary<string, int> load = await submissions.OpenAssignmentCountsAsync(submission.IssuerId, cancellationToken);
        IReadOnlyList<Assessor> chosen = AssessorAssignment.Choose(pool, submission.Candidate, round, achievement, load, missing);
        if (chosen.Count == 0) return submission;
        DateTimeOffset now = Now;
        List<Assignment> assignments = [.. round.Assignments];
        foreach (Assessor assessor in chosen) assignments.Add(new Assignment(assessor.Id, now, TieBreak: assignments.Count >= required));
        return submission with { Rounds = [.. submission.Rounds.SkipLast(1), round with { Assignments = assignments }] };
    }

    /// <summary>How many reviews each round of the achievement needs (1 when it does not ask for review).</summary>
    public static int ReviewsRequired(Achievement achievement)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        return achievement.Review?.ReviewsRequired ?? 1;
    }

    /// <summary>The issuer's assessors that are not removed, read page by page.</summary>
    public async Task<IReadOnlyList<Assessor>> ActiveAssessorsAsync(string issuerId, CancellationToken cancellationToken)
    {
        List<Assessor> all = [];
        string? cursor = null;
        do
        {
            Page<Assessor> page = await assessors.ListAsync(issuerId, includeRemoved: false, cursor, PageSize, cancellationToken);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>The issuer's submissions in <paramref name="state"/>, read page by page.</summary>
    public async Task<IReadOnlyList<Submission>> AllInStateAsync(string issuerId, string state, CancellationToken cancellationToken)
    {
        List<Submission> all = [];
        string? cursor = null;
        do
        {
            Page<Submission> page = await submissions.ListAsync(issuerId, state, cursor, PageSize, cancellationToken);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>
    /// Completes a met submission whose award is not recorded yet (the process stopped between the decision and the
    /// award): issues it again (the idempotency key replays an award already issued) and records its id. Anything else
    /// comes back as it is.
    /// </summary>
    public async Task<Outcome<Submission>> CompleteAsync(Submission submission, Achievement achievement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.State != SubmissionStates.Met || submission.AwardId is not null) return new Done<Submission>(submission);
        Outcome<Award> issued = await issuing.IssueAsync(await AwardCommandAsync(submission, achievement, cancellationToken), cancellationToken);
        if (issued is not Done<Award> { Value: var award })
        {
            logger.SubmissionIssueFailed(submission.Id, submission.IssuerId, issued.GetType().Name);
            return new Done<Submission>(submission);
        }
        Submission current = submission;
        for (int attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            if (current.AwardId is not null) return new Done<Submission>(current);
            Submission next = current with { AwardId = award.Id, UpdatedAt = Now, Version = current.Version + 1 };
            if (await submissions.UpdateAsync(next, current.Version, cancellationToken) == WriteOutcome.Written)
            {
                await DecidedAsync(next, cancellationToken);
                return new Done<Submission>(next);
            }
            if (await submissions.GetAsync(submission.Id, cancellationToken) is not { } reread) break;
            current = reread;
        }
        return new Done<Submission>(current);
    }

    /// <summary>
    /// The award of a met submission (issue 16, "Decision"): to the candidate, with the deciding review's results, the
    /// round's evidence (an uploaded file as its public URL), the teacher's answer to each criterion, the assessors'
    /// feedback when the achievement publishes it, and the deciding assessor as the OB 3.0 <c>source</c>.
    /// </summary>
    public async Task<IssueAwardCommand> AwardCommandAsync(Submission submission, Achievement achievement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(achievement);
        SubmissionRound round = submission.Current;
        RoundDecision decision = round.Decision ?? throw new InvalidOperationException($"Submission {submission.Id} has no decision to issue.");
        Review deciding = round.Reviews.First(r => string.Equals(r.Id, decision.DecidingReviewId, StringComparison.Ordinal));
        List<EvidenceItem> evidence = [.. round.Evidence.Select(e => new EvidenceItem(
            Id: e.FileId is not null ? urls.EvidenceFile(e.FileId) : e.Url, Name: e.Name, Narrative: e.Narrative, Genre: e.Genre))];
        foreach (CriterionResponse response in round.Responses)
            evidence.Add(new EvidenceItem(Name: CriterionName(achievement, response.ResultDescription), Narrative: response.Text));
        if (achievement.Review?.PublishFeedback == true)
            foreach (Review review in round.Reviews)
                if (Feedback(review, achievement) is { } feedback) evidence.Add(new EvidenceItem(Name: FeedbackGenre, Narrative: feedback, Genre: FeedbackGenre));
        Assessor? assessor = await assessors.GetAsync(deciding.AssessorId, cancellationToken);
        return new IssueAwardCommand(submission.IssuerId, submission.AchievementId,
            new Recipient(submission.Candidate.Email, null, submission.Candidate.Name),
            [.. deciding.Results.Select(r => r.ToSubmitted())], evidence, Narrative: null, ValidUntil: null,
            IdempotencyKey: $"submission:{submission.Id}",
            Source: assessor is null ? null : new AwardSource(SourceId(assessor.Id), assessor.Name));
    }

    /// <summary>The <c>urn:uuid:</c> an assessor is named by as a credential's source: a UUID (RFC 9562 §5.8, version 8) derived from its id.</summary>
    public static string SourceId(string assessorId)
    {
        ArgumentNullException.ThrowIfNull(assessorId);
        byte[] bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("assessor:" + assessorId))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static string CriterionName(Achievement achievement, string key) =>
        achievement.ResultDescriptions.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.Ordinal))?.Name ?? key;

    /// <summary>A review's overall feedback and its feedback per criterion, one paragraph each, or <c>null</c> when it has none.</summary>
    private static string? Feedback(Review review, Achievement achievement)
    {
        List<string> parts = [];
        if (review.Feedback is { } overall) parts.Add(overall);
        foreach (ReviewResult result in review.Results)
            if (result.Feedback is { } text) parts.Add($"{CriterionName(achievement, result.ResultDescription)}: {text}");
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    /// <summary>The audit changes of going from <paramref name="before"/> (null: nothing stored yet) to <paramref name="after"/>.</summary>
    private static IReadOnlyList<AuditChange> Changes(Submission? before, Submission after)
    {
        List<AuditChange> changes = [];
        (string, string) id = ("submissionId", after.Id);
        long occurrence = after.Version;
        if (before is null && after.Rounds.Count == 0) changes.Add(AuditChange.Of(after.IssuerId, AuditActions.SubmissionInvited, occurrence, id, ("achievementId", after.AchievementId)));
        int roundsBefore = before?.Rounds.Count ?? 0;
        if (after.Rounds.Count > roundsBefore)
            changes.Add(AuditChange.Of(after.IssuerId, after.Rounds.Count == 1 ? AuditActions.SubmissionSubmitted : AuditActions.SubmissionResubmitted, occurrence,
                id, ("achievementId", after.AchievementId), ("round", Round(after.Current.Number))));
        if (before is not null && before.State != after.State && after.State == SubmissionStates.Withdrawn)
            changes.Add(AuditChange.Of(after.IssuerId, AuditActions.SubmissionWithdrawn, occurrence, id));
        if (after.Rounds.Count == 0) return changes;
        SubmissionRound round = after.Current;
        SubmissionRound? earlier = before is not null && before.Rounds.Count == after.Rounds.Count ? before.Current : null;
        foreach (Review review in round.Reviews.Where(r => earlier?.Reviews.Any(e => e.Id == r.Id) != true))
            changes.Add(AuditChange.Of(after.IssuerId, AuditActions.SubmissionReviewed, occurrence, id, ("round", Round(round.Number)), ("assessorId", review.AssessorId), ("reviewId", review.Id)));
        foreach (Assignment assignment in NewAssignments(earlier, round))
            changes.Add(AuditChange.Of(after.IssuerId, AuditActions.SubmissionAssigned, occurrence, id, ("round", Round(round.Number)), ("assessorId", assignment.AssessorId)));
        if (round.Decision is { } decision && earlier?.Decision is null)
            changes.Add(AuditChange.Of(after.IssuerId, AuditActions.SubmissionDecided, occurrence, id, ("round", Round(round.Number)), ("outcome", decision.Outcome)));
        return changes;
    }

    private static string Round(int number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<Assignment> NewAssignments(SubmissionRound? earlier, SubmissionRound round) =>
        round.Assignments.Where(a => earlier?.Assignments.Any(e => e.AssessorId == a.AssessorId && e.AssignedAt == a.AssignedAt) != true);

    /// <summary>What follows a written change: the rest of its audit entries, its webhooks and its notifications.</summary>
    private async Task AfterAsync(Submission? before, Submission after, IReadOnlyList<AuditChange> changes, Achievement achievement, CancellationToken cancellationToken)
    {
        foreach (AuditChange change in changes.Skip(1)) await audit.AppendAsync(change, cancellationToken);
        if (before is null && after.Rounds.Count == 0)
        {
            await NotifyAsync(after, n => n.InvitedAsync(after, cancellationToken));
            return;
        }
        if (after.Rounds.Count == 0) return;
        SubmissionRound round = after.Current;
        SubmissionRound? earlier = before is not null && before.Rounds.Count == after.Rounds.Count ? before.Current : null;
        if (earlier is null)
        {
            logger.SubmissionSubmitted(after.Id, after.IssuerId, after.AchievementId, round.Number, round.Assignments.Count,
                Math.Max(0, RoundVerdict.AssessorsWanted(round, ReviewsRequired(achievement)) - round.Assignments.Count));
            await webhooks.PublishAsync(after.IssuerId, WebhookEvents.SubmissionSubmitted,
                new { submissionId = after.Id, achievementId = after.AchievementId, state = after.State, round = round.Number }, cancellationToken);
        }
        foreach (Review review in round.Reviews.Where(r => earlier?.Reviews.Any(e => e.Id == r.Id) != true))
        {
            logger.SubmissionReviewed(after.Id, after.IssuerId, round.Number, review.AssessorId, review.Met);
            await webhooks.PublishAsync(after.IssuerId, WebhookEvents.SubmissionReviewed,
                new { submissionId = after.Id, achievementId = after.AchievementId, round = round.Number, assessorId = review.AssessorId, met = review.Met }, cancellationToken);
        }
        foreach (Assignment assignment in NewAssignments(earlier, round))
            await NotifyAsync(after, n => n.AssignedAsync(after, assignment, cancellationToken));
        if (round.Decision is { } decision && earlier?.Decision is null)
        {
            logger.SubmissionDecided(after.Id, after.IssuerId, round.Number, decision.Outcome);
            // A met round is published and mailed once its award is recorded (CompleteAsync), so both name the award.
            if (decision.Outcome != SubmissionStates.Met) await DecidedAsync(after, cancellationToken);
        }
    }

    /// <summary>The <c>submission.decided</c> webhook and the teacher's mail of the current round's decision.</summary>
    private async Task DecidedAsync(Submission submission, CancellationToken cancellationToken)
    {
        await webhooks.PublishAsync(submission.IssuerId, WebhookEvents.SubmissionDecided, new
        {
            submissionId = submission.Id,
            achievementId = submission.AchievementId,
            state = submission.State,
            round = submission.Current.Number,
            awardId = submission.AwardId,
        }, cancellationToken);
        await NotifyAsync(submission, n => n.DecidedAsync(submission, cancellationToken));
    }

    /// <summary>Calls every notifier; one that fails is logged and the others still run (the change is stored already).</summary>
    private async Task NotifyAsync(Submission submission, Func<IAssessmentNotifier, Task> call)
    {
        foreach (IAssessmentNotifier notifier in notifiers)
        {
            try
            {
                await call(notifier);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.NotifierFailed(notifier.GetType().Name, submission.Id, ex.GetType().Name);
            }
        }
    }
}
