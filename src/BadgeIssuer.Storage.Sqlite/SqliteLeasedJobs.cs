// The leased-job primitive (ILeasedJobs) over a SQLite table of one job kind. Each operation is one UPDATE of one row:
// a claim picks the row in the same statement (UPDATE ... WHERE id = (SELECT ... LIMIT 1) RETURNING doc), and SQLite
// runs it under its write lock, so two workers never take the same job. The lease owner lives in the document.
using System.Globalization;
using System.Text.Json;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// A job kind's table and rules. The table has the columns <c>id</c>, <c>state</c>, <c>lease_until</c>,
/// <c>version</c> and <c>doc</c> (and a due-time column if the kind has one); the document has <c>state</c>,
/// <c>leaseOwner</c>, <c>leaseUntil</c> and <c>version</c>. A new kind is a table of that shape (a schema step) and
/// one more instance here. Table, column and field names are constants of this class; every value is a parameter.
/// </summary>
public sealed class SqliteJobKind
{
    /// <summary>Award batches: queued or running ones are claimable, oldest first; a claim makes them running.</summary>
    public static readonly SqliteJobKind Batches = new("batches", [nameof(BatchState.Queued), nameof(BatchState.Running)],
        claimedState: nameof(BatchState.Running), doneState: nameof(BatchState.Completed), doneAtField: "$.completedAt", due: null, order: "created_at, id");

    /// <summary>Webhook deliveries: pending ones are claimable once their next attempt is due, soonest first.</summary>
    public static readonly SqliteJobKind WebhookDeliveries = new("webhook_deliveries", [nameof(DeliveryState.Pending)],
        claimedState: null, doneState: nameof(DeliveryState.Delivered), doneAtField: "$.deliveredAt", due: ("next_attempt_at", "$.nextAttemptAt"), order: "next_attempt_at, id");

    /// <summary>Outbox events: pending ones are claimable, oldest first; a done event loses its recipient.</summary>
    public static readonly SqliteJobKind Outbox = new("outbox", [nameof(OutboxState.Pending)],
        claimedState: null, doneState: nameof(OutboxState.Done), doneAtField: "$.doneAt", due: null, order: "created_at, id", removedWhenDone: "'$.recipient', ");

    /// <summary>A row held by <c>$owner</c>.</summary>
    private const string Held = "id = $id AND lease_until IS NOT NULL AND json_extract(doc, '$.leaseOwner') = $owner";

    private SqliteJobKind(string table, string[] claimable, string? claimedState, string doneState, string doneAtField, (string Column, string Field)? due, string order,
        string removedWhenDone = "")
    {
        Claimable = JsonSerializer.Serialize(claimable);
        ClaimedState = claimedState;
        DoneState = doneState;
        string dueCondition = due is { } d ? $"AND {d.Column} <= $now " : "";
        string dueSet = due is { } r ? $"{r.Column} = $retry, " : "";
        string dueField = due is { } f ? $"'{f.Field}', $retryText, " : "";
        Claim = $"UPDATE {table} SET state = COALESCE($claimed, state), lease_until = $until, version = version + 1, " +
            "doc = json_set(doc, '$.state', COALESCE($claimed, state), '$.leaseOwner', $owner, '$.leaseUntil', $untilText, '$.version', version + 1) " +
            $"WHERE id = (SELECT id FROM {table} WHERE state IN (SELECT value FROM json_each($claimable)) {dueCondition}" +
            $"AND (lease_until IS NULL OR lease_until < $now) ORDER BY {order} LIMIT 1) RETURNING doc";
        Renew = $"UPDATE {table} SET lease_until = $until, version = version + 1, " +
            $"doc = json_set(doc, '$.leaseUntil', $untilText, '$.version', version + 1) WHERE {Held}";
        Complete = $"UPDATE {table} SET state = $done, lease_until = NULL, version = version + 1, " +
            $"doc = json_set(json_remove(doc, {removedWhenDone}'$.leaseOwner', '$.leaseUntil'), '$.state', $done, '{doneAtField}', $nowText, '$.version', version + 1) WHERE {Held}";
        Release = $"UPDATE {table} SET {dueSet}lease_until = NULL, version = version + 1, " +
            $"doc = json_set(json_remove(doc, '$.leaseOwner', '$.leaseUntil'), {dueField}'$.version', version + 1) WHERE {Held}";
        Exists = $"SELECT COUNT(*) FROM {table} WHERE id = $id";
    }

    /// <summary>The states a claim may take, as a JSON array (the <c>$claimable</c> parameter).</summary>
    internal string Claimable { get; }

    /// <summary>The state a claim puts the job in, or <c>null</c> to leave it.</summary>
    internal string? ClaimedState { get; }

    /// <summary>The finished state.</summary>
    internal string DoneState { get; }

    internal string Claim { get; }
    internal string Renew { get; }
    internal string Complete { get; }
    internal string Release { get; }
    internal string Exists { get; }
}

/// <summary>The leased jobs of one <see cref="SqliteJobKind"/>, read back as <typeparamref name="TJob"/>.</summary>
public sealed class SqliteLeasedJobs<TDocument, TJob>(SqliteDatabase db, SqliteJobKind kind, Func<TDocument, TJob> toDomain) : ILeasedJobs<TJob>
    where TJob : class
{
    /// <inheritdoc />
    public async Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        (await db.RowAsync(kind.Claim,
            Parameters.Of(("$owner", owner), ("$now", SqliteAwardStore.Timestamp(now)), ("$until", SqliteAwardStore.Timestamp(leaseUntil)),
                ("$untilText", Text(leaseUntil)), ("$claimable", kind.Claimable), ("$claimed", kind.ClaimedState)),
            reader => toDomain(SqliteJson.Deserialize<TDocument>(reader.GetString(0))), cancellationToken));

    /// <inheritdoc />
    public Task<WriteOutcome> RenewAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        db.UpdateAsync(kind.Renew, kind.Exists,
            Parameters.Of(("$id", jobId), ("$owner", owner), ("$until", SqliteAwardStore.Timestamp(leaseUntil)), ("$untilText", Text(leaseUntil))), cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> CompleteAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.UpdateAsync(kind.Complete, kind.Exists, Parameters.Of(("$id", jobId), ("$owner", owner), ("$done", kind.DoneState), ("$nowText", Text(now))), cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> ReleaseAsync(string jobId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        db.UpdateAsync(kind.Release, kind.Exists,
            Parameters.Of(("$id", jobId), ("$owner", owner), ("$retry", SqliteAwardStore.Timestamp(retryAt)), ("$retryText", Text(retryAt))), cancellationToken);

    /// <summary>A time as the documents hold it (ISO 8601 with its offset).</summary>
    private static string Text(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
