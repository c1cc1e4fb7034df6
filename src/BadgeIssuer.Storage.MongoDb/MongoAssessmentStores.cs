using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// Submissions in MongoDB (<c>submissions</c>): one document each with its rounds, one InsertOne, unique on _id and
/// (issuerId, idempotencyKey), replaced by version; listed by (issuerId, createdAt, _id), optionally in one state; an
/// assessor's load is counted by an aggregation over the <c>openAssessorIds</c> of the issuer's submissions under review.
/// </summary>
public sealed class MongoSubmissionStore(MongoDatabase db) : ISubmissionStore
{
    /// <inheritdoc />
    public async Task<SubmissionInsertOutcome> InsertAsync(Submission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (await MongoDatabase.InsertAsync(db.Submissions, SubmissionDocument.From(submission), cancellationToken) == WriteOutcome.Written)
            return new SubmissionInsertOutcome(SubmissionInsertKind.Inserted);
        if (submission.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(submission.IssuerId, submission.IdempotencyKey, cancellationToken) is { } existing)
            return new SubmissionInsertOutcome(SubmissionInsertKind.DuplicateIdempotencyKey, existing);
        return new SubmissionInsertOutcome(SubmissionInsertKind.Conflict);
    }

    /// <inheritdoc />
    public async Task<Submission?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.Submissions.Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<Submission?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await MongoDatabase.Fresh(db.Submissions).Find(MongoQueries.ByIdempotencyKey<SubmissionDocument>(issuerId, idempotencyKey)).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Submission submission, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return MongoDatabase.ReplaceAsync(db.Submissions, submission.Id, expectedVersion, SubmissionDocument.From(submission), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<Submission>> ListAsync(string issuerId, string? state, string? cursor, int limit, CancellationToken cancellationToken)
    {
        FilterDefinitionBuilder<SubmissionDocument> f = Builders<SubmissionDocument>.Filter;
        FilterDefinition<SubmissionDocument> filter = f.Eq(d => d.IssuerId, issuerId);
        if (state is not null) filter &= f.Eq(d => d.State, state);
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
            filter &= f.Gt(d => d.CreatedAt, afterTime) | (f.Eq(d => d.CreatedAt, afterTime) & f.Gt(d => d.Id, afterId));
        List<SubmissionDocument> rows = await db.Submissions.Find(filter).SortBy(d => d.CreatedAt).ThenBy(d => d.Id).Limit(limit + 1).ToListAsync(cancellationToken);
        List<Submission> page = [.. rows.Take(limit).Select(d => d.ToDomain())];
        return new Page<Submission>(page, rows.Count > limit ? TimeCursor.After(page[^1].CreatedAt, page[^1].Id) : null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, int>> OpenAssignmentCountsAsync(string issuerId, CancellationToken cancellationToken) =>
        (await db.Submissions.Aggregate(MongoQueries.OpenAssignmentCounts(issuerId), cancellationToken: cancellationToken).ToListAsync(cancellationToken))
            .ToDictionary(g => g["_id"].AsString, g => g["count"].ToInt32(), StringComparer.Ordinal);
}

/// <summary>Assessors in MongoDB (<c>assessors</c>): one document each, replaced by version, listed per issuer by _id with a <c>removed</c> flag.</summary>
public sealed class MongoAssessorStore(MongoDatabase db) : IAssessorStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(Assessor assessor, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.Assessors, AssessorDocument.From(assessor), cancellationToken);

    /// <inheritdoc />
    public async Task<Assessor?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.Assessors.Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Assessor assessor, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessor);
        return MongoDatabase.ReplaceAsync(db.Assessors, assessor.Id, expectedVersion, AssessorDocument.From(assessor), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Page<Assessor>> ListAsync(string issuerId, bool includeRemoved, string? cursor, int limit, CancellationToken cancellationToken)
    {
        FilterDefinitionBuilder<AssessorDocument> f = Builders<AssessorDocument>.Filter;
        FilterDefinition<AssessorDocument> filter = includeRemoved ? f.Eq(d => d.IssuerId, issuerId) : f.Eq(d => d.IssuerId, issuerId) & f.Eq(d => d.Removed, false);
        return MongoDatabase.PageAsync(db.Assessors, filter, cursor, limit, d => d.Id, d => d.ToDomain(), cancellationToken);
    }
}

/// <summary>
/// Evidence files in MongoDB (<c>evidenceFiles</c>): the record and its bytes in one document, one InsertOne (files are
/// at most 15 MiB, under the 16 MiB BSON limit); the record is read without the bytes, the bytes alone when served.
/// </summary>
public sealed class MongoEvidenceFileStore(MongoDatabase db) : IEvidenceFileStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(EvidenceFile file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.EvidenceFiles, EvidenceFileDocument.From(file) with { Content = content.ToArray() }, cancellationToken);

    /// <inheritdoc />
    public async Task<EvidenceFile?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.EvidenceFiles.Find(d => d.Id == id).Project<EvidenceFileDocument>(Builders<EvidenceFileDocument>.Projection.Exclude(d => d.Content))
            .FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<byte[]?> ReadContentAsync(string id, CancellationToken cancellationToken) =>
        (await db.EvidenceFiles.Find(d => d.Id == id).Project(new BsonDocument { { "_id", 0 }, { "content", 1 } }).FirstOrDefaultAsync(cancellationToken))?["content"].AsByteArray;
}
