using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>
/// The audit trail in MongoDB, one document per entry. A state change is one atomic document write, and its entry is
/// another, made after the change took effect and before the caller is answered (majority and journal, as every write
/// here): a process that stops between the two loses that entry. The entry's id is derived from the change, so a
/// retry that records it again (a replayed award or batch) stores it once, and fills the gap if the first try left one.
/// </summary>
public sealed class MongoAuditStore(MongoDatabase db) : IAuditStore
{
    /// <inheritdoc />
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        await MongoDatabase.InsertAsync(db.Audit, AuditDocument.From(entry), cancellationToken);

    /// <inheritdoc />
    public async Task<Page<AuditEntry>> ListAsync(string issuerId, DateTimeOffset? from, string? cursor, int limit, CancellationToken cancellationToken)
    {
        FilterDefinitionBuilder<AuditDocument> f = Builders<AuditDocument>.Filter;
        FilterDefinition<AuditDocument> filter = f.Eq(d => d.IssuerId, issuerId);
        if (from is { } start) filter &= f.Gte(d => d.AtTicks, start.UtcTicks);
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
            filter &= f.Or(f.Gt(d => d.AtTicks, afterTime.UtcTicks), f.And(f.Eq(d => d.AtTicks, afterTime.UtcTicks), f.Gt(d => d.Id, afterId)));
        List<AuditDocument> rows = await db.Audit.Find(filter).SortBy(d => d.AtTicks).ThenBy(d => d.Id).Limit(limit + 1).ToListAsync(cancellationToken);
        bool more = rows.Count > limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new Page<AuditEntry>([.. rows.Select(d => d.ToDomain())], more ? TimeCursor.After(rows[^1].At, rows[^1].Id) : null);
    }
}
