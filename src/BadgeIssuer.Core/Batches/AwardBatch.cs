using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Batches;

/// <summary>Where a batch is: waiting for a worker, being worked on (under a lease), or done.</summary>
public enum BatchState
{
    /// <summary>Accepted; no worker holds it yet.</summary>
    Queued,
    /// <summary>A worker holds its lease and issues its entries.</summary>
    Running,
    /// <summary>Every entry has a result.</summary>
    Completed,
}

/// <summary>
/// A bulk issuing job. Its entries live in <see cref="BatchChunk"/>s, their results in <see cref="BatchEntryResult"/>s.
/// A worker holds it by a lease (owner and expiry, claimed with one atomic update); a worker that dies simply lets the
/// lease run out and another one carries on from <see cref="NextIndex"/>.
/// </summary>
public sealed record AwardBatch(
    string Id,
    string IssuerId,
    string? IdempotencyKey,
    string RequestFingerprint,
    int EntryCount,
    BatchState State,
    int NextIndex,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    long Version)
{
    /// <summary>Entries per chunk document (MongoDB documents stay far below 16 MiB).</summary>
    public const int ChunkSize = 500;

    /// <summary>The most entries one batch may carry.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>Who submitted the batch: the worker issues its entries as that client, under the submitting request's id.</summary>
    public AuditActor? SubmittedBy { get; init; }

    /// <summary>The idempotency key of entry <paramref name="index"/>: a replayed entry finds its award instead of issuing twice.</summary>
    public string EntryIdempotencyKey(int index) => $"batch-{Id}-{index}";
}

/// <summary>One entry: the award to issue, or why its request could not even be read.</summary>
public sealed record BatchEntry(IssueAwardCommand? Command, IReadOnlyList<FieldError>? Invalid);

/// <summary>Up to <see cref="AwardBatch.ChunkSize"/> consecutive entries of a batch.</summary>
public sealed record BatchChunk(string BatchId, int Number, IReadOnlyList<BatchEntry> Entries);

/// <summary>How an entry ended.</summary>
public static class BatchOutcomes
{
    /// <summary>The award was issued (or found, on a replay).</summary>
    public const string Issued = "issued";

    /// <summary>The results or evidence do not meet the achievement's criteria; the problems say which rules.</summary>
    public const string CriteriaNotMet = "criteria-not-met";

    /// <summary>The entry cannot be issued as sent; the problems point at the fields.</summary>
    public const string Invalid = "invalid";
}

/// <summary>The result of one entry: the award issued, or the problems (unmet rules, invalid fields with pointers).</summary>
public sealed record BatchEntryResult(string BatchId, int Index, string Outcome, string? AwardId, IReadOnlyList<FieldError> Problems);

/// <summary>How many entries ended each way.</summary>
public sealed record BatchCounts(int Issued, int CriteriaNotMet, int Invalid)
{
    /// <summary>Entries with a result.</summary>
    public int Processed => Issued + CriteriaNotMet + Invalid;
}
