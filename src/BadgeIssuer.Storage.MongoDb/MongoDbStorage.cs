using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Storage.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Registers the MongoDB store (production).</summary>
public static class MongoDbStorage
{
    /// <summary>
    /// Every storage port over the database <paramref name="databaseName"/> at <paramref name="connectionString"/>, with
    /// the hosted step that makes its indexes at start (<see cref="MongoStartup"/>); writes wait at most
    /// <paramref name="writeTimeout"/> (default <see cref="MongoDatabase.DefaultWriteTimeout"/>) for a journaled majority.
    /// </summary>
    public static IServiceCollection AddMongoDbStorage(this IServiceCollection services, string connectionString, string databaseName = "badgeissuer", TimeSpan? writeTimeout = null)
    {
        services.AddSingleton(_ => new MongoDatabase(connectionString, databaseName, writeTimeout ?? MongoDatabase.DefaultWriteTimeout));
        services.AddSingleton<MongoStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<MongoStartup>());
        services.AddSingleton<IIssuerStore, MongoIssuerStore>();
        services.AddSingleton<IKeyStore, MongoKeyStore>();
        services.AddSingleton<IAchievementStore, MongoAchievementStore>();
        services.AddSingleton<IAwardStore, MongoAwardStore>();
        services.AddSingleton<IClientStore, MongoClientStore>();
        services.AddSingleton<IStatusListStore, MongoStatusListStore>();
        services.AddSingleton<ILeasedJobs<AwardBatch>>(sp => new MongoLeasedJobs<BatchDocument, AwardBatch>(sp.GetRequiredService<MongoDatabase>(), MongoJobKinds.Batches, d => d.ToDomain()));
        services.AddSingleton<ILeasedJobs<WebhookDelivery>>(sp => new MongoLeasedJobs<WebhookDeliveryDocument, WebhookDelivery>(sp.GetRequiredService<MongoDatabase>(), MongoJobKinds.WebhookDeliveries, d => d.ToDomain()));
        services.AddSingleton<ILeasedJobs<OutboxEvent>, MongoOutbox>();
        services.AddSingleton<ILeasedJobs<MailJob>>(sp => new MongoLeasedJobs<MailJobDocument, MailJob>(sp.GetRequiredService<MongoDatabase>(), MongoJobKinds.ClaimMails, d => d.ToDomain()));
        services.AddSingleton<IBatchStore, MongoBatchStore>();
        services.AddSingleton<IMailStore, MongoMailStore>();
        services.AddSingleton<IWebhookStore, MongoWebhookStore>();
        services.AddSingleton<IAuditStore, MongoAuditStore>();
        services.AddSingleton<IClaimSessionStore, MongoClaimSessionStore>();
        services.AddSingleton<ISubmissionStore, MongoSubmissionStore>();
        services.AddSingleton<ILearnerRecordStore, MongoLearnerRecordStore>();
        services.AddSingleton<IAssessorStore, MongoAssessorStore>();
        services.AddSingleton<IEvidenceFileStore, MongoEvidenceFileStore>();
        services.AddSingleton<IStoreHealth, MongoHealth>();
        return services;
    }
}
