using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Learner records in SQLite (schema versions 11 and 12): one row each, the record in <c>doc</c> and its packed credential in <c>content</c>.</summary>
public sealed class SqliteLearnerRecordStore(SqliteDatabase db) : ILearnerRecordStore
{
    private static readonly VersionedTable Versioned = new(
        "UPDATE learner_records SET version = $version, doc = $doc, content = $content WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM learner_records WHERE id = $id");

    /// <inheritdoc />
    public async Task<LearnerRecordInsertOutcome> InsertAsync(LearnerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        WriteOutcome outcome = await db.InsertAsync("INSERT INTO learner_records (id, issuer_id, recipient_key, issued_at, idempotency_key, version, doc, content) " +
            "VALUES ($id, $issuer, $recipient, $issued, $key, $version, $doc, $content)",
            new Dictionary<string, object?>(Row(record))
            {
                ["$id"] = record.Id, ["$issuer"] = record.IssuerId, ["$recipient"] = record.RecipientKey,
                ["$issued"] = SqliteAwardStore.Timestamp(record.IssuedAt), ["$key"] = record.IdempotencyKey,
            }, cancellationToken);
        if (outcome == WriteOutcome.Written) return new LearnerRecordInsertOutcome(LearnerRecordInsertKind.Inserted);
        if (record.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(record.IssuerId, record.IdempotencyKey, cancellationToken) is { } existing)
            return new LearnerRecordInsertOutcome(LearnerRecordInsertKind.DuplicateIdempotencyKey, existing);
        return new LearnerRecordInsertOutcome(LearnerRecordInsertKind.Conflict);
    }

    /// <inheritdoc />
    public async Task<LearnerRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.RowsAsync("SELECT doc, content FROM learner_records WHERE id = $id", Parameters.Of(("$id", id)), Read, cancellationToken)).FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public async Task<LearnerRecord?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await db.RowsAsync("SELECT doc, content FROM learner_records WHERE issuer_id = $issuer AND idempotency_key = $key",
            Parameters.Of(("$issuer", issuerId), ("$key", idempotencyKey)), Read, cancellationToken)).FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(LearnerRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return db.UpdateAsync(Versioned, record.Id, expectedVersion, Row(record), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<LearnerRecord>> ListAsync(string issuerId, string recipientKey, string? cursor, int limit, CancellationToken cancellationToken)
    {
        System.Text.StringBuilder sql = new("SELECT doc, content FROM learner_records WHERE issuer_id = $issuer AND recipient_key = $recipient");
        Dictionary<string, object?> parameters = Parameters.Of(("$issuer", issuerId), ("$recipient", recipientKey), ("$limit", limit + 1));
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
        {
            sql.Append(" AND (issued_at > $afterTime OR (issued_at = $afterTime AND id > $afterId))");
            parameters["$afterTime"] = SqliteAwardStore.Timestamp(afterTime);
            parameters["$afterId"] = afterId;
        }
        sql.Append(" ORDER BY issued_at, id LIMIT $limit");
        List<LearnerRecordDocument> rows = await db.RowsAsync(sql.ToString(), parameters, Read, cancellationToken);
        bool more = rows.Count > limit;
        List<LearnerRecord> page = [.. rows.Take(limit).Select(d => d.ToDomain())];
        return new Page<LearnerRecord>(page, more ? TimeCursor.After(page[^1].IssuedAt, page[^1].Id) : null);
    }

    /// <summary>The version, the document without its packed credential and that credential, as both the INSERT and the UPDATE take them.</summary>
    private static Dictionary<string, object?> Row(LearnerRecord r)
    {
        LearnerRecordDocument document = LearnerRecordDocument.From(r);
        return Parameters.Of(("$version", r.Version), ("$doc", SqliteJson.Serialize(document with { Content = null })), ("$content", document.Content));
    }

    /// <summary>A record's document from a <c>doc, content</c> row; <c>content</c> is NULL in rows written before schema version 12.</summary>
    private static LearnerRecordDocument Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        SqliteJson.Deserialize<LearnerRecordDocument>(reader.GetString(0)) with { Content = SqliteDatabase.Blob(reader, 1) };
}
