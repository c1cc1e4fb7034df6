using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Claim sessions in SQLite: one row each, the record as <c>doc</c>, updated by version (schema version 8).</summary>
public sealed class SqliteClaimSessionStore(SqliteDatabase db) : IClaimSessionStore
{
    private static readonly VersionedTable Versioned = new(
        "UPDATE claim_sessions SET expires_at = $expires, version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM claim_sessions WHERE id = $id");

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(ClaimSession session, CancellationToken cancellationToken) =>
        db.InsertAsync("INSERT INTO claim_sessions (id, expires_at, version, doc) VALUES ($id, $expires, $version, $doc)", Row(session), cancellationToken);

    /// <inheritdoc />
    public async Task<ClaimSession?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<ClaimSessionDocument>("SELECT doc FROM claim_sessions WHERE id = $id", Parameters.Of(("$id", id)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(ClaimSession session, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return db.UpdateAsync(Versioned, session.Id, expectedVersion, Row(session), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> RemoveExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        await db.WriteAsync("DELETE FROM claim_sessions WHERE expires_at < $before", Parameters.Of(("$before", SqliteAwardStore.Timestamp(before))), cancellationToken);

    private static Dictionary<string, object?> Row(ClaimSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Parameters.Of(("$id", session.Id), ("$expires", SqliteAwardStore.Timestamp(session.ExpiresAt)), ("$version", session.Version),
            ("$doc", SqliteJson.Serialize(ClaimSessionDocument.From(session))));
    }
}
