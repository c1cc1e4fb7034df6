// Filters and pipelines that have a rule of the query planner or of the server behind their shape; built here, apart
// from the stores, so the tests can render them to BSON without a server.
using BadgeIssuer.Storage.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>The filters and pipelines whose shape matters to the planner, rendered by the stores and by the tests.</summary>
public static class MongoQueries
{
    /// <summary>The name of the unique index on (issuer, idempotency key) of every collection whose writes take an idempotency key.</summary>
    public const string IdempotencyKeyIndexName = "issuer_idempotencyKey_unique";

    private const string IssuerField = "issuerId", IdempotencyKeyField = "idempotencyKey";

    /// <summary>
    /// The issuer's document (award, batch, submission or learner record) with <paramref name="idempotencyKey"/>. The
    /// unique index on (issuerId, idempotencyKey) is partial (<c>idempotencyKey: {$type: "string"}</c>, so documents
    /// without a key do not collide), and the planner uses a partial index only for a query whose filter implies the
    /// index's filter: an equality with a string does not prove <c>$type: "string"</c> to it, so the condition is stated.
    /// </summary>
    public static FilterDefinition<TDocument> ByIdempotencyKey<TDocument>(string issuerId, string idempotencyKey)
    {
        FilterDefinitionBuilder<TDocument> f = Builders<TDocument>.Filter;
        return f.And(f.Eq(IssuerField, issuerId), f.Eq(IdempotencyKeyField, idempotencyKey), f.Type(IdempotencyKeyField, BsonType.String));
    }

    /// <summary>The partial unique index <see cref="ByIdempotencyKey{TDocument}"/> is planned on.</summary>
    public static CreateIndexModel<TDocument> IdempotencyKeyIndex<TDocument>() =>
        new(Builders<TDocument>.IndexKeys.Ascending(IssuerField).Ascending(IdempotencyKeyField), new CreateIndexOptions<TDocument>
        {
            Unique = true,
            Name = IdempotencyKeyIndexName,
            PartialFilterExpression = Builders<TDocument>.Filter.Type(IdempotencyKeyField, BsonType.String),
        });

    /// <summary>
    /// The parts of a batch chunk, in order, by a range of <c>_id</c> (the primary index): part 0 is
    /// <c>{batch}.{number}</c>, later parts <c>{batch}.{number}.{part:D4}</c>, and <c>/</c> follows <c>.</c> in code
    /// point order while every digit follows <c>/</c>, so chunk 1's range holds neither chunk 10 nor anything else.
    /// </summary>
    public static FilterDefinition<BatchChunkDocument> ChunkParts(string batchId, int number)
    {
        string first = MongoChunkParts.Id(batchId, number, 0);
        FilterDefinitionBuilder<BatchChunkDocument> f = Builders<BatchChunkDocument>.Filter;
        return f.And(f.Gte(d => d.Id, first), f.Lt(d => d.Id, first + "/"));
    }

    /// <summary>A batch's results counted by outcome in one round trip: <c>$match</c> on the batch, <c>$group</c> by outcome.</summary>
    public static PipelineDefinition<BatchResultDocument, BsonDocument> CountsByOutcome(string batchId) =>
        new BsonDocumentStagePipelineDefinition<BatchResultDocument, BsonDocument>(
        [
            new BsonDocument("$match", new BsonDocument("batchId", batchId)),
            new BsonDocument("$group", new BsonDocument { { "_id", "$outcome" }, { "count", new BsonDocument("$sum", 1) } }),
        ]);

    /// <summary>
    /// Open assignments per assessor in one round trip: <c>$match</c> the issuer's submissions under review (on the
    /// (issuerId, state, ...) index), <c>$unwind</c> each one's <c>openAssessorIds</c>, <c>$group</c> by assessor.
    /// </summary>
    public static PipelineDefinition<SubmissionDocument, BsonDocument> OpenAssignmentCounts(string issuerId) =>
        new BsonDocumentStagePipelineDefinition<SubmissionDocument, BsonDocument>(
        [
            new BsonDocument("$match", new BsonDocument
            {
                { "issuerId", issuerId },
                { "state", new BsonDocument("$in", new BsonArray { Core.Assessment.SubmissionStates.Submitted, Core.Assessment.SubmissionStates.InReview }) },
            }),
            new BsonDocument("$unwind", "$openAssessorIds"),
            new BsonDocument("$group", new BsonDocument { { "_id", "$openAssessorIds" }, { "count", new BsonDocument("$sum", 1) } }),
        ]);
}
