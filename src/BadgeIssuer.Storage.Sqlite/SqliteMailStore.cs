using System.Text.Json;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Claim mail jobs in SQLite; they are leased jobs (<see cref="SqliteJobKind.ClaimMails"/>).</summary>
public sealed class SqliteMailStore(SqliteDatabase db) : IMailStore
{
    private static readonly VersionedTable Versioned = new(
        "UPDATE mail_jobs SET state = $state, next_attempt_at = $next, lease_until = $until, version = $version, doc = $doc WHERE id = $id AND version = $expected",
        "SELECT COUNT(*) FROM mail_jobs WHERE id = $id");

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(MailJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return db.InsertAsync("INSERT INTO mail_jobs (id, award_id, state, next_attempt_at, lease_until, created_at, version, doc) " +
            "VALUES ($id, $award, $state, $next, $until, $created, $version, $doc)", Row(job), cancellationToken);
    }

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(MailJob job, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return db.UpdateAsync(Versioned, job.Id, expectedVersion, Row(job), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, MailJob>> LatestAsync(IReadOnlyCollection<string> awardIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(awardIds);
        if (awardIds.Count == 0) return new Dictionary<string, MailJob>(StringComparer.Ordinal);
        List<MailJobDocument> newest = await db.QueryAsync<MailJobDocument>(
            "SELECT (SELECT doc FROM mail_jobs WHERE award_id = awards.value ORDER BY created_at DESC, id DESC LIMIT 1) AS doc " +
            "FROM json_each($awards) AS awards WHERE doc IS NOT NULL",
            Parameters.Of(("$awards", JsonSerializer.Serialize(awardIds))), cancellationToken);
        return newest.Select(d => d.ToDomain()).ToDictionary(j => j.AwardId, StringComparer.Ordinal);
    }

    private static Dictionary<string, object?> Row(MailJob j) => Parameters.Of(("$id", j.Id), ("$award", j.AwardId), ("$state", j.State.ToString()),
        ("$next", SqliteAwardStore.Timestamp(j.NextAttemptAt)), ("$until", j.LeaseUntil is { } until ? SqliteAwardStore.Timestamp(until) : null),
        ("$created", SqliteAwardStore.Timestamp(j.CreatedAt)), ("$version", j.Version), ("$doc", SqliteJson.Serialize(MailJobDocument.From(j))));
}
