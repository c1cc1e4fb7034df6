using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>
/// Submissions in SQLite (schema version 10): one row each, the record with its rounds as <c>doc</c>, unique on id and
/// on (issuer, idempotency key), listed by (issuer, created_at, id) or (issuer, state, created_at, id), updated by
/// version. An assessor's load is counted from the <c>openAssessorIds</c> array of the documents under review.
/// </summary>
public sealed class SqliteSubmissionStore(SqliteDatabase db) : ISubmissionStore
{
    private static readonly VersionedTable Versioned = new(
        "UPDATE submissions SET state = $state, version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM submissions WHERE id = $id");

    /// <summary>Open assignments per assessor: each id in <c>openAssessorIds</c> of the issuer's submissions in a state under review.</summary>
    private const string OpenCounts = "SELECT j.value, COUNT(*) FROM submissions s, json_each(s.doc, '$.openAssessorIds') j " +
        "WHERE s.issuer_id = $issuer AND s.state IN ($submitted, $inReview) GROUP BY j.value";

    /// <inheritdoc />
    public async Task<SubmissionInsertOutcome> InsertAsync(Submission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        WriteOutcome outcome = await db.InsertAsync("INSERT INTO submissions (id, issuer_id, state, created_at, idempotency_key, version, doc) " +
            "VALUES ($id, $issuer, $state, $created, $key, $version, $doc)",
            new Dictionary<string, object?>(Row(submission))
            {
                ["$id"] = submission.Id, ["$issuer"] = submission.IssuerId, ["$created"] = SqliteAwardStore.Timestamp(submission.CreatedAt), ["$key"] = submission.IdempotencyKey,
            }, cancellationToken);
        if (outcome == WriteOutcome.Written) return new SubmissionInsertOutcome(SubmissionInsertKind.Inserted);
        if (submission.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(submission.IssuerId, submission.IdempotencyKey, cancellationToken) is { } existing)
            return new SubmissionInsertOutcome(SubmissionInsertKind.DuplicateIdempotencyKey, existing);
        return new SubmissionInsertOutcome(SubmissionInsertKind.Conflict);
    }

    /// <inheritdoc />
    public async Task<Submission?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<SubmissionDocument>("SELECT doc FROM submissions WHERE id = $id", Parameters.Of(("$id", id)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<Submission?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<SubmissionDocument>("SELECT doc FROM submissions WHERE issuer_id = $issuer AND idempotency_key = $key",
            Parameters.Of(("$issuer", issuerId), ("$key", idempotencyKey)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Submission submission, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return db.UpdateAsync(Versioned, submission.Id, expectedVersion, Row(submission), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<Submission>> ListAsync(string issuerId, string? state, string? cursor, int limit, CancellationToken cancellationToken)
    {
        System.Text.StringBuilder sql = new("SELECT doc FROM submissions WHERE issuer_id = $issuer");
        Dictionary<string, object?> parameters = Parameters.Of(("$issuer", issuerId), ("$limit", limit + 1));
        if (state is not null)
        {
            sql.Append(" AND state = $state");
            parameters["$state"] = state;
        }
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
        {
            sql.Append(" AND (created_at > $afterTime OR (created_at = $afterTime AND id > $afterId))");
            parameters["$afterTime"] = SqliteAwardStore.Timestamp(afterTime);
            parameters["$afterId"] = afterId;
        }
        sql.Append(" ORDER BY created_at, id LIMIT $limit");
        List<SubmissionDocument> rows = await db.QueryAsync<SubmissionDocument>(sql.ToString(), parameters, cancellationToken);
        bool more = rows.Count > limit;
        List<Submission> page = [.. rows.Take(limit).Select(d => d.ToDomain())];
        return new Page<Submission>(page, more ? TimeCursor.After(page[^1].CreatedAt, page[^1].Id) : null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, int>> OpenAssignmentCountsAsync(string issuerId, CancellationToken cancellationToken) =>
        (await db.RowsAsync(OpenCounts, Parameters.Of(("$issuer", issuerId), ("$submitted", SubmissionStates.Submitted), ("$inReview", SubmissionStates.InReview)),
            reader => (AssessorId: reader.GetString(0), Count: reader.GetInt32(1)), cancellationToken))
            .ToDictionary(r => r.AssessorId, r => r.Count, StringComparer.Ordinal);

    /// <summary>The state, version and document, as both the INSERT and the UPDATE take them.</summary>
    private static Dictionary<string, object?> Row(Submission s) =>
        Parameters.Of(("$state", s.State), ("$version", s.Version), ("$doc", SqliteJson.Serialize(SubmissionDocument.From(s))));
}

/// <summary>Assessors in SQLite (schema version 10): one row each, listed per issuer by id, with a <c>removed</c> flag the listing filters on.</summary>
public sealed class SqliteAssessorStore(SqliteDatabase db) : IAssessorStore
{
    private static readonly VersionedTable Versioned = new(
        "UPDATE assessors SET removed = $removed, version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM assessors WHERE id = $id");

    /// <summary>A page of the issuer's assessors, removed ones included.</summary>
    private const string ListAll = "SELECT doc FROM assessors WHERE issuer_id = $issuer AND id > $cursor ORDER BY id LIMIT $limit";

    /// <summary>A page of the issuer's current assessors.</summary>
    private const string ListCurrent = "SELECT doc FROM assessors WHERE issuer_id = $issuer AND id > $cursor AND removed = 0 ORDER BY id LIMIT $limit";

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(Assessor assessor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessor);
        return db.InsertAsync("INSERT INTO assessors (id, issuer_id, removed, version, doc) VALUES ($id, $issuer, $removed, $version, $doc)",
            new Dictionary<string, object?>(Row(assessor)) { ["$id"] = assessor.Id, ["$issuer"] = assessor.IssuerId }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Assessor?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<AssessorDocument>("SELECT doc FROM assessors WHERE id = $id", Parameters.Of(("$id", id)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Assessor assessor, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessor);
        return db.UpdateAsync(Versioned, assessor.Id, expectedVersion, Row(assessor), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<Assessor>> ListAsync(string issuerId, bool includeRemoved, string? cursor, int limit, CancellationToken cancellationToken) =>
        Parameters.Page(await db.QueryAsync<AssessorDocument>(includeRemoved ? ListAll : ListCurrent,
            Parameters.Of(("$issuer", issuerId), ("$cursor", cursor ?? ""), ("$limit", limit + 1)), cancellationToken), limit, d => d.Id, d => d.ToDomain());

    private static Dictionary<string, object?> Row(Assessor a) =>
        Parameters.Of(("$removed", a.RemovedAt is null ? 0 : 1), ("$version", a.Version), ("$doc", SqliteJson.Serialize(AssessorDocument.From(a))));
}

/// <summary>
/// Evidence files in SQLite (schema version 10): one row each, written once by one INSERT, the bytes in the
/// <c>content</c> BLOB and the record in <c>doc</c>, so reading the record never reads the bytes.
/// </summary>
public sealed class SqliteEvidenceFileStore(SqliteDatabase db) : IEvidenceFileStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(EvidenceFile file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return db.InsertAsync("INSERT INTO evidence_files (id, issuer_id, sha256, length, content, doc) VALUES ($id, $issuer, $sha256, $length, $content, $doc)",
            Parameters.Of(("$id", file.Id), ("$issuer", file.IssuerId), ("$sha256", file.Sha256), ("$length", file.Length), ("$content", content.ToArray()),
                ("$doc", SqliteJson.Serialize(EvidenceFileDocument.From(file)))), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<EvidenceFile?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<EvidenceFileDocument>("SELECT doc FROM evidence_files WHERE id = $id", Parameters.Of(("$id", id)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<byte[]?> ReadContentAsync(string id, CancellationToken cancellationToken) =>
        (await db.RowsAsync("SELECT content FROM evidence_files WHERE id = $id", Parameters.Of(("$id", id)), reader => (byte[])reader.GetValue(0), cancellationToken))
            .FirstOrDefault();
}
