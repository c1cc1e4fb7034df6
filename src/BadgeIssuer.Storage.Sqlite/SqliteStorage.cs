using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Registers the SQLite store (the embedded default).</summary>
public static class SqliteStorage
{
    /// <summary>
    /// Every storage port over one SQLite file in <paramref name="dataDirectory"/>, with the hosted steps that open the
    /// file (<see cref="SqliteStartup"/>) and run its writer (<see cref="SqliteWriter"/>). Call it before registering
    /// hosted services that use the store: the host starts them in order and stops them in reverse.
    /// </summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(new SqliteConnections(dataDirectory));
        services.AddHostedService<SqliteStartup>();
        services.AddSingleton<SqliteWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SqliteWriter>());
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IIssuerStore, SqliteIssuerStore>();
        services.AddSingleton<IKeyStore, SqliteKeyStore>();
        services.AddSingleton<IAchievementStore, SqliteAchievementStore>();
        services.AddSingleton<IAwardStore, SqliteAwardStore>();
        services.AddSingleton<IClientStore, SqliteClientStore>();
        services.AddSingleton<IStatusListStore, SqliteStatusListStore>();
        services.AddSingleton<ILeasedJobs<AwardBatch>>(sp => new SqliteLeasedJobs<Documents.BatchDocument, AwardBatch>(sp.GetRequiredService<SqliteDatabase>(), SqliteJobKind.Batches, d => d.ToDomain()));
        services.AddSingleton<ILeasedJobs<WebhookDelivery>>(sp => new SqliteLeasedJobs<Documents.WebhookDeliveryDocument, WebhookDelivery>(sp.GetRequiredService<SqliteDatabase>(), SqliteJobKind.WebhookDeliveries, d => d.ToDomain()));
        services.AddSingleton<ILeasedJobs<OutboxEvent>>(sp => new SqliteLeasedJobs<Documents.OutboxEventDocument, OutboxEvent>(sp.GetRequiredService<SqliteDatabase>(), SqliteJobKind.Outbox, d => d.ToDomain()));
        services.AddSingleton<ILeasedJobs<MailJob>>(sp => new SqliteLeasedJobs<Documents.MailJobDocument, MailJob>(sp.GetRequiredService<SqliteDatabase>(), SqliteJobKind.ClaimMails, d => d.ToDomain()));
        services.AddSingleton<IBatchStore, SqliteBatchStore>();
        services.AddSingleton<IMailStore, SqliteMailStore>();
        services.AddSingleton<IWebhookStore, SqliteWebhookStore>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IClaimSessionStore, SqliteClaimSessionStore>();
        services.AddSingleton<ISubmissionStore, SqliteSubmissionStore>();
        services.AddSingleton<ILearnerRecordStore, SqliteLearnerRecordStore>();
        services.AddSingleton<IAssessorStore, SqliteAssessorStore>();
        services.AddSingleton<IEvidenceFileStore, SqliteEvidenceFileStore>();
        services.AddSingleton<IStoreHealth, SqliteHealth>();
        return services;
    }
}
