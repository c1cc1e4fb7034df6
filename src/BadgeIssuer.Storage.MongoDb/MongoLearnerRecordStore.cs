using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// Learner records in MongoDB (<c>learnerRecords</c>): one document each, one InsertOne, unique on _id and (issuerId,
/// idempotencyKey), replaced by version, listed by (issuerId, recipientKey, issuedAt, _id).
/// </summary>
public sealed class MongoLearnerRecordStore(MongoDatabase db) : ILearnerRecordStore
{
    /// <inheritdoc />
    public async Task<LearnerRecordInsertOutcome> InsertAsync(LearnerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (await MongoDatabase.InsertAsync(db.LearnerRecords, LearnerRecordDocument.From(record), cancellationToken) == WriteOutcome.Written)
            return new LearnerRecordInsertOutcome(LearnerRecordInsertKind.Inserted);
        if (record.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(record.IssuerId, record.IdempotencyKey, cancellationToken) is { } existing)
            return new LearnerRecordInsertOutcome(LearnerRecordInsertKind.DuplicateIdempotencyKey, existing);
        return new LearnerRecordInsertOutcome(LearnerRecordInsertKind.Conflict);
    }

    /// <inheritdoc />
    public async Task<LearnerRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.LearnerRecords.Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<LearnerRecord?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await MongoDatabase.Fresh(db.LearnerRecords).Find(MongoQueries.ByIdempotencyKey<LearnerRecordDocument>(issuerId, idempotencyKey)).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(LearnerRecord record, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return MongoDatabase.ReplaceAsync(db.LearnerRecords, record.Id, expectedVersion, LearnerRecordDocument.From(record), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<LearnerRecord>> ListAsync(string issuerId, string recipientKey, string? cursor, int limit, CancellationToken cancellationToken)
    {
        FilterDefinitionBuilder<LearnerRecordDocument> f = Builders<LearnerRecordDocument>.Filter;
        FilterDefinition<LearnerRecordDocument> filter = f.Eq(d => d.IssuerId, issuerId) & f.Eq(d => d.RecipientKey, recipientKey);
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
            filter &= f.Gt(d => d.IssuedAt, afterTime) | (f.Eq(d => d.IssuedAt, afterTime) & f.Gt(d => d.Id, afterId));
        List<LearnerRecordDocument> rows = await db.LearnerRecords.Find(filter).SortBy(d => d.IssuedAt).ThenBy(d => d.Id).Limit(limit + 1).ToListAsync(cancellationToken);
        List<LearnerRecord> page = [.. rows.Take(limit).Select(d => d.ToDomain())];
        return new Page<LearnerRecord>(page, rows.Count > limit ? TimeCursor.After(page[^1].IssuedAt, page[^1].Id) : null);
    }
}
