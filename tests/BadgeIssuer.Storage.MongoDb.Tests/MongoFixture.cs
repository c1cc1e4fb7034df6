using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
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
    private readonly Lazy<StorageHost> _host;
    private readonly List<Reopened> _reopened = [];

    public MongoFixture() => _host = new Lazy<StorageHost>(Start);

    public IIssuerStore Issuers => Get<IIssuerStore>();
    public IKeyStore Keys => Get<IKeyStore>();
    public IAchievementStore Achievements => Get<IAchievementStore>();
    public IAwardStore Awards => Get<IAwardStore>();
    public IClientStore Clients => Get<IClientStore>();
    public IStatusListStore StatusLists => Get<IStatusListStore>();
    public IBatchStore Batches => Get<IBatchStore>();
    public IWebhookStore Webhooks => Get<IWebhookStore>();
    public IStoreHealth Health => Get<IStoreHealth>();
    public ILeasedJobs<AwardBatch> BatchJobs => Get<ILeasedJobs<AwardBatch>>();
    public ILeasedJobs<WebhookDelivery> DeliveryJobs => Get<ILeasedJobs<WebhookDelivery>>();

    public IStoreFixture Reopen()
    {
        Reopened reopened = new(Start());
        lock (_reopened) _reopened.Add(reopened);
        return reopened;
    }

    public void Dispose()
    {
        foreach (Reopened reopened in _reopened) reopened.Dispose();
        if (!_host.IsValueCreated) return;
        _host.Value.Get<MongoDatabase>().Client.DropDatabase(_databaseName);
        _host.Value.Dispose();
    }

    private T Get<T>() where T : notnull => _host.Value.Get<T>();

    private StorageHost Start() =>
        StorageHost.Start(services => services.AddMongoDbStorage(_connectionString ?? throw new InvalidOperationException(SkipReason), _databaseName));

    /// <summary>The same database through a second started store, as a restarted process would open it.</summary>
    private sealed class Reopened(StorageHost host) : IStoreFixture, IDisposable
    {
        public IIssuerStore Issuers => host.Get<IIssuerStore>();
        public IKeyStore Keys => host.Get<IKeyStore>();
        public IAchievementStore Achievements => host.Get<IAchievementStore>();
        public IAwardStore Awards => host.Get<IAwardStore>();
        public IClientStore Clients => host.Get<IClientStore>();
        public IStatusListStore StatusLists => host.Get<IStatusListStore>();
        public IBatchStore Batches => host.Get<IBatchStore>();
        public IWebhookStore Webhooks => host.Get<IWebhookStore>();
        public IStoreHealth Health => host.Get<IStoreHealth>();
        public ILeasedJobs<AwardBatch> BatchJobs => host.Get<ILeasedJobs<AwardBatch>>();
        public ILeasedJobs<WebhookDelivery> DeliveryJobs => host.Get<ILeasedJobs<WebhookDelivery>>();
        public IStoreFixture Reopen() => this;
        public void Dispose() => host.Dispose();
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

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoLeasedJobTests(MongoFixture store) : LeasedJobContract<MongoFixture>(store);
