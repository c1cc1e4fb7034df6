// The leased-job primitive (ILeasedJobs) over a MongoDB collection of one job kind. Each operation is one atomic
// single-document write: a claim is one findOneAndUpdate (filter, sort, update, return the new document), so two
// workers never take the same job; renew, complete and release are one updateOne conditional on the lease owner.
using System.Linq.Expressions;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// A job kind's collection and rules: the document fields the primitive reads and writes, the states a claim may take,
/// the state a claim puts a job in (if any), the finished state, and the order claims go in. A new kind is a document
/// with these fields and one more instance in <see cref="MongoJobKinds"/>.
/// </summary>
public sealed record MongoJobKind<TDocument>(
    Func<MongoDatabase, IMongoCollection<TDocument>> Collection,
    Expression<Func<TDocument, string>> State,
    Expression<Func<TDocument, string?>> LeaseOwner,
    Expression<Func<TDocument, DateTimeOffset?>> LeaseUntil,
    Expression<Func<TDocument, long>> Version,
    Expression<Func<TDocument, DateTimeOffset>>? Due,
    Expression<Func<TDocument, DateTimeOffset?>> DoneAt,
    SortDefinition<TDocument> Order,
    IReadOnlyList<string> Claimable,
    string? ClaimedState,
    string DoneState)
{
    /// <summary>What else a completion does, after the job's own write (batches delete their chunks).</summary>
    public Func<MongoDatabase, string, CancellationToken, Task>? AfterCompleted { get; init; }
}

/// <summary>The job kinds of the service.</summary>
public static class MongoJobKinds
{
    /// <summary>Award batches: queued or running ones are claimable, oldest first; a claim makes them running.</summary>
    public static readonly MongoJobKind<BatchDocument> Batches = new(db => db.Batches, d => d.State, d => d.LeaseOwner, d => d.LeaseUntil, d => d.Version,
        Due: null, d => d.CompletedAt, Builders<BatchDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id),
        [nameof(BatchState.Queued), nameof(BatchState.Running)], nameof(BatchState.Running), nameof(BatchState.Completed))
    {
        AfterCompleted = (db, id, cancellationToken) => db.BatchChunks.DeleteManyAsync(d => d.BatchId == id, cancellationToken),
    };

    /// <summary>Webhook deliveries: pending ones are claimable once their next attempt is due, soonest first.</summary>
    public static readonly MongoJobKind<WebhookDeliveryDocument> WebhookDeliveries = new(db => db.WebhookDeliveries, d => d.State, d => d.LeaseOwner, d => d.LeaseUntil,
        d => d.Version, d => d.NextAttemptAt, d => d.DeliveredAt, Builders<WebhookDeliveryDocument>.Sort.Ascending(d => d.NextAttemptAt).Ascending(d => d.Id),
        [nameof(DeliveryState.Pending)], ClaimedState: null, nameof(DeliveryState.Delivered));
}

/// <summary>The leased jobs of one <see cref="MongoJobKind{TDocument}"/>, read back as <typeparamref name="TJob"/>.</summary>
public sealed class MongoLeasedJobs<TDocument, TJob>(MongoDatabase db, MongoJobKind<TDocument> kind, Func<TDocument, TJob> toDomain) : ILeasedJobs<TJob>
    where TJob : class
{
    private static readonly FilterDefinitionBuilder<TDocument> Filter = Builders<TDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<TDocument> Update = Builders<TDocument>.Update;
    private readonly IMongoCollection<TDocument> _collection = kind.Collection(db);

    /// <inheritdoc />
    public async Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        FilterDefinition<TDocument> claimable = Filter.In(kind.State, kind.Claimable) & (Filter.Eq(kind.LeaseUntil, null) | Filter.Lt(kind.LeaseUntil, now));
        if (kind.Due is { } due) claimable &= Filter.Lte(due, now);
        UpdateDefinition<TDocument> take = Update.Set(kind.LeaseOwner, owner).Set(kind.LeaseUntil, leaseUntil).Inc(kind.Version, 1);
        if (kind.ClaimedState is { } state) take = take.Set(kind.State, state);
        TDocument? claimed = await _collection.FindOneAndUpdateAsync(claimable, take,
            new FindOneAndUpdateOptions<TDocument> { Sort = kind.Order, ReturnDocument = ReturnDocument.After }, cancellationToken);
        return claimed is null ? null : toDomain(claimed);
    }

    /// <inheritdoc />
    public Task<WriteOutcome> RenewAsync(string jobId, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        HeldUpdateAsync(jobId, owner, Update.Set(kind.LeaseUntil, leaseUntil).Inc(kind.Version, 1), cancellationToken);

    /// <inheritdoc />
    public async Task<WriteOutcome> CompleteAsync(string jobId, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        WriteOutcome outcome = await HeldUpdateAsync(jobId, owner,
            Update.Set(kind.State, kind.DoneState).Set(kind.DoneAt, now).Set(kind.LeaseOwner, null).Set(kind.LeaseUntil, null).Inc(kind.Version, 1), cancellationToken);
        if (outcome == WriteOutcome.Written && kind.AfterCompleted is { } after) await after(db, jobId, cancellationToken);
        return outcome;
    }

    /// <inheritdoc />
    public Task<WriteOutcome> ReleaseAsync(string jobId, string owner, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        UpdateDefinition<TDocument> release = Update.Set(kind.LeaseOwner, null).Set(kind.LeaseUntil, null).Inc(kind.Version, 1);
        if (kind.Due is { } due) release = release.Set(due, retryAt);
        return HeldUpdateAsync(jobId, owner, release, cancellationToken);
    }

    /// <summary>One updateOne of the job if <paramref name="owner"/> holds its lease; tells a lease not held from a missing job.</summary>
    private async Task<WriteOutcome> HeldUpdateAsync(string jobId, string owner, UpdateDefinition<TDocument> update, CancellationToken cancellationToken)
    {
        FilterDefinition<TDocument> byId = Filter.Eq("_id", jobId);
        UpdateResult result = await _collection.UpdateOneAsync(byId & Filter.Eq(kind.LeaseOwner, owner) & Filter.Ne(kind.LeaseUntil, null), update, cancellationToken: cancellationToken);
        if (result.MatchedCount == 1) return WriteOutcome.Written;
        return await MongoDatabase.Fresh(_collection).CountDocumentsAsync(byId, cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }
}
