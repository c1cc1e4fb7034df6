// The leased-job primitive (ILeasedJobs) over a MongoDB collection of one job kind. Each operation is one atomic
// single-document write: a claim is one findOneAndUpdate (filter, sort, update, return the new document), so two
// workers never take the same job; renew, complete and release are one updateOne conditional on the lease owner.
// Lease failures: run-out leases whose failures reach the limit are parked (an updateMany, atomic per document) before
// a claim; a claim first tries the jobs whose lease ran out (counting the failure in the same update), then free ones.
// A kind with a group (batches: the issuer) is claimed round-robin: the group whose latest claim is oldest goes first.
using System.Linq.Expressions;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Mail;
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
    string DoneState,
    string ParkedState,
    Expression<Func<TDocument, int>> LeaseFailures,
    Expression<Func<TDocument, string?>> LastError)
{
    /// <summary>
    /// Which jobs belong together (a claim can pass over groups); with <see cref="ClaimedAt"/>, claims are taken
    /// round-robin over the groups, the least recently claimed first.
    /// </summary>
    public Expression<Func<TDocument, string>>? Group { get; init; }

    /// <summary>When the job was last claimed; set by every claim of a kind that has it.</summary>
    public Expression<Func<TDocument, DateTimeOffset?>>? ClaimedAt { get; init; }

    /// <summary>What else a completion does, after the job's own write (batches delete their chunks).</summary>
    public Func<MongoDatabase, string, CancellationToken, Task>? AfterCompleted { get; init; }
}

/// <summary>The job kinds of the service.</summary>
public static class MongoJobKinds
{
    /// <summary>Award batches: queued or running ones are claimable, oldest first; a claim makes them running.</summary>
    public static readonly MongoJobKind<BatchDocument> Batches = new(db => db.Batches, d => d.State, d => d.LeaseOwner, d => d.LeaseUntil, d => d.Version,
        Due: null, d => d.CompletedAt, Builders<BatchDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id),
        [nameof(BatchState.Queued), nameof(BatchState.Running)], nameof(BatchState.Running), nameof(BatchState.Completed), nameof(BatchState.Parked),
        d => d.LeaseFailures, d => d.LastError)
    {
        AfterCompleted = (db, id, cancellationToken) => db.BatchChunks.DeleteManyAsync(d => d.BatchId == id, cancellationToken),
        Group = d => d.IssuerId,
        ClaimedAt = d => d.ClaimedAt,
    };

    /// <summary>Webhook deliveries: pending ones are claimable once their next attempt is due, soonest first.</summary>
    public static readonly MongoJobKind<WebhookDeliveryDocument> WebhookDeliveries = new(db => db.WebhookDeliveries, d => d.State, d => d.LeaseOwner, d => d.LeaseUntil,
        d => d.Version, d => d.NextAttemptAt, d => d.DeliveredAt, Builders<WebhookDeliveryDocument>.Sort.Ascending(d => d.NextAttemptAt).Ascending(d => d.Id),
        [nameof(DeliveryState.Pending)], ClaimedState: null, nameof(DeliveryState.Delivered), nameof(DeliveryState.Parked), d => d.LeaseFailures, d => d.LastError)
    {
        Group = d => d.SubscriptionId,
    };

    /// <summary>Claim mails: queued ones are claimable once their next attempt is due, soonest first (an award's mails one at a time).</summary>
    public static readonly MongoJobKind<MailJobDocument> ClaimMails = new(db => db.MailJobs, d => d.State, d => d.LeaseOwner, d => d.LeaseUntil,
        d => d.Version, d => d.NextAttemptAt, d => d.SentAt, Builders<MailJobDocument>.Sort.Ascending(d => d.NextAttemptAt).Ascending(d => d.Id),
        [nameof(MailState.Queued)], ClaimedState: null, nameof(MailState.Sent), nameof(MailState.Parked), d => d.LeaseFailures, d => d.LastError)
    {
        Group = d => d.AwardId,
    };
}

/// <summary>The leased jobs of one <see cref="MongoJobKind{TDocument}"/>, read back as <typeparamref name="TJob"/>.</summary>
public sealed class MongoLeasedJobs<TDocument, TJob>(MongoDatabase db, MongoJobKind<TDocument> kind, Func<TDocument, TJob> toDomain) : ILeasedJobs<TJob>
    where TJob : class
{
    private static readonly FilterDefinitionBuilder<TDocument> Filter = Builders<TDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<TDocument> Update = Builders<TDocument>.Update;
    private readonly IMongoCollection<TDocument> _collection = kind.Collection(db);

    /// <inheritdoc />
    public async Task<TJob?> ClaimNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int maxFailures, IReadOnlyCollection<string> skipGroups, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        ArgumentNullException.ThrowIfNull(skipGroups);
        FilterDefinition<TDocument> claimable = Filter.In(kind.State, kind.Claimable);
        if (skipGroups.Count > 0 && kind.Group is { } skipped) claimable &= Filter.Nin(skipped, skipGroups);
        if (kind.Due is { } due) claimable &= Filter.Lte(due, now);
        FilterDefinition<TDocument> ranOut = Filter.Ne(kind.LeaseUntil, null) & Filter.Lt(kind.LeaseUntil, now);
        if (maxFailures < int.MaxValue)
            await _collection.UpdateManyAsync(claimable & ranOut & Filter.Gte(kind.LeaseFailures, maxFailures - 1),
                Update.Set(kind.State, kind.ParkedState).Set(kind.LeaseOwner, null).Set(kind.LeaseUntil, null).Inc(kind.LeaseFailures, 1)
                    .Set(kind.LastError, LeasedJobs.LeaseRanOut).Inc(kind.Version, 1), cancellationToken: cancellationToken);
        UpdateDefinition<TDocument> take = Update.Set(kind.LeaseOwner, owner).Set(kind.LeaseUntil, leaseUntil).Inc(kind.Version, 1);
        if (kind.ClaimedState is { } state) take = take.Set(kind.State, state);
        if (kind.ClaimedAt is { } claimedAt) take = take.Set(claimedAt, now);
        foreach (FilterDefinition<TDocument> group in await GroupsInTurnAsync(claimable, cancellationToken))
        {
            TDocument? claimed = await _collection.FindOneAndUpdateAsync(claimable & group & ranOut, take.Inc(kind.LeaseFailures, 1).Set(kind.LastError, LeasedJobs.LeaseRanOut),
                new FindOneAndUpdateOptions<TDocument> { Sort = kind.Order, ReturnDocument = ReturnDocument.After }, cancellationToken)
                ?? await _collection.FindOneAndUpdateAsync(claimable & group & Filter.Eq(kind.LeaseUntil, null), take,
                    new FindOneAndUpdateOptions<TDocument> { Sort = kind.Order, ReturnDocument = ReturnDocument.After }, cancellationToken);
            if (claimed is not null) return toDomain(claimed);
        }
        return null;
    }

    /// <inheritdoc />
    public async Task<WriteOutcome> FailAsync(string jobId, string owner, string error, DateTimeOffset retryAt, int maxFailures, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFailures, 1);
        UpdateDefinition<TDocument> failed = Update.Set(kind.LeaseOwner, null).Set(kind.LeaseUntil, null).Inc(kind.LeaseFailures, 1).Set(kind.LastError, error).Inc(kind.Version, 1);
        if (kind.Due is { } due) failed = failed.Set(due, retryAt);
        FilterDefinition<TDocument> held = Filter.Eq("_id", jobId) & Filter.Eq(kind.LeaseOwner, owner) & Filter.Ne(kind.LeaseUntil, null);
        UpdateResult parked = await _collection.UpdateOneAsync(held & Filter.Gte(kind.LeaseFailures, maxFailures - 1), failed.Set(kind.State, kind.ParkedState), cancellationToken: cancellationToken);
        return parked.MatchedCount == 1 ? WriteOutcome.Written : await HeldUpdateAsync(jobId, owner, failed, cancellationToken);
    }

    /// <summary>
    /// The filters to claim with, in turn: for a kind without a group just one that matches everything; otherwise one per
    /// group with claimable jobs, the group never claimed first, then the one whose latest claim is oldest.
    /// </summary>
    private async Task<IReadOnlyList<FilterDefinition<TDocument>>> GroupsInTurnAsync(FilterDefinition<TDocument> claimable, CancellationToken cancellationToken)
    {
        if (kind.Group is not { } group || kind.ClaimedAt is not { } claimedAt) return [Filter.Empty];
        List<string> waiting = await (await _collection.DistinctAsync(group, claimable, cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        List<(string Group, DateTimeOffset? Last)> turns = [];
        foreach (string value in waiting)
        {
            TDocument? latest = await _collection.Find(Filter.Eq(group, value) & Filter.Ne(claimedAt, null)).Sort(Builders<TDocument>.Sort.Descending(new ExpressionFieldDefinition<TDocument>(claimedAt))).Limit(1)
                .FirstOrDefaultAsync(cancellationToken);
            turns.Add((value, latest is null ? null : claimedAt.Compile()(latest)));
        }
        return [.. turns.OrderBy(t => t.Last.HasValue).ThenBy(t => t.Last).ThenBy(t => t.Group, StringComparer.Ordinal).Select(t => Filter.Eq(group, t.Group))];
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
