using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Issuers in SQLite.</summary>
public sealed class SqliteIssuerStore(SqliteDatabase db) : IIssuerStore
{
    private static readonly VersionedTable Versioned = new("UPDATE issuers SET version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM issuers WHERE id = $id");

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(Issuer issuer, CancellationToken cancellationToken) =>
        db.InsertAsync("INSERT INTO issuers (id, version, doc) VALUES ($id, $version, $doc)", Row(issuer), cancellationToken);

    /// <inheritdoc />
    public async Task<Issuer?> GetAsync(string issuerId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<IssuerDocument>("SELECT doc FROM issuers WHERE id = $id", Parameters.Of(("$id", issuerId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Issuer issuer, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return db.UpdateAsync(Versioned, issuer.Id, expectedVersion, Row(issuer), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<Issuer>> ListAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        Parameters.Page(await db.QueryAsync<IssuerDocument>("SELECT doc FROM issuers WHERE id > $cursor ORDER BY id LIMIT $limit",
            Parameters.Of(("$cursor", cursor ?? ""), ("$limit", limit + 1)), cancellationToken), limit, d => d.Id, d => d.ToDomain());

    private static Dictionary<string, object?> Row(Issuer i) => Parameters.Of(("$id", i.Id), ("$version", i.Version), ("$doc", SqliteJson.Serialize(IssuerDocument.From(i))));
}

/// <summary>Signing keys in SQLite (private keys arrive sealed; this store never sees plaintext).</summary>
public sealed class SqliteKeyStore(SqliteDatabase db) : IKeyStore
{
    private static readonly VersionedTable Versioned = new("UPDATE keys SET status = $status, version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM keys WHERE id = $id");

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(SigningKey key, CancellationToken cancellationToken) =>
        db.InsertAsync("INSERT INTO keys (id, issuer_id, status, created_at, version, doc) VALUES ($id, $issuer, $status, $created, $version, $doc)", Row(key), cancellationToken);

    /// <inheritdoc />
    public async Task<SigningKey?> GetAsync(string keyId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<KeyDocument>("SELECT doc FROM keys WHERE id = $id", Parameters.Of(("$id", keyId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<IReadOnlyList<SigningKey>> ListByIssuerAsync(string issuerId, CancellationToken cancellationToken) =>
        [.. (await db.QueryAsync<KeyDocument>("SELECT doc FROM keys WHERE issuer_id = $issuer ORDER BY created_at, id", Parameters.Of(("$issuer", issuerId)), cancellationToken)).Select(d => d.ToDomain())];

    /// <inheritdoc />
    public async Task<Page<SigningKey>> ListAllAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        Parameters.Page(await db.QueryAsync<KeyDocument>("SELECT doc FROM keys WHERE id > $cursor ORDER BY id LIMIT $limit",
            Parameters.Of(("$cursor", cursor ?? ""), ("$limit", limit + 1)), cancellationToken), limit, d => d.Id, d => d.ToDomain());

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(SigningKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return db.UpdateAsync(Versioned, key.Id, expectedVersion, Row(key), cancellationToken);
    }

    private static Dictionary<string, object?> Row(SigningKey k) => Parameters.Of(("$id", k.Id), ("$issuer", k.IssuerId), ("$status", k.Status.ToString()),
        ("$created", k.CreatedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)), ("$version", k.Version), ("$doc", SqliteJson.Serialize(KeyDocument.From(k))));
}

/// <summary>Achievements in SQLite.</summary>
public sealed class SqliteAchievementStore(SqliteDatabase db) : IAchievementStore
{
    private static readonly VersionedTable Versioned = new("UPDATE achievements SET version = $version, doc = $doc WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM achievements WHERE id = $id");

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(Achievement achievement, CancellationToken cancellationToken) =>
        db.InsertAsync("INSERT INTO achievements (id, issuer_id, version, doc) VALUES ($id, $issuer, $version, $doc)", Row(achievement), cancellationToken);

    /// <inheritdoc />
    public async Task<Achievement?> GetAsync(string issuerId, string achievementId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<AchievementDocument>("SELECT doc FROM achievements WHERE id = $id AND issuer_id = $issuer",
            Parameters.Of(("$id", achievementId), ("$issuer", issuerId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<Achievement?> FindAsync(string achievementId, CancellationToken cancellationToken) =>
        (await db.QuerySingleAsync<AchievementDocument>("SELECT doc FROM achievements WHERE id = $id", Parameters.Of(("$id", achievementId)), cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Achievement achievement, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        return db.UpdateAsync(Versioned, achievement.Id, expectedVersion, Row(achievement), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<Achievement>> ListByIssuerAsync(string issuerId, string? cursor, int limit, CancellationToken cancellationToken) =>
        Parameters.Page(await db.QueryAsync<AchievementDocument>("SELECT doc FROM achievements WHERE issuer_id = $issuer AND id > $cursor ORDER BY id LIMIT $limit",
            Parameters.Of(("$issuer", issuerId), ("$cursor", cursor ?? ""), ("$limit", limit + 1)), cancellationToken), limit, d => d.Id, d => d.ToDomain());

    private static Dictionary<string, object?> Row(Achievement a) =>
        Parameters.Of(("$id", a.Id), ("$issuer", a.IssuerId), ("$version", a.Version), ("$doc", SqliteJson.Serialize(AchievementDocument.From(a))));
}

/// <summary>
/// Awards in SQLite: one INSERT each, unique on id, credential id and (issuer, idempotency key). The columns hold what
/// queries select on, <c>doc</c> the rest of the award as JSON, and <c>content</c> the credential and its VC-JWT as one
/// compressed BLOB (<see cref="StoredCredential"/>). An award's outbox event is written by the same command, after it.
/// </summary>
public sealed class SqliteAwardStore(SqliteDatabase db) : IAwardStore
{
    /// <inheritdoc />
    public async Task<AwardInsertOutcome> InsertAsync(Award award, OutboxEvent? outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        // The award and its event are two statements of one command, run by the writer in one savepoint: both or neither.
        WriteOutcome outcome = await db.InsertAsync(outboxEvent is null ? InsertAward : $"{InsertAward}; {InsertEvent}",
            new Dictionary<string, object?>(Row(award, outboxEvent))
            {
                ["$id"] = award.Id, ["$issuer"] = award.IssuerId, ["$achievement"] = award.AchievementId, ["$credential"] = award.CredentialId,
                ["$recipient"] = award.RecipientKey, ["$idempotency"] = award.IdempotencyKey, ["$issued"] = Timestamp(award.IssuedAt),
            }, cancellationToken);
        if (outcome == WriteOutcome.Written) return AwardInsertOutcome.Inserted;
        if (award.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(award.IssuerId, award.IdempotencyKey, cancellationToken) is { } existing)
            return new AwardInsertOutcome(AwardInsertKind.DuplicateIdempotencyKey, existing);
        return new AwardInsertOutcome(AwardInsertKind.DuplicateId, null);
    }

    /// <inheritdoc />
    public async Task<Award?> GetAsync(string awardId, CancellationToken cancellationToken) =>
        (await db.RowsAsync($"SELECT {Selected} FROM awards WHERE id = $id", Parameters.Of(("$id", awardId)), Read, cancellationToken)).FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public async Task<AwardHead?> GetHeadAsync(string awardId, CancellationToken cancellationToken) =>
        (await db.RowsAsync("SELECT id, issuer_id, version FROM awards WHERE id = $id", Parameters.Of(("$id", awardId)),
            reader => new AwardHead(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)), cancellationToken)).FirstOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<AwardStanding>> GetStandingsAsync(IReadOnlyCollection<string> awardIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(awardIds);
        return await db.RowsAsync("SELECT id, issuer_id, doc FROM awards WHERE id IN (SELECT value FROM json_each($ids))",
            Parameters.Of(("$ids", System.Text.Json.JsonSerializer.Serialize(awardIds))), reader =>
            {
                AwardDocument d = SqliteJson.Deserialize<AwardDocument>(reader.GetString(2));
                return AwardDocument.Standing(reader.GetString(0), reader.GetString(1), d.ValidUntil, d.RevokedAt, d.RevocationReason, d.SupersededBy, d.SuspendedAt, d.SuspensionReason);
            }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Award?> FindByClaimTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        (await db.RowsAsync($"SELECT {Selected} FROM awards WHERE json_extract(doc, '$.claimTokenHash') = $hash", Parameters.Of(("$hash", tokenHash)), Read, cancellationToken))
            .FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public async Task<Award?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await db.RowsAsync($"SELECT {Selected} FROM awards WHERE issuer_id = $issuer AND idempotency_key = $key",
            Parameters.Of(("$issuer", issuerId), ("$key", idempotencyKey)), Read, cancellationToken)).FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Award award, long expectedVersion, OutboxEvent? outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        return db.UpdateAsync(outboxEvent is null ? Versioned : VersionedWithEvent, award.Id, expectedVersion, Row(award, outboxEvent), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Page<Award>> FindAsync(AwardQuery query, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        System.Text.StringBuilder sql = new($"SELECT {Selected} FROM awards WHERE issuer_id = $issuer");
        Dictionary<string, object?> parameters = Parameters.Of(("$issuer", query.IssuerId), ("$limit", limit + 1));
        void Where(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            parameters[name] = value;
        }
        if (query.AchievementId is { } achievement) Where("achievement_id = $achievement", "$achievement", achievement);
        if (query.RecipientKey is { } recipient) Where("recipient_key = $recipient", "$recipient", recipient);
        if (query.IssuedFrom is { } from) Where("issued_at >= $from", "$from", Timestamp(from));
        if (query.IssuedUntil is { } until) Where("issued_at < $until", "$until", Timestamp(until));
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
        {
            Where("(issued_at > $afterTime OR (issued_at = $afterTime AND id > $afterId))", "$afterTime", Timestamp(afterTime));
            parameters["$afterId"] = afterId;
        }
        sql.Append(" ORDER BY issued_at, id LIMIT $limit");
        List<AwardDocument> rows = await db.RowsAsync(sql.ToString(), parameters, Read, cancellationToken);
        bool more = rows.Count > limit;
        List<Award> page = [.. rows.Take(limit).Select(d => d.ToDomain())];
        return new Page<Award>(page, more ? TimeCursor.After(page[^1].IssuedAt, page[^1].Id) : null);
    }

    /// <summary>The award's document without the fields its columns already hold (<see cref="Selected"/> puts them back).</summary>
    private const string SlimDocument = "json_remove($doc, '$.id', '$.issuerId', '$.achievementId', '$.credentialId', '$.recipientKey', '$.idempotencyKey')";

    /// <summary>The award's whole document, from <c>doc</c> and the columns, then the packed credential.</summary>
    private const string Selected = "json_set(doc, '$.id', id, '$.issuerId', issuer_id, '$.achievementId', achievement_id, '$.credentialId', credential_id, " +
        "'$.recipientKey', recipient_key, '$.idempotencyKey', idempotency_key), content";

    private const string InsertAward = "INSERT INTO awards (id, issuer_id, achievement_id, credential_id, recipient_key, idempotency_key, issued_at, version, doc, content) " +
        $"VALUES ($id, $issuer, $achievement, $credential, $recipient, $idempotency, $issued, $version, {SlimDocument}, $content)";

    /// <summary>The award's outbox event, after the statement that writes the award.</summary>
    private const string InsertEvent = "INSERT INTO outbox (id, state, lease_until, created_at, version, doc) VALUES ($eventId, $eventState, NULL, $eventCreated, 1, $eventDoc)";

    private static readonly VersionedTable Versioned = new($"UPDATE awards SET version = $version, doc = {SlimDocument}, content = $content WHERE id = $id AND version = $expected", "SELECT COUNT(*) FROM awards WHERE id = $id");

    /// <summary>The update followed by the event's insert, which runs only when the update changed the award.</summary>
    private static readonly VersionedTable VersionedWithEvent = Versioned with
    {
        Update = $"{Versioned.Update}; INSERT INTO outbox (id, state, lease_until, created_at, version, doc) SELECT $eventId, $eventState, NULL, $eventCreated, 1, $eventDoc WHERE changes() = 1",
    };

    /// <summary>The version, document and packed credential of an award, and its outbox event, as the INSERT and UPDATE statements take them.</summary>
    private static Dictionary<string, object?> Row(Award award, OutboxEvent? outboxEvent = null)
    {
        AwardDocument document = AwardDocument.From(award);
        Dictionary<string, object?> row = Parameters.Of(("$version", award.Version), ("$doc", SqliteJson.Serialize(document with { Content = null })), ("$content", document.Content));
        if (outboxEvent is not null)
        {
            row["$eventId"] = outboxEvent.Id;
            row["$eventState"] = outboxEvent.State.ToString();
            row["$eventCreated"] = Timestamp(outboxEvent.CreatedAt);
            row["$eventDoc"] = SqliteJson.Serialize(OutboxEventDocument.From(outboxEvent));
        }
        return row;
    }

    /// <summary>An award's document from a <see cref="Selected"/> row; <c>content</c> is NULL in rows written before schema version 3.</summary>
    private static AwardDocument Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        SqliteJson.Deserialize<AwardDocument>(reader.GetString(0)) with { Content = SqliteDatabase.Blob(reader, 1) };

    /// <summary>The stored form of an issue time: ISO 8601 in UTC with 7 fractional digits, so text order is time order.</summary>
    internal static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// API clients in SQLite, found by the SHA-256 of their current or previous key. <c>last_used_at</c> lives in its own
/// column, so a key rotation or revocation never overwrites a recorded use and a recorded use never overwrites them.
/// </summary>
public sealed class SqliteClientStore(SqliteDatabase db) : IClientStore
{
    private const string Selected = "SELECT doc, last_used_at FROM clients";

    /// <summary>A page of every client, by the primary key.</summary>
    private const string ListAll = $"{Selected} WHERE id > $cursor ORDER BY id LIMIT $limit";

    /// <summary>A page of one issuer's clients, by <c>clients_by_issuer</c>.</summary>
    private const string ListOfIssuer = $"{Selected} WHERE issuer_id = $issuer AND id > $cursor ORDER BY id LIMIT $limit";

    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(ApiClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return db.InsertAsync("INSERT INTO clients (id, key_hash, previous_key_hash, issuer_id, last_used_at, doc) VALUES ($id, $hash, $previous, $issuer, $used, $doc)",
            new Dictionary<string, object?>(Row(client)) { ["$issuer"] = client.IssuerId, ["$used"] = Used(client.LastUsedAt) }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ApiClient?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken) =>
        (await db.RowsAsync($"{Selected} WHERE key_hash = $hash UNION ALL {Selected} WHERE previous_key_hash = $hash LIMIT 1",
            Parameters.Of(("$hash", keyHash)), Read, cancellationToken)).FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public async Task<ApiClient?> GetAsync(string clientId, CancellationToken cancellationToken) =>
        (await db.RowsAsync($"{Selected} WHERE id = $id", Parameters.Of(("$id", clientId)), Read, cancellationToken)).FirstOrDefault()?.ToDomain();

    /// <inheritdoc />
    public async Task<Page<ApiClient>> ListAsync(string? issuerId, string? cursor, int limit, CancellationToken cancellationToken) =>
        Parameters.Page(await db.RowsAsync(issuerId is null ? ListAll : ListOfIssuer,
            Parameters.Of(("$issuer", issuerId), ("$cursor", cursor ?? ""), ("$limit", limit + 1)), Read, cancellationToken), limit, d => d.Id, d => d.ToDomain());

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(ApiClient client, string expectedKeyHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return db.UpdateAsync("UPDATE clients SET key_hash = $hash, previous_key_hash = $previous, doc = $doc WHERE id = $id AND key_hash = $expected",
            "SELECT COUNT(*) FROM clients WHERE id = $id", new Dictionary<string, object?>(Row(client)) { ["$expected"] = expectedKeyHash }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> RecordUseAsync(string clientId, DateTimeOffset? seenLastUsedAt, DateTimeOffset usedAt, CancellationToken cancellationToken) =>
        await db.WriteAsync("UPDATE clients SET last_used_at = $used WHERE id = $id AND last_used_at IS $seen",
            Parameters.Of(("$id", clientId), ("$seen", Used(seenLastUsedAt)), ("$used", Used(usedAt))), cancellationToken) == 1;

    private static Dictionary<string, object?> Row(ApiClient c) => Parameters.Of(("$id", c.Id), ("$hash", c.KeyHash), ("$previous", c.PreviousKeyHash),
        ("$doc", SqliteJson.Serialize(ClientDocument.From(c with { LastUsedAt = null }))));

    private static string? Used(DateTimeOffset? value) => value is { } v ? SqliteAwardStore.Timestamp(v) : null;

    private static ClientDocument Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        SqliteJson.Deserialize<ClientDocument>(reader.GetString(0)) with
        {
            LastUsedAt = reader.IsDBNull(1) ? null : DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind),
        };
}

/// <summary>Reachability of the SQLite file.</summary>
public sealed class SqliteHealth(SqliteDatabase db) : IStoreHealth
{
    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public Task<bool> PingAsync(CancellationToken cancellationToken) => db.PingAsync(cancellationToken);
}
