// The outbox in MongoDB, where every write is one atomic single-document operation and no transaction spans two
// documents: an award's pending events live in the award's own document (the "outbox" array), pushed by the same
// insertOne or updateOne that writes the change. They are leased jobs like any other (ILeasedJobs), only one level
// down: a claim is one findOneAndUpdate that leases the first free pending element through the positional operator,
// and completing an event pulls it from the array, so done events do not stay in the award.
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Outbox events embedded in award documents, claimed and completed in place.</summary>
public sealed class MongoOutbox(MongoDatabase db) : ILeasedJobs<OutboxEvent>
{
    /// <summary>The award document's array of pending events.</summary>
    internal const string Field = "outbox";

    private static readonly string Pending = nameof(OutboxState.Pending);

    /// <summary>
    /// Leases the oldest free pending event. Outbox events are not parked (their effects are idempotent and retried until
    /// they succeed) and have no groups: only <see cref="int.MaxValue"/> failures and no groups to pass over are accepted.
    /// </summary>
    public async Task<OutboxEvent?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxFailures, IReadOnlyCollection<string> skipGroups, CancellationToken cancellationToken)
    {
        Unparked(maxFailures);
        ArgumentNullException.ThrowIfNull(skipGroups);
        if (skipGroups.Count > 0) throw new NotSupportedException("Outbox events have no groups to pass over.");
        BsonDocument claimable = new(Field, new BsonDocument("$elemMatch", new BsonDocument
        {
            { "state", Pending },
            { "$or", new BsonArray { new BsonDocument("leaseUntil", BsonNull.Value), new BsonDocument("leaseUntil", new BsonDocument("$lt", Text(now))) } },
        }));
        BsonDocument take = new()
        {
            { "$set", new BsonDocument { { $"{Field}.$.leaseOwner", owner }, { $"{Field}.$.leaseUntil", Text(leaseUntil) } } },
            { "$inc", new BsonDocument($"{Field}.$.version", 1) },
        };
        BsonDocument? claimed = await db.Awards.FindOneAndUpdateAsync<BsonDocument>(claimable, take, new FindOneAndUpdateOptions<AwardDocument, BsonDocument>
        {
            Sort = new BsonDocument($"{Field}.createdAt", 1),
            Projection = new BsonDocument(Field, 1),
            ReturnDocument = ReturnDocument.After,
        }, cancellationToken);
        BsonValue until = Text(leaseUntil);
        return claimed?[Field].AsBsonArray.Select(e => e.AsBsonDocument)
            .Where(e => e["leaseOwner"] == owner && e["leaseUntil"] == until)
            .Select(e => BsonSerializer.Deserialize<OutboxEventDocument>(e).ToDomain())
            .FirstOrDefault();
    }

    /// <summary>The event is released for another attempt at once (outbox events are not parked: <paramref name="maxFailures"/> must be <see cref="int.MaxValue"/>).</summary>
    public Task<WriteOutcome> FailAsync(string jobId, string owner, string error, DateTimeOffset retryAt, int maxFailures, CancellationToken cancellationToken)
    {
        Unparked(maxFailures);
        return ReleaseAsync(jobId, owner, retryAt, cancellationToken);
    }

    private static void Unparked(int maxFailures)
    {
        if (maxFailures != int.MaxValue) throw new NotSupportedException("Outbox events are not parked on MongoDB: their effects are idempotent and retried until they succeed.");
    }

    /// <inheritdoc />
    public Task<WriteOutcome> RenewAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        HeldUpdateAsync(jobId, owner, new BsonDocument
        {
            { "$set", new BsonDocument($"{Field}.$.leaseUntil", Text(leaseUntil)) },
            { "$inc", new BsonDocument($"{Field}.$.version", 1) },
        }, cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> CompleteAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken) =>
        HeldUpdateAsync(jobId, owner, new BsonDocument("$pull", new BsonDocument(Field, new BsonDocument("_id", jobId))), cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> ReleaseAsync(string jobId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        HeldUpdateAsync(jobId, owner, new BsonDocument
        {
            { "$set", new BsonDocument { { $"{Field}.$.leaseOwner", BsonNull.Value }, { $"{Field}.$.leaseUntil", BsonNull.Value } } },
            { "$inc", new BsonDocument($"{Field}.$.version", 1) },
        }, cancellationToken);

    /// <summary>One updateOne of the award holding the event if <paramref name="owner"/> holds its lease; tells a lease not held from a missing event.</summary>
    private async Task<WriteOutcome> HeldUpdateAsync(string eventId, string owner, BsonDocument update, CancellationToken cancellationToken)
    {
        BsonDocument held = new(Field, new BsonDocument("$elemMatch", new BsonDocument
        {
            { "_id", eventId },
            { "leaseOwner", owner },
            { "leaseUntil", new BsonDocument("$ne", BsonNull.Value) },
        }));
        UpdateResult result = await db.Awards.UpdateOneAsync(held, update, cancellationToken: cancellationToken);
        if (result.MatchedCount == 1) return WriteOutcome.Written;
        return await db.Awards.CountDocumentsAsync(new BsonDocument($"{Field}._id", eventId), cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <summary>A time as the registered serializer stores it (a string), for filters and updates written as BSON.</summary>
    internal static BsonValue Text(DateTimeOffset value)
    {
        BsonDocument holder = [];
        using (BsonDocumentWriter writer = new(holder))
        {
            writer.WriteStartDocument();
            writer.WriteName("v");
            BsonSerializer.Serialize(writer, value);
            writer.WriteEndDocument();
        }
        return holder["v"];
    }
}
