using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// Submissions of evidence for review (issue 16, "Submissions"): an invitation for a teacher to submit through the
/// teacher link, a first submission (round 1, assessors assigned), a resubmission after <c>not-yet-met</c> (the next
/// round), a withdrawal, and reading them. Every refusal is an <see cref="Outcome{T}"/>; <c>actor</c> is who acts (a
/// client id, or <see cref="AssessmentLinks.TeacherActor"/>) as the audit trail records it.
/// </summary>
public sealed class SubmissionService(
    SubmissionFlow flow,
    ISubmissionStore submissions,
    IIssuerStore issuers,
    IEvidenceFileStore files,
    BadgeIssuerOptions options,
    AssessmentLinks links)
{
    /// <summary>The longest answer to one criterion, narrative of an evidence item, or piece of feedback.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>
    /// Invites <paramref name="candidate"/> to submit evidence for the achievement: a submission in
    /// <see cref="SubmissionStates.Invited"/> without rounds, whose teacher link the notifiers send.
    /// </summary>
    public async Task<Outcome<Submission>> InviteAsync(string issuerId, string achievementId, Candidate candidate, string? idempotencyKey, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using IDisposable acting = AuditContext.ActAs(actor);
        Check check = new();
        CheckCandidate(check, candidate);
        CheckIdempotencyKey(check, idempotencyKey);
        if (await issuers.GetAsync(issuerId, cancellationToken) is null) return new NotFound<Submission>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        Achievement? achievement = await ReviewedAchievementAsync(check, issuerId, achievementId, cancellationToken);
        if (check.Errors.Count > 0) return new Invalid<Submission>(check.Errors);
        string fingerprint = Fingerprint(new { kind = "invitation", achievementId, candidate });
        return await InsertAsync(New(issuerId, achievement!, Normalised(candidate), [], SubmissionStates.Invited, idempotencyKey, fingerprint, actor), achievement!, fingerprint, cancellationToken);
    }

    /// <summary>
    /// A first submission: round 1 with its evidence and answers, its assessors assigned (or waiting for free ones). A
    /// retry with the same Idempotency-Key and body returns the first submission; another body under it is refused.
    /// </summary>
    public async Task<Outcome<Submission>> SubmitAsync(NewSubmission request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        using IDisposable acting = AuditContext.ActAs(actor);
        Check check = new();
        CheckCandidate(check, request.Candidate);
        CheckIdempotencyKey(check, request.IdempotencyKey);
        if (await issuers.GetAsync(request.IssuerId, cancellationToken) is null) return new NotFound<Submission>($"There is no issuer '{Check.Shorten(request.IssuerId)}'.");
        Achievement? achievement = await ReviewedAchievementAsync(check, request.IssuerId, request.AchievementId, cancellationToken);
        SubmissionContent content = await CheckContentAsync(check, request.IssuerId, achievement, request.Content, cancellationToken);
        if (check.Errors.Count > 0) return new Invalid<Submission>(check.Errors);
        string fingerprint = Fingerprint(request with { IdempotencyKey = null });
        if (request.IdempotencyKey is { } key && await submissions.FindByIdempotencyKeyAsync(request.IssuerId, key, cancellationToken) is { } earlier)
            return Replay(earlier, fingerprint, key);
        Submission submission = New(request.IssuerId, achievement!, Normalised(request.Candidate), [Round(1, content)], SubmissionStates.Submitted, request.IdempotencyKey, fingerprint, actor);
        return await InsertAsync(submission, achievement!, fingerprint, cancellationToken);
    }

    /// <summary>
    /// The next round of a submission: from <see cref="SubmissionStates.Invited"/> (its first) or
    /// <see cref="SubmissionStates.NotYetMet"/>, with new evidence and answers and its assessors assigned again; 409 in
    /// any other state.
    /// </summary>
    public async Task<Outcome<Submission>> ResubmitAsync(string issuerId, string submissionId, SubmissionContent content, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(actor);
        using IDisposable acting = AuditContext.ActAs(actor);
        return await flow.ChangeAsync(issuerId, submissionId, async (current, achievement) =>
        {
            if (current.State is not (SubmissionStates.Invited or SubmissionStates.NotYetMet))
                return new Conflict<Submission>($"Submission '{current.Id}' is {current.State}; only an invited or not-yet-met submission can be submitted again.");
            Check check = new();
            SubmissionContent checkedContent = await CheckContentAsync(check, issuerId, achievement, content, cancellationToken);
            if (check.Errors.Count > 0) return new Invalid<Submission>(check.Errors);
            Submission next = current with { State = SubmissionStates.Submitted, Rounds = [.. current.Rounds, Round(current.Rounds.Count + 1, checkedContent)] };
            return new Done<Submission>(await flow.WithAssessorsAsync(next, achievement, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Withdraws a submission that is not decided for good: from invited, submitted, in-review or not-yet-met; 409 once met.</summary>
    public async Task<Outcome<Submission>> WithdrawAsync(string issuerId, string submissionId, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using IDisposable acting = AuditContext.ActAs(actor);
        return await flow.ChangeAsync(issuerId, submissionId, (current, _) => Task.FromResult<Outcome<Submission>>(current.State switch
        {
            SubmissionStates.Withdrawn => new Done<Submission>(current),
            SubmissionStates.Met => new Conflict<Submission>($"Submission '{current.Id}' is met and its badge issued; revoke the award instead."),
            _ => new Done<Submission>(current with { State = SubmissionStates.Withdrawn }),
        }), cancellationToken);
    }

    /// <summary>The issuer's submission; a met one whose award was interrupted is completed first.</summary>
    public async Task<Outcome<Submission>> GetAsync(string issuerId, string submissionId, CancellationToken cancellationToken)
    {
        Submission? submission = await flow.FindAsync(issuerId, submissionId, cancellationToken);
        if (submission is null) return SubmissionFlow.NoSuchSubmission<Submission>(issuerId, submissionId);
        if (submission.State != SubmissionStates.Met || submission.AwardId is not null) return new Done<Submission>(submission);
        return await flow.ChangeAsync(issuerId, submissionId, (current, _) => Task.FromResult<Outcome<Submission>>(new Done<Submission>(current)), cancellationToken);
    }

    /// <summary>The submission a teacher link opens, or <c>null</c> when <paramref name="token"/> is none.</summary>
    public async Task<Submission?> ByTeacherTokenAsync(string token, CancellationToken cancellationToken) =>
        AssessmentLinks.SubmissionIdOf(token) is { } id && await submissions.GetAsync(id, cancellationToken) is { } found && links.IsTeacherToken(found, token) ? found : null;

    /// <summary>A page of the issuer's submissions oldest first, optionally only those in <paramref name="state"/> (one of <see cref="SubmissionStates.All"/>).</summary>
    public async Task<Outcome<Page<Submission>>> ListAsync(string issuerId, string? state, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (state is not null && !SubmissionStates.All.Contains(state, StringComparer.Ordinal))
            return new InvalidQuery<Page<Submission>>([new FieldError("/state", $"'{Check.Shorten(state)}' is not a submission state; expected one of: {string.Join(", ", SubmissionStates.All)}.")]);
        if (TimeCursor.Unreadable<Page<Submission>>(cursor) is { } unreadable) return unreadable;
        if (await issuers.GetAsync(issuerId, cancellationToken) is null) return new NotFound<Page<Submission>>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        return new Done<Page<Submission>>(await submissions.ListAsync(issuerId, state, cursor, Math.Clamp(limit, 1, 100), cancellationToken));
    }

    private async Task<Outcome<Submission>> InsertAsync(Submission submission, Achievement achievement, string fingerprint, CancellationToken cancellationToken)
    {
        (SubmissionInsertOutcome inserted, Submission stored) = await flow.InsertAsync(submission, achievement, cancellationToken);
        return inserted.Kind switch
        {
            SubmissionInsertKind.Inserted => new Done<Submission>(stored, Created: true),
            SubmissionInsertKind.DuplicateIdempotencyKey => Replay(inserted.Existing!, fingerprint, submission.IdempotencyKey!),
            _ => new Conflict<Submission>("A submission with this id already exists; try again."),
        };
    }

    private Submission New(string issuerId, Achievement achievement, Candidate candidate, IReadOnlyList<SubmissionRound> rounds, string state, string? idempotencyKey, string fingerprint, string actor)
    {
        DateTimeOffset now = flow.Now;
        return new Submission(Ids.New(), issuerId, achievement.Id, candidate, state, rounds, AwardId: null, links.NewestKeyId, idempotencyKey, fingerprint, actor, now, now, Version: 1);
    }

    private SubmissionRound Round(int number, SubmissionContent content) => new(number, flow.Now, content.Evidence, content.Responses, [], []);

    private static Outcome<Submission> Replay(Submission earlier, string fingerprint, string key) =>
        string.Equals(earlier.RequestFingerprint, fingerprint, StringComparison.Ordinal) ? new Done<Submission>(earlier) : new IdempotencyKeyReused<Submission>(key);

    private static string Fingerprint(object request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request))));

    private static Candidate Normalised(Candidate candidate) => new(candidate.Email.Trim(), candidate.Name?.Trim(), candidate.Organization?.Trim());

    private static void CheckCandidate(Check check, Candidate? candidate)
    {
        if (candidate is null)
        {
            check.Fail("/candidate", "is required: the teacher's email, name and organization.");
            return;
        }
        if (string.IsNullOrWhiteSpace(candidate.Email)) check.Fail("/candidate/email", "is required: the badge goes to this address.");
        else check.OptionalEmail("/candidate/email", candidate.Email.Trim());
        check.OptionalText("/candidate/name", candidate.Name, 200);
        check.OptionalText("/candidate/organization", candidate.Organization, 200);
    }

    private static void CheckIdempotencyKey(Check check, string? key)
    {
        if (key is not null && (key.Length is 0 or > 255 || key.Any(c => c < 0x21 || c > 0x7e)))
            check.Fail("/Idempotency-Key", "the Idempotency-Key header must be 1 to 255 visible ASCII characters.");
    }

    private async Task<Achievement?> ReviewedAchievementAsync(Check check, string issuerId, string? achievementId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(achievementId))
        {
            check.Fail("/achievementId", "is required.");
            return null;
        }
        Achievement? achievement = await flow.AchievementAsync(issuerId, achievementId, cancellationToken);
        if (achievement is null) check.Fail("/achievementId", $"Issuer '{issuerId}' has no achievement '{Check.Shorten(achievementId)}'.");
        else if (achievement.Review is null) check.Fail("/achievementId", "is not earned by review; issue it directly.");
        return achievement?.Review is null ? null : achievement;
    }

    /// <summary>
    /// Checks a round's evidence and answers against the achievement and returns them with each uploaded file's
    /// SHA-256, content type and length copied in.
    /// </summary>
    private async Task<SubmissionContent> CheckContentAsync(Check check, string issuerId, Achievement? achievement, SubmissionContent? content, CancellationToken cancellationToken)
    {
        IReadOnlyList<SubmissionEvidence> evidence = content?.Evidence ?? [];
        IReadOnlyList<CriterionResponse> responses = content?.Responses ?? [];
        int max = options.Assessment.MaxEvidenceItems;
        if (evidence.Count == 0 || evidence.Count > max) check.Fail("/evidence", $"must have 1 to {max} items; found {evidence.Count}.");
        else if (achievement is not null && evidence.Count < achievement.Rules.MinimumEvidence)
            check.Fail("/evidence", $"must have at least {achievement.Rules.MinimumEvidence} items (the achievement's criteriaRules.minimumEvidence); found {evidence.Count}.");
        List<SubmissionEvidence> checkedEvidence = [];
        for (int i = 0; i < Math.Min(evidence.Count, max); i++)
            checkedEvidence.Add(await CheckEvidenceAsync(check, $"/evidence/{i}", issuerId, evidence[i], cancellationToken));

        int descriptions = achievement?.ResultDescriptions.Count ?? 0;
        if (responses.Count > descriptions) check.Fail("/responses", $"must have at most one answer per result description of the achievement ({descriptions}); found {responses.Count}.");
        else if (achievement is not null)
        {
            HashSet<string> seen = new(StringComparer.Ordinal);
            int errorsBefore = check.Errors.Count;
            for (int i = 0; i < responses.Count; i++)
            {
                string at = $"/responses/{i}";
                CriterionResponse response = responses[i];
                if (response is null) { check.Fail(at, "must be an object {resultDescription, text}."); continue; }
                if (!achievement.ResultDescriptions.Any(d => string.Equals(d.Key, response.ResultDescription, StringComparison.Ordinal)))
                    check.Fail(at + "/resultDescription", $"'{Check.Shorten(response.ResultDescription ?? "")}' is not a result description of this achievement; expected one of: {string.Join(", ", achievement.ResultDescriptions.Select(d => d.Key))}.");
                else if (!seen.Add(response.ResultDescription))
                    check.Fail(at + "/resultDescription", $"'{response.ResultDescription}' is answered more than once; send one answer per result description.");
                check.Text(at + "/text", response.Text, MaxTextLength);
            }
            if (achievement.Review?.RequireResponses == true && check.Errors.Count == errorsBefore)
            {
                string[] missing = [.. achievement.ResultDescriptions.Select(d => d.Key).Where(k => !seen.Contains(k))];
                if (missing.Length > 0) check.Fail("/responses", $"must answer every result description of the achievement; missing: {string.Join(", ", missing)}.");
            }
        }
        return new SubmissionContent(checkedEvidence, [.. responses.Where(r => r is not null).Select(r => r with { Text = r.Text?.Trim() ?? "" })]);
    }

    private async Task<SubmissionEvidence> CheckEvidenceAsync(Check check, string at, string issuerId, SubmissionEvidence? item, CancellationToken cancellationToken)
    {
        if (item is null)
        {
            check.Fail(at, "must be an object with a url, a fileId or a narrative.");
            return new SubmissionEvidence();
        }
        check.OptionalText(at + "/name", item.Name, 500);
        check.OptionalText(at + "/narrative", item.Narrative, MaxTextLength);
        check.OptionalText(at + "/genre", item.Genre, 200);
        SubmissionEvidence plain = new(item.Url, item.FileId, item.Name, item.Narrative, item.Genre);
        if (item.Url is not null && item.FileId is not null)
        {
            check.Fail(at, "has both a url and a fileId; give one of them (an item per link or file).");
            return plain;
        }
        if (item.Url is null && item.FileId is null && item.Narrative is null)
        {
            check.Fail(at, "needs a url (an absolute http or https link), a fileId (an uploaded evidence file) or a narrative.");
            return plain;
        }
        if (item.Url is not null && !Check.IsHttpUrl(item.Url))
            check.Fail(at + "/url", $"must be an absolute http or https URL{Check.IriShape}; found '{Check.Shorten(item.Url)}'.");
        if (item.FileId is not null)
        {
            EvidenceFile? file = Ids.IsWellFormed(item.FileId) ? await files.GetAsync(item.FileId, cancellationToken) : null;
            if (file is null || !string.Equals(file.IssuerId, issuerId, StringComparison.Ordinal))
            {
                check.Fail(at + "/fileId", $"'{Check.Shorten(item.FileId)}' is not an evidence file of this issuer; upload it first (POST /api/v1/issuers/{{issuerId}}/evidence-files).");
                return plain;
            }
            return plain with { Sha256 = file.Sha256, ContentType = file.ContentType, Length = file.Length, Name = item.Name ?? (file.FileName is { Length: > 0 and <= 500 } fileName ? fileName : null) };
        }
        return plain;
    }
}
