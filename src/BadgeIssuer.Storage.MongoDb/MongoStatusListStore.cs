using BadgeIssuer.Core;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// Status lists in MongoDB. An allocation is one findOneAndUpdate with <c>$inc</c> on the counter, returning the
/// document as it was: the server applies it atomically, so no counter value is returned twice.
/// </summary>
public sealed class MongoStatusListStore(MongoDatabase db) : IStatusListStore
{
    /// <inheritdoc />
    public async Task<StatusBlock> AllocateAsync(string issuerId, string purpose, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        FilterDefinition<StatusListDocument> ofIssuer = Builders<StatusListDocument>.Filter.Eq(d => d.IssuerId, issuerId) & Builders<StatusListDocument>.Filter.Eq(d => d.Purpose, purpose);
        int seen = -1;
        while (true)
        {
            if (await TakeAsync(ofIssuer, count, cancellationToken) is { } block) return block;
            StatusListDocument? last = await db.StatusLists.Find(ofIssuer).SortByDescending(d => d.Number)
                .Project<StatusListDocument>(Builders<StatusListDocument>.Projection.Exclude(d => d.Bits)).FirstOrDefaultAsync(cancellationToken);
            int newest = last?.Number ?? 0;
            // As in the SQLite store: a newly seen list gets a second try for the whole block; only a list that has been
            // tried goes entry by entry, then the next one opens.
            if (newest > 0 && newest != seen)
            {
                seen = newest;
                continue;
            }
            if (newest > 0 && count > 1 && await TakeAsync(ofIssuer, 1, cancellationToken) is { } single) return single;
            await MongoDatabase.InsertAsync(db.StatusLists, StatusListDocument.From(StatusList.Empty(Ids.New(), issuerId, purpose, newest + 1, now), 0), cancellationToken);
        }
    }

    /// <summary>Takes <paramref name="count"/> entries of the issuer's first list with room for them (one findOneAndUpdate with $inc), or <c>null</c>.</summary>
    private async Task<StatusBlock?> TakeAsync(FilterDefinition<StatusListDocument> ofIssuer, int count, CancellationToken cancellationToken)
    {
        StatusListDocument? before = await db.StatusLists.FindOneAndUpdateAsync(
            ofIssuer & Builders<StatusListDocument>.Filter.Lte(d => d.Allocated, StatusList.Entries - count),
            Builders<StatusListDocument>.Update.Inc(d => d.Allocated, count),
            new FindOneAndUpdateOptions<StatusListDocument>
            {
                Sort = Builders<StatusListDocument>.Sort.Ascending(d => d.Number),
                ReturnDocument = ReturnDocument.Before,
                Projection = Builders<StatusListDocument>.Projection.Exclude(d => d.Bits),
            },
            cancellationToken);
        return before is null ? null : new StatusBlock(before.Id, before.Allocated, count);
    }

    /// <inheritdoc />
    public async Task<StatusList?> GetAsync(string listId, CancellationToken cancellationToken) =>
        (await db.StatusLists.Find(d => d.Id == listId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<long?> VersionAsync(string listId, CancellationToken cancellationToken) =>
        (await db.StatusLists.Find(d => d.Id == listId).Project(d => new { d.Version }).FirstOrDefaultAsync(cancellationToken))?.Version;

    /// <inheritdoc />
    public async Task<WriteOutcome> UpdateAsync(StatusList list, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        UpdateResult result = await db.StatusLists.UpdateOneAsync(
            d => d.Id == list.Id && d.Version == expectedVersion,
            Builders<StatusListDocument>.Update.Set(d => d.Bits, list.Bits).Set(d => d.UpdatedAt, list.UpdatedAt).Set(d => d.Version, list.Version),
            cancellationToken: cancellationToken);
        if (result.MatchedCount == 1) return WriteOutcome.Written;
        return await MongoDatabase.Fresh(db.StatusLists).CountDocumentsAsync(d => d.Id == list.Id, cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }
}
