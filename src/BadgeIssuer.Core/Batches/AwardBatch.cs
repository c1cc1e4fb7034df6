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
    /// <summary>
    /// Its lease ran out or its worker failed <see cref="BatchOptions.MaxLeaseFailures"/> times in a row without
    /// progress; it is never claimed again, and <see cref="AwardBatch.LastError"/> says what went wrong last.
    /// </summary>
    Parked,
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

    /// <summary>Lease failures in a row (a lease that ran out, or a worker that failed) since the batch last made progress.</summary>
    public int LeaseFailures { get; init; }

    /// <summary>What went wrong the last time the batch's lease failed (no secrets, no stack trace).</summary>
    public string? LastError { get; init; }

    /// <summary>When a worker last claimed the batch; claims go to the issuer served least recently.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>The idempotency key of entry <paramref name="index"/>: a replayed entry finds its award instead of issuing twice.</summary>
    public string EntryIdempotencyKey(int index) => $"batch-{Id}-{index}";
}

/// <summary>
/// One entry: the award to issue, or why its request could not even be read. <paramref name="Quiet"/> is the entry's
/// <c>"notify": false</c> (no claim mail): the command's own <see cref="IssueAwardCommand.Notify"/> is not stored with
/// it, so it is kept here, written only when set (the entries of earlier batches read as not quiet).
/// </summary>
public sealed record BatchEntry(IssueAwardCommand? Command, IReadOnlyList<FieldError>? Invalid,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)] bool Quiet = false)
{
    /// <summary>What is kept of an entry once it has its result: nothing (its recipient data is gone).</summary>
    public static readonly BatchEntry Processed = new(null, []);
}

/// <summary>Up to <see cref="AwardBatch.ChunkSize"/> consecutive entries of a batch.</summary>
public sealed record BatchChunk(string BatchId, int Number, IReadOnlyList<BatchEntry> Entries)
{
    /// <summary>
    /// This chunk with every entry before <paramref name="nextIndex"/> (a batch's progress) replaced by
    /// <see cref="BatchEntry.Processed"/>; <c>null</c> when no entry changes.
    /// </summary>
    public BatchChunk? WithoutProcessed(int nextIndex)
    {
        int first = Number * AwardBatch.ChunkSize;
        int processed = Math.Clamp(nextIndex - first, 0, Entries.Count);
        if (Entries.Take(processed).All(e => e.Command is null && e.Invalid is { Count: 0 })) return null;
        return this with { Entries = [.. Entries.Select((e, i) => i < processed ? BatchEntry.Processed : e)] };
    }
}

/// <summary>How an entry ended.</summary>
public static class BatchOutcomes
{
    /// <summary>The award was issued (or found, on a replay).</summary>
    public const string Issued = "issued";

    /// <summary>The results or evidence do not meet the achievement's criteria; the problems say which rules.</summary>
    public const string CriteriaNotMet = "criteria-not-met";

    /// <summary>The entry cannot be issued as sent; the problems point at the fields.</summary>
    public const string Invalid = "invalid";

    /// <summary>Issuing failed unexpectedly (e.g. at signing); the problem says what failed, and the batch went on.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// The result of one entry: the award issued, or the problems (unmet rules, invalid fields with pointers).
/// <paramref name="RecipientKey"/> is the hashed identity of the recipient (as <c>Award.RecipientKey</c>): once an
/// entry has its result, the batch keeps no plaintext recipient data of it.
/// </summary>
public sealed record BatchEntryResult(string BatchId, int Index, string Outcome, string? AwardId, IReadOnlyList<FieldError> Problems, string? RecipientKey = null);

/// <summary>How many entries ended each way.</summary>
public sealed record BatchCounts(int Issued, int CriteriaNotMet, int Invalid, int Failed = 0)
{
    /// <summary>Entries with a result.</summary>
    public int Processed => Issued + CriteriaNotMet + Invalid + Failed;
}
