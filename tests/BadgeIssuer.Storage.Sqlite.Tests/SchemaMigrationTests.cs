using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Storage.Documents;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

/// <summary>
/// Every schema this repository has shipped, as its code created it (the DDL is copied from the commits named), with
/// rows in the format of its time; the current code opens each one, reads the rows and issues into it.
/// </summary>
public sealed class SchemaMigrationTests
{
    /// <summary>ff9ffb5: schema version 1.</summary>
    private const string Version1 = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS issuers (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS keys (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS keys_by_issuer_status ON keys (issuer_id, status);
        CREATE TABLE IF NOT EXISTS achievements (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS achievements_by_issuer ON achievements (issuer_id, id);
        CREATE TABLE IF NOT EXISTS awards (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, achievement_id TEXT NOT NULL, credential_id TEXT NOT NULL UNIQUE,
            recipient_key TEXT NOT NULL, idempotency_key TEXT, issued_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS awards_by_idempotency_key ON awards (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS awards_by_issuer_achievement ON awards (issuer_id, achievement_id, issued_at);
        CREATE INDEX IF NOT EXISTS awards_by_issuer ON awards (issuer_id, id);
        CREATE INDEX IF NOT EXISTS awards_by_recipient ON awards (recipient_key);
        CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, issuer_id TEXT, doc TEXT NOT NULL);
        PRAGMA user_version=1;
        """;

    /// <summary>8ae27a2: status lists; the file is stamped version 2.</summary>
    private const string StatusLists = """
        CREATE TABLE IF NOT EXISTS status_lists (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, purpose TEXT NOT NULL, number INTEGER NOT NULL, allocated INTEGER NOT NULL,
            version INTEGER NOT NULL, doc TEXT NOT NULL, UNIQUE (issuer_id, purpose, number));
        PRAGMA user_version=2;
        """;

    /// <summary>bcb8331: award listing by time, still version 2.</summary>
    private const string AwardsByTime = """
        DROP INDEX IF EXISTS awards_by_issuer_achievement;
        DROP INDEX IF EXISTS awards_by_issuer;
        DROP INDEX IF EXISTS awards_by_recipient;
        CREATE INDEX IF NOT EXISTS awards_by_issuer_time ON awards (issuer_id, issued_at, id);
        CREATE INDEX IF NOT EXISTS awards_by_issuer_achievement_time ON awards (issuer_id, achievement_id, issued_at, id);
        CREATE INDEX IF NOT EXISTS awards_by_issuer_recipient_time ON awards (issuer_id, recipient_key, issued_at, id);
        """;

    /// <summary>3564982: award batches, still version 2.</summary>
    private const string Batches = """
        CREATE TABLE IF NOT EXISTS batches (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, idempotency_key TEXT, state TEXT NOT NULL, lease_until TEXT, created_at TEXT NOT NULL,
            version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS batches_by_idempotency_key ON batches (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS batches_unfinished ON batches (state, created_at, id);
        CREATE TABLE IF NOT EXISTS batch_chunks (batch_id TEXT NOT NULL, number INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch_id, number));
        CREATE TABLE IF NOT EXISTS batch_results (batch_id TEXT NOT NULL, idx INTEGER NOT NULL, outcome TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch_id, idx));
        """;

    /// <summary>d1a8448: webhooks, still version 2.</summary>
    private const string Webhooks = """
        CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS webhooks_by_issuer ON webhooks (issuer_id, created_at);
        CREATE TABLE IF NOT EXISTS webhook_deliveries (
            id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, state TEXT NOT NULL, next_attempt_at TEXT NOT NULL, lease_until TEXT,
            created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at);
        """;

    /// <summary>1119b08: batch progress counted from an index, the last version-2 schema.</summary>
    private const string BatchOutcomes = "CREATE INDEX IF NOT EXISTS batch_results_by_outcome ON batch_results (batch_id, outcome);";

    /// <summary>b38340e: version 3, as its ad-hoc migration brought a version-2 file forward.</summary>
    private const string Version3 = """
        ALTER TABLE awards ADD COLUMN content BLOB;
        DELETE FROM batch_chunks WHERE batch_id IN (SELECT id FROM batches WHERE state = 'Completed');
        DROP TRIGGER IF EXISTS batch_chunks_done;
        CREATE TRIGGER batch_chunks_done AFTER UPDATE OF doc ON batches BEGIN
            DELETE FROM batch_chunks WHERE batch_id = NEW.id
                AND (NEW.state = 'Completed' OR (number + 1) * 500 <= json_extract(NEW.doc, '$.nextIndex'));
        END;
        PRAGMA user_version=3;
        """;

    /// <summary>0f6bfb8: API keys with a lifecycle, version 4.</summary>
    private const string Version4 = """
        ALTER TABLE clients ADD COLUMN previous_key_hash TEXT;
        ALTER TABLE clients ADD COLUMN last_used_at TEXT;
        CREATE INDEX IF NOT EXISTS clients_by_previous_key_hash ON clients (previous_key_hash) WHERE previous_key_hash IS NOT NULL;
        CREATE INDEX IF NOT EXISTS clients_by_issuer ON clients (issuer_id, id);
        PRAGMA user_version=4;
        """;

    public static TheoryData<string> Schemas => ["1", "2-status-lists", "2-awards-by-time", "2-batches", "2-webhooks", "2-last", "3", "4"];

    private static string Ddl(string schema) => schema switch
    {
        "1" => Version1,
        "2-status-lists" => Version1 + StatusLists,
        "2-awards-by-time" => Ddl("2-status-lists") + AwardsByTime,
        "2-batches" => Ddl("2-awards-by-time") + Batches,
        "2-webhooks" => Ddl("2-batches") + Webhooks,
        "2-last" => Ddl("2-webhooks") + BatchOutcomes,
        "3" => Ddl("2-last") + Version3,
        "4" => Ddl("3") + Version4,
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, "not a shipped schema"),
    };

    [Theory, MemberData(nameof(Schemas))]
    public async Task A_file_of_every_shipped_schema_opens_with_its_rows_readable_and_takes_new_awards(string schema)
    {
        string directory = Path.Combine(Path.GetTempPath(), "badgeissuer-schema-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Issuer issuer = Samples.Issuer();
        Achievement achievement = Samples.Achievement(issuer.Id);
        Award award = Samples.Award(issuer.Id, "key-1") with { AchievementId = achievement.Id };
        ApiClient client = Samples.Client(issuer.Id);
        AwardBatch batch = new(Core.Ids.New(), issuer.Id, null, "fingerprint", 1, BatchState.Queued, 0, null, null, Samples.Now, null, 1);
        try
        {
            using (SqliteConnection connection = new($"Data Source={Path.Combine(directory, SqliteConnections.FileName)}"))
            {
                connection.Open();
                Execute(connection, Ddl(schema), []);
                Execute(connection, "INSERT INTO issuers VALUES ($id, 1, $doc)", [("$id", issuer.Id), ("$doc", SqliteJson.Serialize(IssuerDocument.From(issuer)))]);
                Execute(connection, "INSERT INTO achievements VALUES ($id, $issuer, 1, $doc)",
                    [("$id", achievement.Id), ("$issuer", issuer.Id), ("$doc", SqliteJson.Serialize(AchievementDocument.From(achievement)))]);
                // Before version 4 a client row had no previous key hash or last use.
                Execute(connection, "INSERT INTO clients (id, key_hash, issuer_id, doc) VALUES ($id, $hash, $issuer, $doc)",
                    [("$id", client.Id), ("$hash", client.KeyHash), ("$issuer", issuer.Id),
                        ("$doc", $"{{\"id\":\"{client.Id}\",\"name\":\"client\",\"issuerId\":\"{issuer.Id}\",\"scopes\":[\"awards:issue\"],\"keyHash\":\"{client.KeyHash}\",\"createdAt\":\"2026-11-25T09:00:00+00:00\"}}")]);
                // Before version 3 the credential and its VC-JWT were fields of the award's document; from 3 they are the packed content column.
                AwardDocument stored = AwardDocument.From(award);
                bool packed = schema is "3" or "4";
                Execute(connection, "INSERT INTO awards (id, issuer_id, achievement_id, credential_id, recipient_key, idempotency_key, issued_at, version, doc" +
                    (packed ? ", content" : "") + ") VALUES ($id, $issuer, $achievement, $credential, 'recipient-hash', 'key-1', $issued, 1, $doc" + (packed ? ", $content" : "") + ")",
                    [("$id", award.Id), ("$issuer", issuer.Id), ("$achievement", achievement.Id), ("$credential", award.CredentialId), ("$issued", Timestamp(award.IssuedAt)),
                        ("$doc", SqliteJson.Serialize(packed ? stored with { Content = null } : stored with { Content = null, CredentialJson = award.CredentialJson, Jwt = award.Jwt })),
                        ("$content", stored.Content)]);
                if (Ddl(schema).Contains("CREATE TABLE IF NOT EXISTS batches", StringComparison.Ordinal))
                {
                    Execute(connection, "INSERT INTO batches VALUES ($id, $issuer, NULL, 'Queued', NULL, $created, 1, $doc)",
                        [("$id", batch.Id), ("$issuer", issuer.Id), ("$created", Timestamp(batch.CreatedAt)), ("$doc", SqliteJson.Serialize(BatchDocument.From(batch)))]);
                }
            }
            SqliteConnection.ClearAllPools();

            using StorageHost host = StorageHost.Start(services => services.AddSqliteStorage(directory));

            Assert.Equal(issuer.Name, (await host.Get<IIssuerStore>().GetAsync(issuer.Id, default))?.Name);
            Assert.Equal(achievement.Name, (await host.Get<IAchievementStore>().GetAsync(issuer.Id, achievement.Id, default))?.Name);
            Award? old = await host.Get<IAwardStore>().GetAsync(award.Id, default);
            Assert.Equal((award.CredentialJson, award.Jwt, award.CredentialId), (old?.CredentialJson, old?.Jwt, old?.CredentialId));
            Assert.Equal(award.Id, (await host.Get<IAwardStore>().FindByIdempotencyKeyAsync(issuer.Id, "key-1", default))?.Id);
            Award issued = Samples.Award(issuer.Id, "key-2") with { AchievementId = achievement.Id };
            OutboxEvent issuedEvent = AwardEvents.Issued(issued, new Recipient("sam.rivera@district.example"));
            Assert.Equal(AwardInsertKind.Inserted, (await host.Get<IAwardStore>().InsertAsync(issued, issuedEvent, default)).Kind);
            Assert.Equal(issuedEvent.Id, (await host.Get<ILeasedJobs<OutboxEvent>>().ClaimNextAsync("w", Samples.Now, Samples.Now.AddMinutes(1), default))?.Id);
            Assert.Equal(issued.CredentialJson, (await host.Get<IAwardStore>().GetAsync(issued.Id, default))?.CredentialJson);
            Assert.Equal(2, (await host.Get<IAwardStore>().FindAsync(new AwardQuery(issuer.Id), null, 10, default)).Items.Count);
            Assert.Single((await host.Get<IStatusListStore>().AllocateAsync(issuer.Id, StatusPurposes.Revocation, 1, Samples.Now, default)).Slots);
            if (await host.Get<IBatchStore>().GetAsync(batch.Id, default) is not null)
                Assert.Equal(batch.Id, (await host.Get<ILeasedJobs<AwardBatch>>().ClaimNextAsync("w", Samples.Now, Samples.Now.AddMinutes(1), default))?.Id);

            IClientStore clients = host.Get<IClientStore>();
            ApiClient? found = await clients.FindByKeyHashAsync(client.KeyHash, default);
            Assert.Equal((client.Id, (DateTimeOffset?)null, (DateTimeOffset?)null), (found?.Id, found?.LastUsedAt, found?.ExpiresAt));
            Assert.True(await clients.RecordUseAsync(client.Id, null, Samples.Now, default));
            string rotatedHash = ApiKeys.Hash(ApiKeys.New());
            Assert.Equal(WriteOutcome.Written, await clients.UpdateAsync(found! with { KeyHash = rotatedHash, PreviousKeyHash = client.KeyHash }, client.KeyHash, default));
            Assert.Equal(Samples.Now, (await clients.FindByKeyHashAsync(client.KeyHash, default))?.LastUsedAt);
            Assert.Equal(client.Id, (await clients.FindByKeyHashAsync(rotatedHash, default))?.Id);

            AuditEntry entry = new(Core.Ids.New(), issuer.Id, Samples.Now, "admin", AuditActions.AwardIssued, new Dictionary<string, string> { ["awardId"] = issued.Id }, "request-1");
            await host.Get<IAuditStore>().AppendAsync(entry, default);
            Assert.Equal(entry.Id, Assert.Single((await host.Get<IAuditStore>().ListAsync(issuer.Id, null, null, 10, default)).Items).Id);

            SqliteDatabase database = host.Get<SqliteDatabase>();
            Assert.Equal(SqliteSchema.Version, await database.ScalarAsync<long>("PRAGMA user_version", new Dictionary<string, object?>(), default));
            Assert.Equal(await SchemaObjectsAsync(database), await FreshSchemaObjectsAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The tables, indexes and triggers of a file, with each table's columns.</summary>
    private static async Task<List<string>> SchemaObjectsAsync(SqliteDatabase database) =>
        await database.RowsAsync("SELECT m.type || ' ' || m.name || COALESCE(' ' || (SELECT group_concat(name, ',') FROM pragma_table_info(m.name)), '') " +
            "FROM sqlite_master m WHERE m.name NOT LIKE 'sqlite_%' ORDER BY m.type, m.name", new Dictionary<string, object?>(), r => r.GetString(0), default);

    private static async Task<List<string>> FreshSchemaObjectsAsync()
    {
        using SqliteFixture fresh = new();
        return await SchemaObjectsAsync(fresh.Database);
    }

    /// <summary>An issue time as the awards table holds it (ISO 8601 in UTC, 7 fractional digits).</summary>
    private static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
