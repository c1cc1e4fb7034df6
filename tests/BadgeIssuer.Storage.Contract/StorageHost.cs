using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BadgeIssuer.Storage.Contract;

/// <summary>
/// A store started as the service starts it: the registrations of <c>AddSqliteStorage</c> or <c>AddMongoDbStorage</c>,
/// then every hosted service they add started in order (opening the file or making the indexes, the writer).
/// Disposing stops them in reverse order, as the host does.
/// </summary>
public sealed class StorageHost : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    private StorageHost(ServiceProvider services) => _services = services;

    /// <summary>Registers the store with <paramref name="addStorage"/> and starts it; throws what the start throws.</summary>
    public static StorageHost Start(Action<IServiceCollection> addStorage)
    {
        ArgumentNullException.ThrowIfNull(addStorage);
        ServiceCollection services = new();
        services.AddLogging();
        addStorage(services);
        StorageHost host = new(services.BuildServiceProvider());
        try
        {
            // Off the test framework's synchronization context, so that waiting here cannot block a continuation.
            Task.Run(async () =>
            {
                foreach (IHostedService hosted in host._services.GetServices<IHostedService>())
                {
                    await hosted.StartAsync(CancellationToken.None);
                    host._started.Add(hosted);
                }
            }).GetAwaiter().GetResult();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return host;
    }

    /// <summary>A registered service.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <inheritdoc />
    public void Dispose()
    {
        Task.Run(async () =>
        {
            for (int i = _started.Count - 1; i >= 0; i--) await _started[i].StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
        }).GetAwaiter().GetResult();
    }
}

/// <summary>Every port of a store started by a <see cref="StorageHost"/>, as a fixture of the contract suite.</summary>
public abstract class HostedStoreFixture : IStoreFixture
{
    /// <summary>The started store.</summary>
    protected abstract StorageHost Host { get; }

    public IIssuerStore Issuers => Host.Get<IIssuerStore>();
    public IKeyStore Keys => Host.Get<IKeyStore>();
    public IAchievementStore Achievements => Host.Get<IAchievementStore>();
    public IAwardStore Awards => Host.Get<IAwardStore>();
    public IClientStore Clients => Host.Get<IClientStore>();
    public IStatusListStore StatusLists => Host.Get<IStatusListStore>();
    public IBatchStore Batches => Host.Get<IBatchStore>();
    public IWebhookStore Webhooks => Host.Get<IWebhookStore>();
    public IAuditStore Audit => Host.Get<IAuditStore>();
    public IClaimSessionStore ClaimSessions => Host.Get<IClaimSessionStore>();
    public IStoreHealth Health => Host.Get<IStoreHealth>();
    public ILeasedJobs<AwardBatch> BatchJobs => Host.Get<ILeasedJobs<AwardBatch>>();
    public ILeasedJobs<WebhookDelivery> DeliveryJobs => Host.Get<ILeasedJobs<WebhookDelivery>>();
    public ILeasedJobs<OutboxEvent> OutboxJobs => Host.Get<ILeasedJobs<OutboxEvent>>();
    public IMailStore Mail => Host.Get<IMailStore>();
    public ILeasedJobs<MailJob> MailJobs => Host.Get<ILeasedJobs<MailJob>>();
    public ISubmissionStore Submissions => Host.Get<ISubmissionStore>();
    public IAssessorStore Assessors => Host.Get<IAssessorStore>();
    public IEvidenceFileStore EvidenceFiles => Host.Get<IEvidenceFileStore>();
    public ILearnerRecordStore LearnerRecords => Host.Get<ILearnerRecordStore>();

    /// <inheritdoc />
    public abstract IStoreFixture Reopen();
}
