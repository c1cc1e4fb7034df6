using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// An issuer's assessors (issue 16, "Assessors"): each added with an API key of its own (an <see cref="ApiClient"/>
/// bound to the issuer and the assessor, holding only <see cref="Scopes.ReviewsWrite"/>, written straight to the client
/// store since <see cref="ClientService"/> gives that scope to nobody), read, and removed (its key revoked, its open
/// assignments given to other assessors). A new assessor takes up the rounds waiting for a free assessor.
/// </summary>
public sealed class AssessorService(
    IAssessorStore assessors,
    IClientStore clients,
    IIssuerStore issuers,
    SubmissionFlow flow,
    AuditTrail audit,
    ILogger<AssessorService> logger,
    TimeProvider time)
{
    /// <summary>The most expertise tags, or entries of the conflict-of-interest list, an assessor may have.</summary>
    public const int MaxListItems = 100;

    /// <summary>Adds an assessor with its own API key, then gives it the rounds of the issuer that wait for an assessor.</summary>
    public async Task<Outcome<CreatedAssessor>> CreateAsync(string issuerId, string? name, string? email, string? organization,
        IReadOnlyList<string>? expertise, IReadOnlyList<string>? conflicts, CancellationToken cancellationToken)
    {
        Check check = new();
        check.Text("/name", name, 200);
        if (string.IsNullOrWhiteSpace(email)) check.Fail("/email", "is required: review links are sent to this address.");
        else check.OptionalEmail("/email", email.Trim());
        check.OptionalText("/organization", organization, 200);
        CheckList(check, "/expertise", expertise, 100);
        CheckList(check, "/conflicts", conflicts, 254);
        if (check.Errors.Count > 0) return new Invalid<CreatedAssessor>(check.Errors);
        if (await issuers.GetAsync(issuerId, cancellationToken) is null) return new NotFound<CreatedAssessor>($"There is no issuer '{Check.Shorten(issuerId)}'.");

        DateTimeOffset now = time.GetUtcNow();
        string assessorId = Ids.New();
        string apiKey = ApiKeys.New();
        ApiClient client = new(Ids.New(), $"assessor {assessorId}", issuerId, [Scopes.ReviewsWrite], ApiKeys.Hash(apiKey), now, AssessorId: assessorId);
        if (await clients.InsertAsync(client, cancellationToken) != WriteOutcome.Written)
            return new Conflict<CreatedAssessor>("A client with this id or key already exists; try again.");
        Assessor assessor = new(assessorId, issuerId, name!.Trim(), email!.Trim(), organization?.Trim(),
            [.. (expertise ?? []).Select(e => e.Trim())], [.. (conflicts ?? []).Select(c => c.Trim())], client.Id, now, RemovedAt: null, Version: 1);
        if (await audit.RecordAsync(Changed(assessor, AuditActions.AssessorCreated), () => assessors.InsertAsync(assessor, cancellationToken), cancellationToken) != WriteOutcome.Written)
        {
            await clients.UpdateAsync(client with { RevokedAt = now }, client.KeyHash, cancellationToken);
            return new Conflict<CreatedAssessor>("An assessor with this id already exists; try again.");
        }
        logger.AssessorChanged(assessor.Id, issuerId, "added", client.Id);
        await TakeUpWaitingRoundsAsync(issuerId, cancellationToken);
        return new Done<CreatedAssessor>(new CreatedAssessor(assessor, apiKey), Created: true);
    }

    /// <summary>The issuer's assessor (also a removed one), or <see cref="NotFound{T}"/>.</summary>
    public async Task<Outcome<Assessor>> GetAsync(string issuerId, string assessorId, CancellationToken cancellationToken) =>
        Ids.IsWellFormed(assessorId) && await assessors.GetAsync(assessorId, cancellationToken) is { } assessor && string.Equals(assessor.IssuerId, issuerId, StringComparison.Ordinal)
            ? new Done<Assessor>(assessor)
            : NoSuchAssessor<Assessor>(issuerId, assessorId);

    /// <summary>A page of the issuer's assessors ordered by id, after <paramref name="cursor"/> (the last id of the previous page); removed ones only when asked.</summary>
    public async Task<Outcome<Page<Assessor>>> ListAsync(string issuerId, bool includeRemoved, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (cursor is not null && !Ids.IsWellFormed(cursor))
            return new InvalidQuery<Page<Assessor>>([new FieldError("/cursor", "is not a cursor this service returned; start again without one.")]);
        if (await issuers.GetAsync(issuerId, cancellationToken) is null) return new NotFound<Page<Assessor>>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        return new Done<Page<Assessor>>(await assessors.ListAsync(issuerId, includeRemoved, cursor, Math.Clamp(limit, 1, 200), cancellationToken));
    }

    /// <summary>
    /// Removes an assessor: its key is refused from the next request on, and each of its open assignments goes to
    /// another eligible assessor (or the round waits for one). Removing a removed assessor changes nothing.
    /// </summary>
    public async Task<Outcome<Assessor>> RemoveAsync(string issuerId, string assessorId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= SubmissionFlow.MaxWriteAttempts; attempt++)
        {
            if (await GetAsync(issuerId, assessorId, cancellationToken) is not Done<Assessor> { Value: var assessor } found) return NoSuchAssessor<Assessor>(issuerId, assessorId);
            if (assessor.RemovedAt is not null) return found;
            await RevokeClientAsync(assessor.ClientId, cancellationToken);
            Assessor removed = assessor with { RemovedAt = time.GetUtcNow(), Version = assessor.Version + 1 };
            WriteOutcome written = await audit.RecordAsync(Changed(removed, AuditActions.AssessorRemoved), () => assessors.UpdateAsync(removed, assessor.Version, cancellationToken), cancellationToken);
            if (written == WriteOutcome.NotFound) return NoSuchAssessor<Assessor>(issuerId, assessorId);
            if (written != WriteOutcome.Written) continue;
            logger.AssessorChanged(removed.Id, issuerId, "removed", removed.ClientId);
            await ReassignAsync(removed, cancellationToken);
            return new Done<Assessor>(removed);
        }
        return new Conflict<Assessor>($"Assessor '{assessorId}' changed while it was being removed; try again.");
    }

    /// <summary>Gives each open assignment of <paramref name="removed"/> to another eligible assessor.</summary>
    private async Task ReassignAsync(Assessor removed, CancellationToken cancellationToken)
    {
        foreach (Submission submission in await UnderReviewAsync(removed.IssuerId, cancellationToken))
        {
            if (!submission.OpenAssessorIds().Contains(removed.Id, StringComparer.Ordinal)) continue;
            await flow.ChangeAsync(submission.IssuerId, submission.Id, async (current, achievement) =>
            {
                if (!current.OpenAssessorIds().Contains(removed.Id, StringComparer.Ordinal)) return new Done<Submission>(current);
                SubmissionRound round = current.Current;
                Submission without = current with
                {
                    Rounds = [.. current.Rounds.SkipLast(1), round with { Assignments = [.. round.Assignments.Where(a => !string.Equals(a.AssessorId, removed.Id, StringComparison.Ordinal))] }],
                };
                return new Done<Submission>(await flow.WithAssessorsAsync(without, achievement, cancellationToken));
            }, cancellationToken);
        }
    }

    /// <summary>Gives free assessors to the rounds of the issuer that have fewer than they want (the others are not written).</summary>
    private async Task TakeUpWaitingRoundsAsync(string issuerId, CancellationToken cancellationToken)
    {
        Dictionary<string, int> required = new(StringComparer.Ordinal);
        foreach (Submission submission in await UnderReviewAsync(issuerId, cancellationToken))
        {
            if (!required.TryGetValue(submission.AchievementId, out int reviews))
                required[submission.AchievementId] = reviews = await flow.AchievementAsync(issuerId, submission.AchievementId, cancellationToken) is { } a ? SubmissionFlow.ReviewsRequired(a) : 0;
            if (submission.Current.Assignments.Count >= RoundVerdict.AssessorsWanted(submission.Current, reviews)) continue;
            await flow.ChangeAsync(issuerId, submission.Id, async (current, achievement) =>
            {
                Submission assigned = await flow.WithAssessorsAsync(current, achievement, cancellationToken);
                return new Done<Submission>(assigned);
            }, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<Submission>> UnderReviewAsync(string issuerId, CancellationToken cancellationToken) =>
        [.. await flow.AllInStateAsync(issuerId, SubmissionStates.Submitted, cancellationToken), .. await flow.AllInStateAsync(issuerId, SubmissionStates.InReview, cancellationToken)];

    private async Task RevokeClientAsync(string clientId, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= SubmissionFlow.MaxWriteAttempts; attempt++)
        {
            if (await clients.GetAsync(clientId, cancellationToken) is not { } client || client.RevokedAt is not null) return;
            ApiClient revoked = client with { RevokedAt = time.GetUtcNow(), PreviousKeyHash = null, PreviousKeyValidUntil = null };
            if (await clients.UpdateAsync(revoked, client.KeyHash, cancellationToken) != WriteOutcome.Conflict)
            {
                logger.ClientRevoked(revoked.Id, revoked.IssuerId);
                return;
            }
        }
    }

    private static void CheckList(Check check, string pointer, IReadOnlyList<string>? items, int maxLength)
    {
        if (items is null) return;
        if (items.Count > MaxListItems)
        {
            check.Fail(pointer, $"must have at most {MaxListItems} entries; found {items.Count}.");
            return;
        }
        for (int i = 0; i < items.Count; i++) check.Text($"{pointer}/{i}", items[i], maxLength);
    }

    private static AuditChange Changed(Assessor assessor, string action) =>
        AuditChange.Of(assessor.IssuerId, action, assessor.Version, ("assessorId", assessor.Id), ("clientId", assessor.ClientId));

    private static NotFound<T> NoSuchAssessor<T>(string issuerId, string assessorId) =>
        new($"Issuer '{Check.Shorten(issuerId)}' has no assessor '{Check.Shorten(assessorId)}'.");
}
