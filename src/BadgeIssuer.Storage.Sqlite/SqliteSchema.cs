// The schema of the SQLite file, versioned with PRAGMA user_version and brought forward one numbered step at a time.
// Steps are never edited once shipped and never run backwards: a file from a newer BadgeIssuer is refused.
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>The schema versions this code knows, and the step that brings a file from one to the next.</summary>
public static class SqliteSchema
{
    /// <summary>The schema version this code writes (<c>PRAGMA user_version</c>).</summary>
    public const int Version = 12;

    /// <summary>
    /// Page size of a new file. An award row is about 3 KB and rows do not straddle pages: a 4 KB page holds one and
    /// leaves a quarter empty, a 32 KB page holds ten or eleven and leaves a few percent.
    /// </summary>
    public const int PageSize = 32768;

    /// <summary>Version 1: issuers, signing keys, achievements, awards (credential and VC-JWT inside <c>doc</c>) and API clients.</summary>
    private const string Version1 = """
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
        """;

    /// <summary>
    /// Version 2 as it last shipped: status lists, award listing by time, batches, webhooks. Files were stamped 2 from
    /// the first of these tables on, so a version-2 file may lack the later ones; every statement is "if not exists".
    /// </summary>
    private const string Version2 = """
        CREATE TABLE IF NOT EXISTS status_lists (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, purpose TEXT NOT NULL, number INTEGER NOT NULL, allocated INTEGER NOT NULL,
            version INTEGER NOT NULL, doc TEXT NOT NULL, UNIQUE (issuer_id, purpose, number));
        DROP INDEX IF EXISTS awards_by_issuer_achievement;
        DROP INDEX IF EXISTS awards_by_issuer;
        DROP INDEX IF EXISTS awards_by_recipient;
        CREATE INDEX IF NOT EXISTS awards_by_issuer_time ON awards (issuer_id, issued_at, id);
        CREATE INDEX IF NOT EXISTS awards_by_issuer_achievement_time ON awards (issuer_id, achievement_id, issued_at, id);
        CREATE INDEX IF NOT EXISTS awards_by_issuer_recipient_time ON awards (issuer_id, recipient_key, issued_at, id);
        CREATE TABLE IF NOT EXISTS batches (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, idempotency_key TEXT, state TEXT NOT NULL, lease_until TEXT, created_at TEXT NOT NULL,
            version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS batches_by_idempotency_key ON batches (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS batches_unfinished ON batches (state, created_at, id);
        CREATE TABLE IF NOT EXISTS batch_chunks (batch_id TEXT NOT NULL, number INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch_id, number));
        CREATE TABLE IF NOT EXISTS batch_results (batch_id TEXT NOT NULL, idx INTEGER NOT NULL, outcome TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (batch_id, idx));
        CREATE INDEX IF NOT EXISTS batch_results_by_outcome ON batch_results (batch_id, outcome);
        CREATE TABLE IF NOT EXISTS webhooks (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, created_at TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS webhooks_by_issuer ON webhooks (issuer_id, created_at);
        CREATE TABLE IF NOT EXISTS webhook_deliveries (
            id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL, state TEXT NOT NULL, next_attempt_at TEXT NOT NULL, lease_until TEXT,
            created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at);
        """;

    /// <summary>
    /// Version 3: an award's credential and VC-JWT live in the compressed <c>content</c> column (awards written before
    /// keep them in <c>doc</c> and are read from there), and a batch chunk is deleted by a trigger in the same statement
    /// that moves the batch's progress past its last entry (500 entries a chunk) or completes the batch: the results of
    /// its entries were committed before that update, so a crash never loses entries that still need issuing.
    /// </summary>
    private const string Version3 = """
        ALTER TABLE awards ADD COLUMN content BLOB;
        DELETE FROM batch_chunks WHERE batch_id IN (SELECT id FROM batches WHERE state = 'Completed');
        CREATE TRIGGER batch_chunks_done AFTER UPDATE OF doc ON batches BEGIN
            DELETE FROM batch_chunks WHERE batch_id = NEW.id
                AND (NEW.state = 'Completed' OR (number + 1) * 500 <= json_extract(NEW.doc, '$.nextIndex'));
        END;
        """;

    /// <summary>
    /// Version 4: API keys with a lifecycle. A rotation keeps the replaced key's hash in <c>previous_key_hash</c> for its
    /// grace period, so authentication finds a client by either column; <c>last_used_at</c> (fixed-width UTC text) is
    /// written apart from <c>doc</c>, by a compare-and-set at most once a minute per client.
    /// </summary>
    private const string Version4 = """
        ALTER TABLE clients ADD COLUMN previous_key_hash TEXT;
        ALTER TABLE clients ADD COLUMN last_used_at TEXT;
        CREATE INDEX IF NOT EXISTS clients_by_previous_key_hash ON clients (previous_key_hash) WHERE previous_key_hash IS NOT NULL;
        CREATE INDEX IF NOT EXISTS clients_by_issuer ON clients (issuer_id, id);
        """;

    /// <summary>
    /// Version 5: the audit trail. An entry is written in the same transaction as the change it records
    /// (<see cref="SqliteAuditStore"/>); <c>at</c> is fixed-width UTC text, so an issuer's entries list by time and id.
    /// </summary>
    private const string Version5 = """
        CREATE TABLE IF NOT EXISTS audit (id TEXT PRIMARY KEY, issuer_id TEXT, at TEXT NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_by_issuer_time ON audit (issuer_id, at, id);
        """;

    /// <summary>
    /// Version 6: batches are claimed round-robin across issuers. <c>claimed_at</c> (fixed-width UTC text) is when a
    /// worker last claimed the batch; a claim goes to the issuer whose latest claim is oldest (or who has none), found
    /// through the index on (issuer, claimed_at). Lease failures and the last error live in the job documents.
    /// </summary>
    private const string Version6 = """
        ALTER TABLE batches ADD COLUMN claimed_at TEXT;
        CREATE INDEX IF NOT EXISTS batches_by_issuer_claimed ON batches (issuer_id, claimed_at);
        """;

    /// <summary>
    /// Version 7: the outbox. An award's events (issued, revoked, suspended, reinstated) are inserted by the statement
    /// that writes the award, in the same savepoint of the same transaction; they are leased jobs
    /// (<see cref="SqliteJobKind.Outbox"/>), claimed oldest first, and kept once done without their recipient.
    /// </summary>
    private const string Version7 = """
        CREATE TABLE IF NOT EXISTS outbox (
            id TEXT PRIMARY KEY, state TEXT NOT NULL, lease_until TEXT, created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS outbox_by_state ON outbox (state, created_at, id);
        """;

    /// <summary>
    /// Version 8: claim links and wallet protocols. An award is found by the hash of its claim token through an index on
    /// that field of its document; claim sessions (VC-API exchanges, OpenID4VCI offers, codes, tokens and nonces) are
    /// one row each, updated by version, and removed a day after they expire (by <c>expires_at</c>).
    /// </summary>
    private const string Version8 = """
        CREATE INDEX IF NOT EXISTS awards_by_claim_token ON awards (json_extract(doc, '$.claimTokenHash'));
        CREATE TABLE IF NOT EXISTS claim_sessions (id TEXT PRIMARY KEY, expires_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS claim_sessions_by_expiry ON claim_sessions (expires_at);
        """;

    /// <summary>
    /// Version 9: claim mail jobs, leased jobs (<see cref="SqliteJobKind.ClaimMails"/>) due soonest first; an award's
    /// delivery is its newest job, found through the index on (award, created_at).
    /// </summary>
    private const string Version9 = """
        CREATE TABLE IF NOT EXISTS mail_jobs (
            id TEXT PRIMARY KEY, award_id TEXT NOT NULL, state TEXT NOT NULL, next_attempt_at TEXT NOT NULL, lease_until TEXT,
            created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS mail_jobs_due ON mail_jobs (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS mail_jobs_by_award ON mail_jobs (award_id, created_at, id);
        """;

    /// <summary>
    /// Version 10: submission and review. Submissions are one row each (rounds, assignments and reviews inside
    /// <c>doc</c>), unique on (issuer, idempotency key), listed per issuer by creation time or in one state; the
    /// assessors with an open assignment are the <c>openAssessorIds</c> array of the document, counted with
    /// <c>json_each</c>. Assessors are listed per issuer by id, with a <c>removed</c> flag (0 or 1). Evidence files keep
    /// their bytes in <c>content</c> and the record in <c>doc</c>, written once. Self-contained: it only adds tables.
    /// </summary>
    private const string Version10 = """
        CREATE TABLE IF NOT EXISTS submissions (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, idempotency_key TEXT,
            version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS submissions_by_idempotency_key ON submissions (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS submissions_by_issuer_time ON submissions (issuer_id, created_at, id);
        CREATE INDEX IF NOT EXISTS submissions_by_issuer_state_time ON submissions (issuer_id, state, created_at, id);
        CREATE TABLE IF NOT EXISTS assessors (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, removed INTEGER NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS assessors_by_issuer ON assessors (issuer_id, id);
        CREATE TABLE IF NOT EXISTS evidence_files (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, sha256 TEXT NOT NULL, length INTEGER NOT NULL, content BLOB NOT NULL, doc TEXT NOT NULL);
        """;

    /// <summary>
    /// Version 11: learner records (CLR 2.0), one row each (the signed ClrCredential inside <c>doc</c>), unique on
    /// (issuer, idempotency key), listed per issuer and learner by issue time. Self-contained: it only adds a table.
    /// </summary>
    private const string Version11 = """
        CREATE TABLE IF NOT EXISTS learner_records (
            id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, recipient_key TEXT NOT NULL, issued_at TEXT NOT NULL, idempotency_key TEXT,
            version INTEGER NOT NULL, doc TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS learner_records_by_idempotency_key ON learner_records (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS learner_records_by_recipient ON learner_records (issuer_id, recipient_key, issued_at, id);
        """;

    /// <summary>
    /// Version 12: a learner record's signed ClrCredential lives in the compressed <c>content</c> column (records written
    /// before keep it inside <c>doc</c>, where it is still read from).
    /// </summary>
    private const string Version12 = """
        ALTER TABLE learner_records ADD COLUMN content BLOB;
        """;

    /// <summary>The steps in order; step N brings a file at version N - 1 to version N.</summary>
    private static readonly string[] Steps =
    [
        Version1,
        Version2,
        // A version-2 file may predate the last version-2 tables (see Version2): those come first, then version 3.
        Version2 + Version3,
        Version4,
        Version5,
        Version6,
        Version7,
        Version8,
        Version9,
        Version10,
        Version11,
        Version12,
    ];

    /// <summary>Settings of the file itself; the page size takes effect only on a new, empty file.</summary>
    private static readonly string FileSettings = $"PRAGMA page_size={PageSize}; PRAGMA journal_mode=WAL";

    /// <summary>
    /// Creates the data directory and the file (<see cref="SqliteConnections.CreateOwnerOnlyFile"/>), or brings an older
    /// file forward, in one transaction: a failed upgrade leaves the file as it was. A file with a newer version than
    /// <see cref="Version"/> is refused.
    /// </summary>
    public static void Apply(SqliteConnections connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        connections.CreateOwnerOnlyFile();
        using SqliteConnection connection = connections.OpenBare();
        SqliteConnections.Run(connection, FileSettings);
        SqliteConnections.Run(connection, "BEGIN IMMEDIATE");
        try
        {
            long found = ReadVersion(connection);
            if (found > Version)
                throw new InvalidOperationException($"{connections.FilePath} has schema version {found}, newer than this BadgeIssuer ({Version}); upgrade BadgeIssuer.");
            for (long step = found + 1; step <= Version; step++)
            {
                SqliteConnections.Run(connection, Steps[step - 1]);
                SqliteConnections.Run(connection, $"PRAGMA user_version={step}");
            }
            SqliteConnections.Run(connection, "COMMIT");
        }
        catch
        {
            SqliteConnections.Run(connection, "ROLLBACK");
            throw;
        }
    }

    private static long ReadVersion(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return (long)command.ExecuteScalar()!;
    }
}
