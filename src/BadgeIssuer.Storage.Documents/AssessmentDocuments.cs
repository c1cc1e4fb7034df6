using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Storage.Documents;

// The stored shapes of submissions, assessors and evidence files, shared by both adapters (see StoredDocuments.cs).
#pragma warning disable CS1591 // each document mirrors the domain record named in its From/ToDomain methods

public sealed record CandidateDocument(string Email, string? Name, string? Organization);

public sealed record SubmissionEvidenceDocument(string? Url, string? FileId, string? Name, string? Narrative, string? Genre, string? Sha256, string? ContentType, long? Length);

public sealed record CriterionResponseDocument(string ResultDescription, string Text);

public sealed record AssignmentDocument(string AssessorId, DateTimeOffset AssignedAt, bool TieBreak);

public sealed record ReviewResultDocument(string ResultDescription, string? AchievedLevel, string? Value, string? Status, string? Feedback);

public sealed record UnmetRuleDocument(string Rule, string Code, string Detail)
{
    public static UnmetRuleDocument[] From(IEnumerable<UnmetRule> rules) => [.. rules.Select(u => new UnmetRuleDocument(u.Rule, u.Code, u.Detail))];
    public static UnmetRule[] ToDomain(IEnumerable<UnmetRuleDocument> rules) => [.. rules.Select(u => new UnmetRule(u.Rule, u.Code, u.Detail))];
}

public sealed record ReviewDocument(string Id, string AssessorId, ReviewResultDocument[] Results, string? Feedback, bool Met, UnmetRuleDocument[] Unmet, DateTimeOffset At);

public sealed record RoundDecisionDocument(string Outcome, DateTimeOffset At, string DecidingReviewId, UnmetRuleDocument[] Unmet);

public sealed record SubmissionRoundDocument(int Number, DateTimeOffset SubmittedAt, SubmissionEvidenceDocument[] Evidence, CriterionResponseDocument[] Responses,
    AssignmentDocument[] Assignments, ReviewDocument[] Reviews, RoundDecisionDocument? Decision)
{
    public static SubmissionRoundDocument From(SubmissionRound r) => new(r.Number, r.SubmittedAt,
        [.. r.Evidence.Select(e => new SubmissionEvidenceDocument(e.Url, e.FileId, e.Name, e.Narrative, e.Genre, e.Sha256, e.ContentType, e.Length))],
        [.. r.Responses.Select(x => new CriterionResponseDocument(x.ResultDescription, x.Text))],
        [.. r.Assignments.Select(a => new AssignmentDocument(a.AssessorId, a.AssignedAt, a.TieBreak))],
        [.. r.Reviews.Select(v => new ReviewDocument(v.Id, v.AssessorId,
            [.. v.Results.Select(x => new ReviewResultDocument(x.ResultDescription, x.AchievedLevel, x.Value, x.Status, x.Feedback))],
            v.Feedback, v.Met, UnmetRuleDocument.From(v.Unmet), v.At))],
        r.Decision is { } d ? new RoundDecisionDocument(d.Outcome, d.At, d.DecidingReviewId, UnmetRuleDocument.From(d.Unmet)) : null);

    public SubmissionRound ToDomain() => new(Number, SubmittedAt,
        [.. Evidence.Select(e => new SubmissionEvidence(e.Url, e.FileId, e.Name, e.Narrative, e.Genre, e.Sha256, e.ContentType, e.Length))],
        [.. Responses.Select(x => new CriterionResponse(x.ResultDescription, x.Text))],
        [.. Assignments.Select(a => new Assignment(a.AssessorId, a.AssignedAt, a.TieBreak))],
        [.. Reviews.Select(v => new Review(v.Id, v.AssessorId,
            [.. v.Results.Select(x => new ReviewResult(x.ResultDescription, x.AchievedLevel, x.Value, x.Status, x.Feedback))],
            v.Feedback, v.Met, UnmetRuleDocument.ToDomain(v.Unmet), v.At))],
        Decision is { } d ? new RoundDecision(d.Outcome, d.At, d.DecidingReviewId, UnmetRuleDocument.ToDomain(d.Unmet)) : null);
}

/// <summary>
/// A submission as stored: the record with its rounds, plus <see cref="OpenAssessorIds"/>, a copy of
/// <see cref="Submission.OpenAssessorIds"/> written with every change, which the stores count assessors' loads from.
/// </summary>
public sealed record SubmissionDocument(string Id, string IssuerId, string AchievementId, CandidateDocument Candidate, string State, SubmissionRoundDocument[] Rounds,
    string? AwardId, string LinkKeyId, string? IdempotencyKey, string RequestFingerprint, string SubmittedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    long Version, string[] OpenAssessorIds)
{
    public static SubmissionDocument From(Submission s) => new(s.Id, s.IssuerId, s.AchievementId,
        new CandidateDocument(s.Candidate.Email, s.Candidate.Name, s.Candidate.Organization), s.State, [.. s.Rounds.Select(SubmissionRoundDocument.From)],
        s.AwardId, s.LinkKeyId, s.IdempotencyKey, s.RequestFingerprint, s.SubmittedBy, s.CreatedAt, s.UpdatedAt, s.Version, [.. s.OpenAssessorIds()]);

    public Submission ToDomain() => new(Id, IssuerId, AchievementId, new Candidate(Candidate.Email, Candidate.Name, Candidate.Organization), State,
        [.. Rounds.Select(r => r.ToDomain())], AwardId, LinkKeyId, IdempotencyKey, RequestFingerprint, SubmittedBy, CreatedAt, UpdatedAt, Version);
}

/// <summary>An assessor as stored; <see cref="Removed"/> is written for the stores to filter listings on.</summary>
public sealed record AssessorDocument(string Id, string IssuerId, string Name, string Email, string? Organization, string[] Expertise, string[] Conflicts,
    string ClientId, DateTimeOffset CreatedAt, DateTimeOffset? RemovedAt, long Version, bool Removed)
{
    public static AssessorDocument From(Assessor a) => new(a.Id, a.IssuerId, a.Name, a.Email, a.Organization, [.. a.Expertise], [.. a.Conflicts],
        a.ClientId, a.CreatedAt, a.RemovedAt, a.Version, a.RemovedAt is not null);

    public Assessor ToDomain() => new(Id, IssuerId, Name, Email, Organization, Expertise, Conflicts, ClientId, CreatedAt, RemovedAt, Version);
}

/// <summary>
/// An evidence file as stored. <see cref="Content"/> holds its bytes in MongoDB (one document, read only when served);
/// SQLite keeps them in a column of their own and leaves it null in <c>doc</c>.
/// </summary>
public sealed record EvidenceFileDocument(string Id, string IssuerId, string Sha256, string ContentType, long Length, string? FileName, DateTimeOffset CreatedAt,
    byte[]? Content = null)
{
    public static EvidenceFileDocument From(EvidenceFile f) => new(f.Id, f.IssuerId, f.Sha256, f.ContentType, f.Length, f.FileName, f.CreatedAt);

    public EvidenceFile ToDomain() => new(Id, IssuerId, Sha256, ContentType, Length, FileName, CreatedAt);
}
