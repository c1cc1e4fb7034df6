using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

/// <summary>A SQLite store in a fresh temporary directory, started as the service starts it, deleted afterwards.</summary>
public sealed class SqliteFixture : HostedStoreFixture, IDisposable
{
    private readonly bool _owner;
    private readonly StorageHost _host;
    private readonly List<SqliteFixture> _reopened = [];

    public SqliteFixture() : this(Path.Combine(Path.GetTempPath(), "badgeissuer-sqlite-" + Guid.NewGuid().ToString("N")), owner: true)
    {
    }

    private SqliteFixture(string directory, bool owner)
    {
        Directory = directory;
        _owner = owner;
        _host = StorageHost.Start(services => services.AddSqliteStorage(directory));
    }

    public string Directory { get; }
    public SqliteDatabase Database => _host.Get<SqliteDatabase>();

    protected override StorageHost Host => _host;

    public override IStoreFixture Reopen()
    {
        SqliteConnection.ClearAllPools();
        SqliteFixture reopened = new(Directory, owner: false);
        lock (_reopened) _reopened.Add(reopened);
        return reopened;
    }

    public void Dispose()
    {
        foreach (SqliteFixture reopened in _reopened) reopened.Dispose();
        _host.Dispose();
        if (!_owner) return;
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public sealed class SqliteIssuerStoreTests(SqliteFixture store) : IssuerStoreContract<SqliteFixture>(store);

public sealed class SqliteKeyStoreTests(SqliteFixture store) : KeyStoreContract<SqliteFixture>(store);

public sealed class SqliteAchievementStoreTests(SqliteFixture store) : AchievementStoreContract<SqliteFixture>(store);

public sealed class SqliteAwardStoreTests(SqliteFixture store) : AwardStoreContract<SqliteFixture>(store);

public sealed class SqliteClientStoreTests(SqliteFixture store) : ClientStoreContract<SqliteFixture>(store);

public sealed class SqliteStatusListStoreTests(SqliteFixture store) : StatusListStoreContract<SqliteFixture>(store);

public sealed class SqliteBatchStoreTests(SqliteFixture store) : BatchStoreContract<SqliteFixture>(store);

public sealed class SqliteWebhookStoreTests(SqliteFixture store) : WebhookStoreContract<SqliteFixture>(store);

public sealed class SqliteLeasedJobTests(SqliteFixture store) : LeasedJobContract<SqliteFixture>(store);

public sealed class SqliteAuditStoreTests(SqliteFixture store) : AuditStoreContract<SqliteFixture>(store);

public sealed class SqliteOutboxTests(SqliteFixture store) : OutboxContract<SqliteFixture>(store);

public sealed class SqliteMailStoreTests(SqliteFixture store) : MailStoreContract<SqliteFixture>(store);

public sealed class SqliteClaimSessionStoreTests(SqliteFixture store) : ClaimSessionStoreContract<SqliteFixture>(store);

public sealed class SqliteSubmissionStoreTests(SqliteFixture store) : SubmissionStoreContract<SqliteFixture>(store);

public sealed class SqliteAssessorStoreTests(SqliteFixture store) : AssessorStoreContract<SqliteFixture>(store);

public sealed class SqliteEvidenceFileStoreTests(SqliteFixture store) : EvidenceFileStoreContract<SqliteFixture>(store);

public sealed class SqliteLearnerRecordStoreTests(SqliteFixture store) : LearnerRecordStoreContract<SqliteFixture>(store);
