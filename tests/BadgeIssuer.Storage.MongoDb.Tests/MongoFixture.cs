using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Storage.MongoDb;

namespace BadgeIssuer.Storage.MongoDb.Tests;

/// <summary>
/// A MongoDB store in a fresh database on the server named by <c>BADGEISSUER_TEST_MONGODB</c>, dropped afterwards.
/// Without the variable nothing connects, and the contract tests report themselves as skipped.
/// </summary>
public sealed class MongoFixture : HostedStoreFixture, IDisposable
{
    public const string Variable = "BADGEISSUER_TEST_MONGODB";
    public const string SkipReason = "MongoDB contract tests need a server: set BADGEISSUER_TEST_MONGODB to a connection string (e.g. `docker compose up -d mongo`, then mongodb://127.0.0.1:27017).";

    private readonly string? _connectionString = Environment.GetEnvironmentVariable(Variable);
    private readonly string _databaseName = "badgeissuer_test_" + Guid.NewGuid().ToString("N");
    private readonly Lazy<StorageHost> _host;
    private readonly List<Reopened> _reopened = [];

    public MongoFixture() => _host = new Lazy<StorageHost>(Start);

    protected override StorageHost Host => _host.Value;

    /// <summary>The started store's database.</summary>
    public MongoDatabase Database => _host.Value.Get<MongoDatabase>();

    public override IStoreFixture Reopen()
    {
        Reopened reopened = new(Start(), Reopen);
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

    /// <summary>Starts the store and waits, up to a minute, until its indexes are made (the start itself does not wait).</summary>
    private StorageHost Start()
    {
        StorageHost host = StorageHost.Start(services => services.AddMongoDbStorage(_connectionString ?? throw new InvalidOperationException(SkipReason), _databaseName));
        host.Get<MongoStartup>().Ready.WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        return host;
    }

    /// <summary>The same database through a second started store, as a restarted process would open it.</summary>
    private sealed class Reopened(StorageHost host, Func<IStoreFixture> reopen) : HostedStoreFixture, IDisposable
    {
        protected override StorageHost Host => host;
        public override IStoreFixture Reopen() => reopen();
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

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoAuditStoreTests(MongoFixture store) : AuditStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoOutboxTests(MongoFixture store) : OutboxContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoMailStoreTests(MongoFixture store) : MailStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoClaimSessionStoreTests(MongoFixture store) : ClaimSessionStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoSubmissionStoreTests(MongoFixture store) : SubmissionStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoAssessorStoreTests(MongoFixture store) : AssessorStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoEvidenceFileStoreTests(MongoFixture store) : EvidenceFileStoreContract<MongoFixture>(store);

[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoLearnerRecordStoreTests(MongoFixture store) : LearnerRecordStoreContract<MongoFixture>(store);
