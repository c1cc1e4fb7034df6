using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Storage.MongoDb;

namespace BadgeIssuer.Storage.MongoDb.Tests;

/// <summary>
/// A MongoDB store in a fresh database on the server named by <c>BADGEISSUER_TEST_MONGODB</c>, dropped afterwards.
/// Without the variable nothing connects, and the contract tests report themselves as skipped.
/// </summary>
public sealed class MongoFixture : IStoreFixture, IDisposable
{
    public const string Variable = "BADGEISSUER_TEST_MONGODB";
    public const string SkipReason = "MongoDB contract tests need a server: set BADGEISSUER_TEST_MONGODB to a connection string (e.g. `docker compose up -d mongo`, then mongodb://127.0.0.1:27017).";

    private readonly string? _connectionString = Environment.GetEnvironmentVariable(Variable);
    private readonly string _databaseName = "badgeissuer_test_" + Guid.NewGuid().ToString("N");
    private readonly Lazy<Stores> _stores;

    public MongoFixture() => _stores = new Lazy<Stores>(() => new Stores(new MongoDatabase(
        _connectionString ?? throw new InvalidOperationException(SkipReason), _databaseName)));

    public IIssuerStore Issuers => _stores.Value.Issuers;
    public IKeyStore Keys => _stores.Value.Keys;
    public IAchievementStore Achievements => _stores.Value.Achievements;
    public IAwardStore Awards => _stores.Value.Awards;
    public IClientStore Clients => _stores.Value.Clients;
    public IStatusListStore StatusLists => _stores.Value.StatusLists;
    public IBatchStore Batches => _stores.Value.Batches;
    public IWebhookStore Webhooks => _stores.Value.Webhooks;
    public IStoreHealth Health => _stores.Value.Health;

    public IStoreFixture Reopen() => new Reopened(new Stores(new MongoDatabase(_connectionString!, _databaseName)));

    public void Dispose()
    {
        if (_stores.IsValueCreated) _stores.Value.Database.Client.DropDatabase(_databaseName);
    }

    private sealed class Stores(MongoDatabase database)
    {
        public MongoDatabase Database { get; } = database;
        public IIssuerStore Issuers { get; } = new MongoIssuerStore(database);
        public IKeyStore Keys { get; } = new MongoKeyStore(database);
        public IAchievementStore Achievements { get; } = new MongoAchievementStore(database);
        public IAwardStore Awards { get; } = new MongoAwardStore(database);
        public IClientStore Clients { get; } = new MongoClientStore(database);
        public IStatusListStore StatusLists { get; } = new MongoStatusListStore(database);
        public IBatchStore Batches { get; } = new MongoBatchStore(database);
        public IWebhookStore Webhooks { get; } = new MongoWebhookStore(database);
        public IStoreHealth Health { get; } = new MongoHealth(database);
    }

    private sealed class Reopened(Stores stores) : IStoreFixture
    {
        public IIssuerStore Issuers => stores.Issuers;
        public IKeyStore Keys => stores.Keys;
        public IAchievementStore Achievements => stores.Achievements;
        public IAwardStore Awards => stores.Awards;
        public IClientStore Clients => stores.Clients;
        public IStatusListStore StatusLists => stores.StatusLists;
        public IBatchStore Batches => stores.Batches;
        public IWebhookStore Webhooks => stores.Webhooks;
        public IStoreHealth Health => stores.Health;
        public IStoreFixture Reopen() => new Reopened(new Stores(stores.Database));
    }
}

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoIssuerStoreTests(MongoFixture store) : IssuerStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoKeyStoreTests(MongoFixture store) : KeyStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoAchievementStoreTests(MongoFixture store) : AchievementStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoAwardStoreTests(MongoFixture store) : AwardStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoClientStoreTests(MongoFixture store) : ClientStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoStatusListStoreTests(MongoFixture store) : StatusListStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoBatchStoreTests(MongoFixture store) : BatchStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoWebhookStoreTests(MongoFixture store) : WebhookStoreContract<MongoFixture>(store);
