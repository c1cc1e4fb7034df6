// Filters and pipelines that have a rule of the query planner or of the server behind their shape; built here, apart
// from the stores, so the tests can render them to BSON without a server.
using BadgeIssuer.Storage.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>The filters and pipelines whose shape matters to the planner, rendered by the stores and by the tests.</summary>
public static class MongoQueries
{
    /// <summary>
    /// The award with <paramref name="idempotencyKey"/> of the issuer. The unique index on (issuerId, idempotencyKey) is
    /// partial (<c>idempotencyKey: {$type: "string"}</c>, so awards without a key do not collide), and the planner uses a
    /// partial index only for a query whose filter implies the index's filter: an equality with a string does not prove
    /// <c>$type: "string"</c> to it, so the condition is stated.
    /// </summary>
    public static FilterDefinition<AwardDocument> AwardByIdempotencyKey(string issuerId, string idempotencyKey)
    {
        FilterDefinitionBuilder<AwardDocument> f = Builders<AwardDocument>.Filter;
        return f.And(f.Eq(d => d.IssuerId, issuerId), f.Eq(d => d.IdempotencyKey, idempotencyKey), f.Type(d => d.IdempotencyKey, BsonType.String));
    }

    /// <summary>The batch with <paramref name="idempotencyKey"/> of the issuer; the same rule as <see cref="AwardByIdempotencyKey"/>.</summary>
    public static FilterDefinition<BatchDocument> BatchByIdempotencyKey(string issuerId, string idempotencyKey)
    {
        FilterDefinitionBuilder<BatchDocument> f = Builders<BatchDocument>.Filter;
        return f.And(f.Eq(d => d.IssuerId, issuerId), f.Eq(d => d.IdempotencyKey, idempotencyKey), f.Type(d => d.IdempotencyKey, BsonType.String));
    }

    /// <summary>The submission with <paramref name="idempotencyKey"/> of the issuer; the same rule as <see cref="AwardByIdempotencyKey"/>.</summary>
    public static FilterDefinition<SubmissionDocument> SubmissionByIdempotencyKey(string issuerId, string idempotencyKey)
    {
        FilterDefinitionBuilder<SubmissionDocument> f = Builders<SubmissionDocument>.Filter;
        return f.And(f.Eq(d => d.IssuerId, issuerId), f.Eq(d => d.IdempotencyKey, idempotencyKey), f.Type(d => d.IdempotencyKey, BsonType.String));
    }

    /// <summary>The issuer's learner record under an idempotency key, by the partial unique index (which only covers string keys).</summary>
    public static FilterDefinition<LearnerRecordDocument> LearnerRecordByIdempotencyKey(string issuerId, string idempotencyKey)
    {
        FilterDefinitionBuilder<LearnerRecordDocument> f = Builders<LearnerRecordDocument>.Filter;
        return f.And(f.Eq(d => d.IssuerId, issuerId), f.Eq(d => d.IdempotencyKey, idempotencyKey), f.Type(d => d.IdempotencyKey, BsonType.String));
    }

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
