using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Claim sessions in MongoDB: one document each (<c>claimSessions</c>), replaced by version; an index on <c>expiresAt</c> serves the sweep.</summary>
public sealed class MongoClaimSessionStore(MongoDatabase db) : IClaimSessionStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(ClaimSession session, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.ClaimSessions, ClaimSessionDocument.From(session), cancellationToken);

    /// <inheritdoc />
    public async Task<ClaimSession?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await MongoDatabase.Fresh(db.ClaimSessions).Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(ClaimSession session, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return MongoDatabase.ReplaceAsync(db.ClaimSessions, session.Id, expectedVersion, ClaimSessionDocument.From(session), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> RemoveExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        (await db.ClaimSessions.DeleteManyAsync(d => d.ExpiresAt < before, cancellationToken)).DeletedCount;
}
