using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Submissions, one document each (its rounds, assignments and reviews inside), found by id, by the issuer's
/// idempotency key, and listed per issuer oldest first by <see cref="Submission.CreatedAt"/> then
/// id (<see cref="TimeCursor"/>), optionally in one state. Every write is one atomic operation; an update is a
/// compare-and-swap on <see cref="Submission.Version"/>.
/// </summary>
public interface ISubmissionStore
{
    /// <summary>
    /// Stores a new submission. <see cref="SubmissionInsertKind.DuplicateIdempotencyKey"/> (with the earlier one) when
    /// the issuer already has one under its idempotency key; <see cref="SubmissionInsertKind.Conflict"/> on a duplicate id.
    /// </summary>
    Task<SubmissionInsertOutcome> InsertAsync(Submission submission, CancellationToken cancellationToken);

    /// <summary>The submission, or <c>null</c>.</summary>
    Task<Submission?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The issuer's submission made with <paramref name="idempotencyKey"/>, or <c>null</c>.</summary>
    Task<Submission?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Replaces the submission if its stored version equals <paramref name="expectedVersion"/> (the new version is in <paramref name="submission"/>).</summary>
    Task<WriteOutcome> UpdateAsync(Submission submission, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>A page of the issuer's submissions oldest first (created, then id), after <paramref name="cursor"/>, only those in <paramref name="state"/> when given.</summary>
    Task<Page<Submission>> ListAsync(string issuerId, string? state, string? cursor, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// For each assessor of the issuer with open assignments (<see cref="Submission.OpenAssessorIds"/>), how many: the
    /// load assignment balances. Assessors without any are absent.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> OpenAssignmentCountsAsync(string issuerId, CancellationToken cancellationToken);
}

/// <summary>What <see cref="ISubmissionStore.InsertAsync"/> did.</summary>
public enum SubmissionInsertKind
{
    /// <summary>The submission was stored.</summary>
    Inserted,
    /// <summary>The issuer has a submission under the same idempotency key: <see cref="SubmissionInsertOutcome.Existing"/>.</summary>
    DuplicateIdempotencyKey,
    /// <summary>A submission with the same id exists.</summary>
    Conflict,
}

/// <summary>The outcome of inserting a submission; <see cref="Existing"/> is set for <see cref="SubmissionInsertKind.DuplicateIdempotencyKey"/>.</summary>
public sealed record SubmissionInsertOutcome(SubmissionInsertKind Kind, Submission? Existing = null);
