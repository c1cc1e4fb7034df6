// SQLite through Microsoft.Data.Sqlite: one file, WAL journal, synchronous=FULL so an acknowledged write survives a
// power cut, every write a single statement (atomic on its own). Writes go through one writer that commits whatever
// is waiting as one transaction (group commit): each statement runs in its own savepoint, so one that fails leaves
// the others untouched, and every caller is answered only after the commit has reached the disk.
using System.Text.Json;
using System.Threading.Channels;
using BadgeIssuer.Core.Ports;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>The database file, its schema, and the few operations every store is built from.</summary>
public sealed class SqliteDatabase
{
    /// <summary>The database file's name inside the data directory.</summary>
    public const string FileName = "badgeissuer.db";

    /// <summary>The schema version this code writes (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 3;

    private const int SqliteConstraint = 19;

    /// <summary>The most writes one commit takes.</summary>
    private const int MaxGroup = 256;
    /// <summary>
    /// Page size of a new file. An award row is about 3 KB and rows do not straddle pages: a 4 KB page holds one and
    /// leaves a quarter empty, a 32 KB page holds ten or eleven and leaves a few percent.
    /// </summary>
    public const int PageSize = 32768;

    /// <summary>camelCase documents; a null field is left out (reading it back gives null again).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private static readonly object Configured = new();
    private readonly string _connectionString;

    /// <summary>Native connections whose per-connection settings are applied; an entry goes when its connection is collected.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    /// <summary>Writes waiting for the writer (see <see cref="Commit"/>).</summary>
    private readonly Channel<PendingWrite> _writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Opens (and creates, if needed) the database in <paramref name="dataDirectory"/>.</summary>
    public SqliteDatabase(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        FilePath = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        CreateSchema();
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// An open connection with the per-connection settings applied. The pool hands out the same native connections
    /// again; the settings are applied once per native connection, when it is first seen.
    /// </summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open());
    }

    private SqliteConnection Open()
    {
        SqliteConnection connection = new(_connectionString);
        connection.Open();
        if (_configured.TryGetValue(connection.Handle!, out _)) return connection;
        Run(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        _configured.AddOrUpdate(connection.Handle!, Configured);
        return connection;
    }

    /// <summary>Runs one INSERT; a unique-constraint violation is <see cref="WriteOutcome.Conflict"/>, not an exception.</summary>
    public async Task<WriteOutcome> InsertAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(sql, parameters, cancellationToken);
            return WriteOutcome.Written;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            return WriteOutcome.Conflict;
        }
    }

    /// <summary>
    /// Replaces a document only if its version is <paramref name="expectedVersion"/> (optimistic concurrency), in one
    /// statement; tells a stale version (<see cref="WriteOutcome.Conflict"/>) from a missing row.
    /// </summary>
    public async Task<WriteOutcome> UpdateAsync(string table, string id, long expectedVersion, string setClause, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        Dictionary<string, object?> all = new(parameters) { ["$id"] = id, ["$expected"] = expectedVersion };
        int changed = await ExecuteAsync($"UPDATE {table} SET {setClause} WHERE id = $id AND version = $expected", all, cancellationToken);
        if (changed == 1) return WriteOutcome.Written;
        long? exists = await ScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE id = $id", new Dictionary<string, object?> { ["$id"] = id }, cancellationToken);
        return exists > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <summary>The documents the query selects (its first column holds the JSON).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = Command(connection, sql, parameters);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<T> results = [];
        while (await reader.ReadAsync(cancellationToken))
            results.Add(Deserialize<T>(reader.GetString(0)));
        return results;
    }

    /// <summary>The first document the query selects, or <c>null</c>.</summary>
    public async Task<T?> QuerySingleAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) where T : class =>
        (await QueryAsync<T>(sql, parameters, cancellationToken)).FirstOrDefault();

    /// <summary>The first row a write with RETURNING returns, mapped; <c>null</c> when it changed nothing.</summary>
    public async Task<T?> RowAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<SqliteDataReader, T> map, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(map);
        return (T?)await WriteThroughAsync(sql, parameters, command =>
        {
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? map(reader) : null;
        }, cancellationToken);
    }

    /// <summary>Every row a query returns, mapped.</summary>
    public async Task<List<T>> RowsAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = Command(connection, sql, parameters);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<T> rows = [];
        while (await reader.ReadAsync(cancellationToken)) rows.Add(map(reader));
        return rows;
    }

    /// <summary>Runs one statement that is not an insert (an upsert, for instance); returns the rows it changed.</summary>
    public Task<int> WriteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) =>
        ExecuteAsync(sql, parameters, cancellationToken);

    /// <summary>A document read back from the <c>doc</c> column.</summary>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Json) ?? throw new InvalidDataException("A stored document is empty.");

    /// <summary>A document serialized for the <c>doc</c> column.</summary>
    public static string Serialize<T>(T document) => JsonSerializer.Serialize(document, Json);

    /// <summary>True when the store answers.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ScalarAsync<long>("SELECT 1", new Dictionary<string, object?>(), cancellationToken) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>The journal mode in force (<c>wal</c> once the schema is created).</summary>
    public async Task<string?> JournalModeAsync(CancellationToken cancellationToken)
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = Command(connection, "PRAGMA journal_mode", new Dictionary<string, object?>());
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<int> ExecuteAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) =>
        (int)(await WriteThroughAsync(sql, parameters, command => command.ExecuteNonQuery(), cancellationToken))!;

    /// <summary>
    /// Hands a write to the writer and waits for its commit. A write that was handed over is carried out even if the
    /// caller stops waiting: it is either committed whole or not at all.
    /// </summary>
    private async Task<object?> WriteThroughAsync(string sql, IReadOnlyDictionary<string, object?> parameters, Func<SqliteCommand, object?> run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PendingWrite write = new(sql, parameters, run);
        if (!_writes.Writer.TryWrite(write)) throw new InvalidOperationException("The SQLite writer has stopped.");
        return await write.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteLoopAsync()
    {
        List<PendingWrite> group = new(MaxGroup);
        while (await _writes.Reader.WaitToReadAsync())
        {
            while (group.Count < MaxGroup && _writes.Reader.TryRead(out PendingWrite? write)) group.Add(write);
            Commit(group);
            group.Clear();
        }
    }

    /// <summary>Runs the group in one transaction, each write in its own savepoint, commits, then answers every caller.</summary>
    private void Commit(List<PendingWrite> group)
    {
        object?[] results = new object?[group.Count];
        Exception?[] failures = new Exception?[group.Count];
        try
        {
            using SqliteConnection connection = Open();
            Run(connection, "BEGIN IMMEDIATE");
            try
            {
                for (int i = 0; i < group.Count; i++)
                {
                    Run(connection, "SAVEPOINT write");
                    try
                    {
                        using SqliteCommand command = Command(connection, group[i].Sql, group[i].Parameters);
                        results[i] = group[i].Run(command);
                        Run(connection, "RELEASE write");
                    }
                    catch (Exception ex)
                    {
                        failures[i] = ex;
                        Run(connection, "ROLLBACK TO write; RELEASE write");
                    }
                }
                Run(connection, "COMMIT");
            }
            catch
            {
                if (!connection.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0) Run(connection, "ROLLBACK");
                throw;
            }
        }
        catch (Exception ex)
        {
            // Nothing of the group is stored: every caller learns so, and the writer goes on with the next group.
            foreach (PendingWrite write in group) write.Done.TrySetException(ex);
            return;
        }
        for (int i = 0; i < group.Count; i++)
        {
            if (failures[i] is { } failure) group[i].Done.TrySetException(failure);
            else group[i].Done.TrySetResult(results[i]);
        }
    }

    private static void Run(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A write waiting for the writer, and where its outcome goes.</summary>
    private sealed record PendingWrite(string Sql, IReadOnlyDictionary<string, object?> Parameters, Func<SqliteCommand, object?> Run)
    {
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The first column of the first row, or <c>null</c>.</summary>
    public async Task<TValue?> ScalarAsync<TValue>(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken) where TValue : struct
    {
        await using SqliteConnection connection = await OpenAsync(cancellationToken);
        await using SqliteCommand command = Command(connection, sql, parameters);
        object? value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : (TValue)Convert.ChangeType(value, typeof(TValue), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object? value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>
    /// Creates the tables, or brings an older file forward, in one transaction: a failed upgrade leaves the file as it was.
    /// From version 3 an award's credential and VC-JWT live in the compressed <c>content</c> column; awards written
    /// before keep them in <c>doc</c> and are read from there. A batch chunk is deleted by a trigger in the same
    /// statement that moves the batch's progress past its last entry (or completes the batch): the results of its
    /// entries were committed before that update, so a crash never loses entries that still need issuing.
    /// </summary>
    private void CreateSchema()
    {
        using SqliteConnection connection = new(_connectionString);
        connection.Open();
        Run(connection, $"PRAGMA page_size={PageSize}; PRAGMA journal_mode=WAL");
        Run(connection, "BEGIN IMMEDIATE");
        long found;
        using (SqliteCommand version = connection.CreateCommand())
        {
            version.CommandText = "PRAGMA user_version";
            found = (long)version.ExecuteScalar()!;
        }
        if (found > SchemaVersion)
        {
            Run(connection, "ROLLBACK");
            throw new InvalidOperationException($"{FilePath} has schema version {found}, newer than this BadgeIssuer ({SchemaVersion}); upgrade BadgeIssuer.");
        }
        try
        {
            Migrate(connection);
            Run(connection, "COMMIT");
        }
        catch
        {
            Run(connection, "ROLLBACK");
            throw;
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS issuers (id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS keys (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS keys_by_issuer_status ON keys (issuer_id, status);
            CREATE TABLE IF NOT EXISTS achievements (id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS achievements_by_issuer ON achievements (issuer_id, id);
            CREATE TABLE IF NOT EXISTS awards (
                id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, achievement_id TEXT NOT NULL, credential_id TEXT NOT NULL UNIQUE,
                recipient_key TEXT NOT NULL, idempotency_key TEXT, issued_at TEXT NOT NULL, version INTEGER NOT NULL, doc TEXT NOT NULL, content BLOB);
            CREATE UNIQUE INDEX IF NOT EXISTS awards_by_idempotency_key ON awards (issuer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
            DROP INDEX IF EXISTS awards_by_issuer_achievement;
            DROP INDEX IF EXISTS awards_by_issuer;
            DROP INDEX IF EXISTS awards_by_recipient;
            CREATE INDEX IF NOT EXISTS awards_by_issuer_time ON awards (issuer_id, issued_at, id);
            CREATE INDEX IF NOT EXISTS awards_by_issuer_achievement_time ON awards (issuer_id, achievement_id, issued_at, id);
            CREATE INDEX IF NOT EXISTS awards_by_issuer_recipient_time ON awards (issuer_id, recipient_key, issued_at, id);
            CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, issuer_id TEXT, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS status_lists (
                id TEXT PRIMARY KEY, issuer_id TEXT NOT NULL, purpose TEXT NOT NULL, number INTEGER NOT NULL, allocated INTEGER NOT NULL,
                version INTEGER NOT NULL, doc TEXT NOT NULL, UNIQUE (issuer_id, purpose, number));
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
            DROP TRIGGER IF EXISTS batch_chunks_done;
            CREATE TRIGGER batch_chunks_done AFTER UPDATE OF doc ON batches BEGIN
                DELETE FROM batch_chunks WHERE batch_id = NEW.id
                    AND (NEW.state = 'Completed' OR (number + 1) * {Core.Batches.AwardBatch.ChunkSize} <= json_extract(NEW.doc, '$.nextIndex'));
            END;
            """;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('awards') WHERE name = 'content'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            Run(connection, "ALTER TABLE awards ADD COLUMN content BLOB");
            Run(connection, "DELETE FROM batch_chunks WHERE batch_id IN (SELECT id FROM batches WHERE state = 'Completed')");
        }
        Run(connection, $"PRAGMA user_version={SchemaVersion}");
    }
}
