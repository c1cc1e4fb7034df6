// The leased-job primitive (ILeasedJobs) over a SQLite table of one job kind. Each operation is one UPDATE of one row:
// a claim picks the row in the same statement (UPDATE ... WHERE id = (SELECT ... LIMIT 1) RETURNING doc), and SQLite
// runs it under its write lock, so two workers never take the same job. The lease owner lives in the document.
using System.Globalization;
using System.Text.Json;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// A job kind's table and rules. The table has the columns <c>id</c>, <c>state</c>, <c>lease_until</c>,
/// <c>version</c> and <c>doc</c> (and a due-time column if the kind has one); the document has <c>state</c>,
/// <c>leaseOwner</c>, <c>leaseUntil</c>, <c>leaseFailures</c>, <c>lastError</c> and <c>version</c>; a group column says
/// which jobs belong together (claims can pass over groups). A new kind is a
/// table of that shape (a schema step) and one more instance here. Table, column and field names are constants of this class;
/// every value is a parameter.
/// </summary>
public sealed class SqliteJobKind
{
    /// <summary>
    /// Award batches: queued or running ones are claimable, the issuer served least recently first (a batch's
    /// <c>claimed_at</c> is when it was last claimed; an issuer never served sorts first), then oldest first; a claim
    /// makes them running.
    /// </summary>
    public static readonly SqliteJobKind Batches = new("batches", [nameof(BatchState.Queued), nameof(BatchState.Running)],
        claimedState: nameof(BatchState.Running), doneState: nameof(BatchState.Completed), parkedState: nameof(BatchState.Parked), doneAtField: "$.completedAt", due: null,
        group: "issuer_id", served: ("claimed_at", "$.claimedAt"),
        order: "(SELECT MAX(served.claimed_at) FROM batches served WHERE served.issuer_id = batches.issuer_id), created_at, id");

    /// <summary>Webhook deliveries: pending ones are claimable once their next attempt is due, soonest first.</summary>
    public static readonly SqliteJobKind WebhookDeliveries = new("webhook_deliveries", [nameof(DeliveryState.Pending)],
        claimedState: null, doneState: nameof(DeliveryState.Delivered), parkedState: nameof(DeliveryState.Parked), doneAtField: "$.deliveredAt",
        due: ("next_attempt_at", "$.nextAttemptAt"), group: "subscription_id", served: null, order: "next_attempt_at, id");

    /// <summary>Claim mails: queued ones are claimable once their next attempt is due, soonest first (an award's mails one at a time).</summary>
    public static readonly SqliteJobKind ClaimMails = new("mail_jobs", [nameof(MailState.Queued)],
        claimedState: null, doneState: nameof(MailState.Sent), parkedState: nameof(MailState.Parked), doneAtField: "$.sentAt",
        due: ("next_attempt_at", "$.nextAttemptAt"), group: "award_id", served: null, order: "next_attempt_at, id");

    /// <summary>Outbox events: pending ones are claimable, oldest first (each its own group); a done event loses its recipient.</summary>
    public static readonly SqliteJobKind Outbox = new("outbox", [nameof(OutboxState.Pending)],
        claimedState: null, doneState: nameof(OutboxState.Done), parkedState: nameof(OutboxState.Parked), doneAtField: "$.doneAt", due: null,
        group: "id", served: null, order: "created_at, id", removedWhenDone: "'$.recipient', ");

    /// <summary>A row held by <c>$owner</c>.</summary>
    private const string Held = "id = $id AND lease_until IS NOT NULL AND json_extract(doc, '$.leaseOwner') = $owner";

    /// <summary>The job's failures so far.</summary>
    private const string Failures = "COALESCE(json_extract(doc, '$.leaseFailures'), 0)";

    /// <summary>A claimed row whose lease ran out and whose failures reach <c>$max</c> with this one: it is parked.</summary>
    private const string Exhausted = $"(lease_until IS NOT NULL AND {Failures} + 1 >= $max)";

    private SqliteJobKind(string table, string[] claimable, string? claimedState, string doneState, string parkedState, string doneAtField,
        (string Column, string Field)? due, string group, (string Column, string Field)? served, string order, string removedWhenDone = "")
    {
        Claimable = JsonSerializer.Serialize(claimable);
        ClaimedState = claimedState;
        DoneState = doneState;
        ParkedState = parkedState;
        string dueCondition = due is { } d ? $"AND {d.Column} <= $now " : "";
        string dueSet = due is { } r ? $"{r.Column} = $retry, " : "";
        string dueField = due is { } f ? $"'{f.Field}', $retryText, " : "";
        string servedSet = served is { } s ? $"{s.Column} = $now, " : "";
        string servedField = served is { } sf ? $"'{sf.Field}', $nowText, " : "";
        const string Lapsed = "lease_until IS NOT NULL";
        Claim = $"UPDATE {table} SET {servedSet}" +
            $"state = CASE WHEN {Exhausted} THEN $parked ELSE COALESCE($claimed, state) END, " +
            $"lease_until = CASE WHEN {Exhausted} THEN NULL ELSE $until END, version = version + 1, " +
            $"doc = CASE WHEN {Exhausted} " +
            $"THEN json_set(json_remove(doc, '$.leaseOwner', '$.leaseUntil'), '$.state', $parked, '$.leaseFailures', {Failures} + 1, '$.lastError', $lapsed, '$.version', version + 1) " +
            $"ELSE json_set(doc, {servedField}'$.state', COALESCE($claimed, state), '$.leaseOwner', $owner, '$.leaseUntil', $untilText, " +
            $"'$.leaseFailures', {Failures} + ({Lapsed}), '$.lastError', CASE WHEN {Lapsed} THEN $lapsed ELSE json_extract(doc, '$.lastError') END, '$.version', version + 1) END " +
            $"WHERE id = (SELECT id FROM {table} WHERE state IN (SELECT value FROM json_each($claimable)) {dueCondition}" +
            $"AND (lease_until IS NULL OR lease_until < $now) AND {group} NOT IN (SELECT value FROM json_each($skip)) ORDER BY {order} LIMIT 1) RETURNING doc, state";
        Renew = $"UPDATE {table} SET lease_until = $until, version = version + 1, " +
            $"doc = json_set(doc, '$.leaseUntil', $untilText, '$.version', version + 1) WHERE {Held}";
        Complete = $"UPDATE {table} SET state = $done, lease_until = NULL, version = version + 1, " +
            $"doc = json_set(json_remove(doc, {removedWhenDone}'$.leaseOwner', '$.leaseUntil'), '$.state', $done, '{doneAtField}', $nowText, '$.version', version + 1) WHERE {Held}";
        Release = $"UPDATE {table} SET {dueSet}lease_until = NULL, version = version + 1, " +
            $"doc = json_set(json_remove(doc, '$.leaseOwner', '$.leaseUntil'), {dueField}'$.version', version + 1) WHERE {Held}";
        const string Parks = $"{Failures} + 1 >= $max";
        Fail = $"UPDATE {table} SET {dueSet}state = CASE WHEN {Parks} THEN $parked ELSE state END, lease_until = NULL, version = version + 1, " +
            $"doc = json_set(json_remove(doc, '$.leaseOwner', '$.leaseUntil'), {dueField}'$.state', CASE WHEN {Parks} THEN $parked ELSE state END, " +
            $"'$.leaseFailures', {Failures} + 1, '$.lastError', $error, '$.version', version + 1) WHERE {Held}";
        Exists = $"SELECT COUNT(*) FROM {table} WHERE id = $id";
    }

    /// <summary>The states a claim may take, as a JSON array (the <c>$claimable</c> parameter).</summary>
    internal string Claimable { get; }

    /// <summary>The state a claim puts the job in, or <c>null</c> to leave it.</summary>
    internal string? ClaimedState { get; }

    /// <summary>The finished state.</summary>
    internal string DoneState { get; }

    /// <summary>The state of a job that failed too often; never claimed again.</summary>
    internal string ParkedState { get; }

    internal string Claim { get; }
    internal string Renew { get; }
    internal string Complete { get; }
    internal string Release { get; }
    internal string Fail { get; }
    internal string Exists { get; }
}

/// <summary>The leased jobs of one <see cref="SqliteJobKind"/>, read back as <typeparamref name="TJob"/>.</summary>
public sealed class SqliteLeasedJobs<TDocument, TJob>(SqliteDatabase db, SqliteJobKind kind, Func<TDocument, TJob> toDomain) : ILeasedJobs<TJob>
    where TJob : class
{
    /// <inheritdoc />
    public async Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxFailures, IReadOnlyCollection<string> skipGroups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentNullException.ThrowIfNull(skipGroups);
        Dictionary<string, object?> parameters = Parameters.Of(("$owner", owner), ("$now", SqliteAwardStore.Timestamp(now)), ("$nowText", Text(now)),
            ("$until", SqliteAwardStore.Timestamp(leaseUntil)), ("$untilText", Text(leaseUntil)), ("$claimable", kind.Claimable), ("$claimed", kind.ClaimedState),
            ("$parked", kind.ParkedState), ("$max", maxFailures), ("$lapsed", LeasedJobs.LeaseRanOut), ("$skip", JsonSerializer.Serialize(skipGroups)));
        // A claim that parks the job it picked returns it parked; the next claim looks further.
        while (await db.RowAsync(kind.Claim, parameters, reader => new[] { reader.GetString(0), reader.GetString(1) }, cancellationToken) is [string doc, string state])
            if (!string.Equals(state, kind.ParkedState, StringComparison.Ordinal)) return toDomain(SqliteJson.Deserialize<TDocument>(doc));
        return null;
    }

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

    /// <inheritdoc />
    public Task<WriteOutcome> FailAsync(string jobId, string owner, string error, DateTimeOffset retryAt, int maxFailures, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        return db.UpdateAsync(kind.Fail, kind.Exists, Parameters.Of(("$id", jobId), ("$owner", owner), ("$error", error), ("$parked", kind.ParkedState), ("$max", maxFailures),
            ("$retry", SqliteAwardStore.Timestamp(retryAt)), ("$retryText", Text(retryAt))), cancellationToken);
    }

    /// <summary>A time as the documents hold it (ISO 8601 with its offset).</summary>
    private static string Text(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
