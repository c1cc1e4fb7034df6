using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

/// <summary>A SQLite store in a fresh temporary directory, deleted afterwards.</summary>
public sealed class SqliteFixture : IStoreFixture, IDisposable
{
    private readonly bool _owner;

    public SqliteFixture() : this(Path.Combine(Path.GetTempPath(), "badgeissuer-sqlite-" + Guid.NewGuid().ToString("N")), owner: true)
    {
    }

    private SqliteFixture(string directory, bool owner)
    {
        Directory = directory;
        _owner = owner;
        Database = new SqliteDatabase(directory);
        Issuers = new SqliteIssuerStore(Database);
        Keys = new SqliteKeyStore(Database);
        Achievements = new SqliteAchievementStore(Database);
        Awards = new SqliteAwardStore(Database);
        Clients = new SqliteClientStore(Database);
        StatusLists = new SqliteStatusListStore(Database);
        Batches = new SqliteBatchStore(Database);
        Webhooks = new SqliteWebhookStore(Database);
        Health = new SqliteHealth(Database);
    }

    public string Directory { get; }
    public SqliteDatabase Database { get; }
    public IIssuerStore Issuers { get; }
    public IKeyStore Keys { get; }
    public IAchievementStore Achievements { get; }
    public IAwardStore Awards { get; }
    public IClientStore Clients { get; }
    public IStatusListStore StatusLists { get; }
    public IBatchStore Batches { get; }
    public IWebhookStore Webhooks { get; }
    public IStoreHealth Health { get; }

    public IStoreFixture Reopen()
    {
        SqliteConnection.ClearAllPools();
        return new SqliteFixture(Directory, owner: false);
    }

    public void Dispose()
    {
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
