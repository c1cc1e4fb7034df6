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
        FilterDefinitionBuilder<StatusListDocument> filter = Builders<StatusListDocument>.Filter;
        FilterDefinition<StatusListDocument> ofIssuer = filter.Eq(d => d.IssuerId, issuerId) & filter.Eq(d => d.Purpose, purpose);
        while (true)
        {
            foreach (int take in count > 1 ? [count, 1] : new[] { 1 })
            {
                StatusListDocument? before = await db.StatusLists.FindOneAndUpdateAsync(
                    ofIssuer & filter.Lte(d => d.Allocated, StatusList.Entries - take),
                    Builders<StatusListDocument>.Update.Inc(d => d.Allocated, take),
                    new FindOneAndUpdateOptions<StatusListDocument>
                    {
                        Sort = Builders<StatusListDocument>.Sort.Ascending(d => d.Number),
                        ReturnDocument = ReturnDocument.Before,
                        Projection = Builders<StatusListDocument>.Projection.Exclude(d => d.Bits),
                    },
                    cancellationToken);
                if (before is not null) return new StatusBlock(before.Id, before.Allocated, take);
            }
            StatusListDocument? last = await db.StatusLists.Find(ofIssuer).SortByDescending(d => d.Number)
                .Project<StatusListDocument>(Builders<StatusListDocument>.Projection.Exclude(d => d.Bits)).FirstOrDefaultAsync(cancellationToken);
            StatusList list = StatusList.Empty(Ids.New(), issuerId, purpose, (last?.Number ?? 0) + 1, now);
            await MongoDatabase.InsertAsync(db.StatusLists, StatusListDocument.From(list, 0), cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<StatusList?> GetAsync(string listId, CancellationToken cancellationToken) =>
        (await db.StatusLists.Find(d => d.Id == listId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<WriteOutcome> UpdateAsync(StatusList list, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        UpdateResult result = await db.StatusLists.UpdateOneAsync(
            d => d.Id == list.Id && d.Version == expectedVersion,
            Builders<StatusListDocument>.Update.Set(d => d.Bits, list.Bits).Set(d => d.UpdatedAt, list.UpdatedAt).Set(d => d.Version, list.Version),
            cancellationToken: cancellationToken);
        if (result.MatchedCount == 1) return WriteOutcome.Written;
        return await db.StatusLists.CountDocumentsAsync(d => d.Id == list.Id, cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }
}
