using BadgeIssuer.Core.LearnerRecords;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Learner records (CLR 2.0), one document each, found by id and by the issuer's idempotency key, and listed per
/// issuer and learner oldest first by <see cref="LearnerRecord.IssuedAt"/> then id (<see cref="TimeCursor"/>). Every
/// write is one atomic operation; an update is a compare-and-swap on <see cref="LearnerRecord.Version"/>.
/// </summary>
public interface ILearnerRecordStore
{
    /// <summary>
    /// Stores a new record. <see cref="LearnerRecordInsertKind.DuplicateIdempotencyKey"/> (with the earlier one) when the
    /// issuer already has one under its idempotency key; <see cref="LearnerRecordInsertKind.Conflict"/> on a duplicate id.
    /// </summary>
    Task<LearnerRecordInsertOutcome> InsertAsync(LearnerRecord record, CancellationToken cancellationToken);

    /// <summary>The record, or <c>null</c>.</summary>
    Task<LearnerRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The issuer's record made with <paramref name="idempotencyKey"/>, or <c>null</c>.</summary>
    Task<LearnerRecord?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Replaces the record if its stored version equals <paramref name="expectedVersion"/> (the new version is in <paramref name="record"/>).</summary>
    Task<WriteOutcome> UpdateAsync(LearnerRecord record, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>A page of the issuer's records of one learner oldest first (issued, then id), after <paramref name="cursor"/>.</summary>
    Task<Page<LearnerRecord>> ListAsync(string issuerId, string recipientKey, string? cursor, int limit, CancellationToken cancellationToken);
}

/// <summary>What <see cref="ILearnerRecordStore.InsertAsync"/> did.</summary>
public enum LearnerRecordInsertKind
{
    /// <summary>The record was stored.</summary>
    Inserted,
    /// <summary>The issuer has a record under the same idempotency key: <see cref="LearnerRecordInsertOutcome.Existing"/>.</summary>
    DuplicateIdempotencyKey,
    /// <summary>A record with the same id exists.</summary>
    Conflict,
}

/// <summary>The outcome of inserting a learner record; <see cref="Existing"/> is set for <see cref="LearnerRecordInsertKind.DuplicateIdempotencyKey"/>.</summary>
public sealed record LearnerRecordInsertOutcome(LearnerRecordInsertKind Kind, LearnerRecord? Existing = null);
