using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Api.Assessment;

/// <summary>One evidence item of a request: a <paramref name="Url"/>, or the <paramref name="FileId"/> of an uploaded evidence file, or only a narrative.</summary>
/// <param name="Url">An absolute http(s) link to the evidence.</param>
/// <param name="FileId">The id of an evidence file uploaded to this issuer (<c>POST .../evidence-files</c>).</param>
/// <param name="Name">What the evidence is, in a few words.</param>
/// <param name="Narrative">What it shows, in Markdown.</param>
/// <param name="Genre">OB 3.0 <c>genre</c>: the kind of evidence (lesson plan, student work, video, reflection).</param>
public sealed record SubmissionEvidenceRequest(string? Url = null, string? FileId = null, string? Name = null, string? Narrative = null, string? Genre = null)
{
    internal SubmissionEvidence ToEvidence() => new(Url, FileId, Name, Narrative, Genre);
}

/// <summary>The body of <c>POST .../submissions</c>: the achievement, the teacher, and round 1's evidence and answers.</summary>
/// <param name="AchievementId">An achievement of the issuer that asks for review (<c>"review"</c>).</param>
/// <param name="Candidate">The teacher: e-mail (the badge's recipient), name, organization (decides who may not assess it).</param>
/// <param name="Evidence">1 to <c>BadgeIssuer:Assessment:MaxEvidenceItems</c> items.</param>
/// <param name="Responses">An answer per rubric criterion (result description), each at most once; all of them when the achievement requires responses.</param>
public sealed record SubmissionRequest(string AchievementId, Candidate Candidate, IReadOnlyList<SubmissionEvidenceRequest>? Evidence = null, IReadOnlyList<CriterionResponse>? Responses = null)
{
    internal NewSubmission ToNew(string issuerId, string? idempotencyKey) =>
        new(issuerId, AchievementId, Candidate, new SubmissionContent([.. (Evidence ?? []).Select(e => e?.ToEvidence()!)], Responses ?? []), idempotencyKey);
}

/// <summary>The body of <c>POST .../submission-invitations</c>: the achievement and the teacher invited to submit for it.</summary>
/// <param name="AchievementId">An achievement of the issuer that asks for review.</param>
/// <param name="Candidate">The teacher, who gets the teacher link by e-mail.</param>
public sealed record InvitationRequest(string AchievementId, Candidate Candidate);

/// <summary>The body of <c>:resubmit</c>: the next round's evidence and answers.</summary>
/// <param name="Evidence">1 to <c>BadgeIssuer:Assessment:MaxEvidenceItems</c> items.</param>
/// <param name="Responses">An answer per rubric criterion.</param>
public sealed record ResubmitRequest(IReadOnlyList<SubmissionEvidenceRequest>? Evidence = null, IReadOnlyList<CriterionResponse>? Responses = null)
{
    internal SubmissionContent ToContent() => new([.. (Evidence ?? []).Select(e => e?.ToEvidence()!)], Responses ?? []);
}

/// <summary>The body of <c>POST .../submissions/{submissionId}/reviews</c>: a result per rubric criterion and overall feedback.</summary>
/// <param name="Results">One per result description of the achievement: <c>resultDescription</c>, <c>achievedLevel</c>, <c>value</c>, <c>status</c>, <c>feedback</c>.</param>
/// <param name="Feedback">Feedback on the whole submission, for the teacher.</param>
public sealed record ReviewRequest(IReadOnlyList<ReviewResult>? Results = null, string? Feedback = null)
{
    internal NewReview ToReview() => new(Results ?? [], Feedback);
}

/// <summary>The body of <c>POST .../assessors</c>.</summary>
/// <param name="Name">The assessor's name (shown to the teacher and, as the credential's source, to everyone the badge is shown to).</param>
/// <param name="Email">Where review links are sent.</param>
/// <param name="Organization">The assessor's school or organisation: never assigned a candidate of the same one when the achievement excludes it.</param>
/// <param name="Expertise">Tags matched (case-insensitively) against achievements' tags: an expert is preferred.</param>
/// <param name="Conflicts">Organisations or candidate e-mail addresses the assessor must never review.</param>
public sealed record AssessorRequest(string? Name, string? Email, string? Organization = null, IReadOnlyList<string>? Expertise = null, IReadOnlyList<string>? Conflicts = null);

/// <summary>An assessor as the API shows it; <paramref name="ApiKey"/> only in the answer that created it.</summary>
public sealed record AssessorResponse(string Id, string IssuerId, string Name, string Email, string? Organization, IReadOnlyList<string> Expertise, IReadOnlyList<string> Conflicts,
    string ClientId, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt, string? ApiKey = null)
{
    internal static AssessorResponse From(Assessor a, string? apiKey = null) =>
        new(a.Id, a.IssuerId, a.Name, a.Email, a.Organization, a.Expertise, a.Conflicts, a.ClientId, a.CreatedAt, a.RemovedAt, apiKey);
}

/// <summary>A page of assessors; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next one.</summary>
public sealed record AssessorPage(IReadOnlyList<AssessorResponse> Items, string? NextCursor);

/// <summary>The teacher as a submission shows it; the e-mail address is left out of what an assessor reads.</summary>
public sealed record CandidateView(string? Email, string? Name, string? Organization);

/// <summary>An evidence item of a round; an uploaded file with its public <paramref name="FileUrl"/>, SHA-256, content type and length.</summary>
public sealed record EvidenceView(string? Url, string? FileId, string? FileUrl, string? Name, string? Narrative, string? Genre, string? Sha256, string? ContentType, long? Length);

/// <summary>An assessor of a round: who, whether it breaks a tie, and whether its review is in.</summary>
public sealed record AssignmentView(string Id, string? Name, string? Organization, bool TieBreak, bool Reviewed, DateTimeOffset AssignedAt);

/// <summary>A review as the API shows it: the results with their feedback, the overall feedback, and what the criteria evaluator found.</summary>
public sealed record ReviewView(string Id, string AssessorId, IReadOnlyList<ReviewResult> Results, string? Feedback, bool Met, IReadOnlyList<UnmetRule> Unmet, DateTimeOffset At);

/// <summary>
/// What a round under review still waits for: <paramref name="Reviews"/> reviews, of which
/// <paramref name="Unassigned"/> have no assessor yet because no eligible assessor is free (a new assessor takes them up).
/// </summary>
public sealed record AwaitingView(int Reviews, int Unassigned, string Detail);

/// <summary>One round: its evidence and answers, its assessors and reviews, what it still waits for, and its decision.</summary>
public sealed record RoundView(int Number, DateTimeOffset SubmittedAt, IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<CriterionResponse> Responses,
    IReadOnlyList<AssignmentView> Assessors, IReadOnlyList<ReviewView> Reviews, AwaitingView? Awaiting, RoundDecision? Decision);

/// <summary>The submission's links: the teacher's page (for the program to pass on to the teacher only) and the award once met.</summary>
public sealed record SubmissionLinks(string? Teacher, string? Award);

/// <summary>A submission as the API shows it.</summary>
public sealed record SubmissionResponse(string Id, string IssuerId, string AchievementId, string State, CandidateView Candidate, IReadOnlyList<RoundView> Rounds,
    string? AwardId, SubmissionLinks Links, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Version);

/// <summary>A page of submissions; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next one.</summary>
public sealed record SubmissionPage(IReadOnlyList<SubmissionResponse> Items, string? NextCursor);

/// <summary>An open assignment of the calling assessor: the submission, its achievement and round, and what to review (no links, no e-mail address).</summary>
public sealed record AssignmentResponse(string SubmissionId, string AchievementId, int Round, bool TieBreak, DateTimeOffset AssignedAt,
    IReadOnlyList<EvidenceView> Evidence, IReadOnlyList<CriterionResponse> Responses);

/// <summary>
/// Makes the API's submission JSON. Review links are never in it (they are the assessors'); the teacher link is in the
/// program's view only. An assessor's view leaves out the candidate's e-mail address, the teacher link, and the other
/// assessors' reviews of a round not decided yet (reviews are independent).
/// </summary>
public sealed class SubmissionResponses(PublicUrls urls, AssessmentLinks links, IAssessorStore assessors, IAchievementStore achievements)
{
    /// <summary>The program's view of <paramref name="submissions"/> (assessors and achievements read once for all).</summary>
    public async Task<IReadOnlyList<SubmissionResponse>> ForProgramAsync(IReadOnlyList<Submission> submissions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        Reads reads = new(assessors, achievements, cancellationToken);
        List<SubmissionResponse> views = [];
        foreach (Submission submission in submissions) views.Add(await ViewAsync(submission, null, reads));
        return views;
    }

    /// <summary>The program's view of <paramref name="submission"/>.</summary>
    public async Task<SubmissionResponse> ForProgramAsync(Submission submission, CancellationToken cancellationToken) =>
        (await ForProgramAsync([submission], cancellationToken))[0];

    /// <summary>Assessor <paramref name="assessorId"/>'s view of <paramref name="submission"/>.</summary>
    public Task<SubmissionResponse> ForAssessorAsync(Submission submission, string assessorId, CancellationToken cancellationToken) =>
        ViewAsync(submission, assessorId, new Reads(assessors, achievements, cancellationToken));

    /// <summary>The open assignments of <paramref name="assessorId"/> among <paramref name="submissions"/>.</summary>
    public IReadOnlyList<AssignmentResponse> Assignments(IEnumerable<Submission> submissions, string assessorId)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        return [.. submissions.Where(s => s.OpenAssessorIds().Contains(assessorId, StringComparer.Ordinal)).Select(s =>
        {
            Assignment assignment = s.Current.Assignments.First(a => string.Equals(a.AssessorId, assessorId, StringComparison.Ordinal));
            return new AssignmentResponse(s.Id, s.AchievementId, s.Current.Number, assignment.TieBreak, assignment.AssignedAt, [.. s.Current.Evidence.Select(Evidence)], s.Current.Responses);
        })];
    }

    private async Task<SubmissionResponse> ViewAsync(Submission s, string? assessorId, Reads reads)
    {
        Achievement? achievement = await reads.AchievementAsync(s.IssuerId, s.AchievementId);
        List<RoundView> rounds = [];
        foreach (SubmissionRound round in s.Rounds)
        {
            List<AssignmentView> assigned = [];
            foreach (Assignment a in round.Assignments)
            {
                Assessor? assessor = await reads.AssessorAsync(a.AssessorId);
                assigned.Add(new AssignmentView(a.AssessorId, assessor?.Name, assessor?.Organization, a.TieBreak,
                    round.Reviews.Any(r => string.Equals(r.AssessorId, a.AssessorId, StringComparison.Ordinal)), a.AssignedAt));
            }
            IEnumerable<Review> reviews = assessorId is null || round.Decision is not null
                ? round.Reviews
                : round.Reviews.Where(r => string.Equals(r.AssessorId, assessorId, StringComparison.Ordinal));
            bool current = round.Number == s.Current.Number;
            rounds.Add(new RoundView(round.Number, round.SubmittedAt, [.. round.Evidence.Select(Evidence)], round.Responses, assigned,
                [.. reviews.Select(r => new ReviewView(r.Id, r.AssessorId, r.Results, r.Feedback, r.Met, r.Unmet, r.At))],
                current && achievement is not null ? Awaiting(s, round, achievement) : null, round.Decision));
        }
        string? teacher = assessorId is null && links.TeacherToken(s) is { } token ? urls.SubmissionPage(token) : null;
        string? award = s.AwardId is null ? null : $"{urls.Base}/api/v1/issuers/{s.IssuerId}/awards/{s.AwardId}";
        CandidateView candidate = new(assessorId is null ? s.Candidate.Email : null, s.Candidate.Name, s.Candidate.Organization);
        return new SubmissionResponse(s.Id, s.IssuerId, s.AchievementId, s.State, candidate, rounds, s.AwardId, new SubmissionLinks(teacher, award), s.CreatedAt, s.UpdatedAt, s.Version);
    }

    private static AwaitingView? Awaiting(Submission s, SubmissionRound round, Achievement achievement)
    {
        if (!SubmissionStates.UnderReview(s.State) || round.Decision is not null) return null;
        int wanted = RoundVerdict.AssessorsWanted(round, SubmissionFlow.ReviewsRequired(achievement));
        int reviews = Math.Max(0, wanted - round.Reviews.Count);
        int unassigned = Math.Max(0, wanted - round.Assignments.Count);
        string detail = unassigned > 0
            ? $"{reviews} review(s) awaited; {unassigned} of them wait for an assessor: no eligible assessor is free (add one, outside the candidate's organisation and without a conflict)."
            : $"{reviews} review(s) awaited from the assigned assessors.";
        return new AwaitingView(reviews, unassigned, detail);
    }

    private EvidenceView Evidence(SubmissionEvidence e) =>
        new(e.Url, e.FileId, e.FileId is null ? null : urls.EvidenceFile(e.FileId), e.Name, e.Narrative, e.Genre, e.Sha256, e.ContentType, e.Length);

    /// <summary>The assessors and achievements one answer reads, each once.</summary>
    private sealed class Reads(IAssessorStore assessors, IAchievementStore achievements, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, Assessor?> _assessors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Achievement?> _achievements = new(StringComparer.Ordinal);

        public async Task<Assessor?> AssessorAsync(string id)
        {
            if (!_assessors.TryGetValue(id, out Assessor? assessor)) _assessors[id] = assessor = await assessors.GetAsync(id, cancellationToken);
            return assessor;
        }

        public async Task<Achievement?> AchievementAsync(string issuerId, string id)
        {
            if (!_achievements.TryGetValue(id, out Achievement? achievement)) _achievements[id] = achievement = await achievements.GetAsync(issuerId, id, cancellationToken);
            return achievement;
        }
    }
}
