using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Claim mail jobs in MongoDB, one document each; they are leased jobs (<see cref="MongoJobKinds.ClaimMails"/>).</summary>
public sealed class MongoMailStore(MongoDatabase db) : IMailStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(MailJob job, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.MailJobs, MailJobDocument.From(job), cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(MailJob job, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return MongoDatabase.ReplaceAsync(db.MailJobs, job.Id, expectedVersion, MailJobDocument.From(job), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, MailJob>> LatestAsync(IReadOnlyCollection<string> awardIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(awardIds);
        Dictionary<string, MailJob> latest = new(StringComparer.Ordinal);
        if (awardIds.Count == 0) return latest;
        // Newest first over the (award, created) index: the first job seen of each award is its newest.
        foreach (MailJobDocument document in await db.MailJobs.Find(Builders<MailJobDocument>.Filter.In(d => d.AwardId, awardIds))
                     .SortByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToListAsync(cancellationToken))
            latest.TryAdd(document.AwardId, document.ToDomain());
        return latest;
    }
}
