using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Issuing;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Stacking;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Core;

/// <summary>Registers the service's domain: its services, the values they are configured with, the verifier, and its telemetry.</summary>
public static class CoreServices
{
    /// <summary>
    /// Registers every Core service over the storage ports, which a store's registration supplies. The caller binds
    /// <see cref="BadgeIssuerOptions"/> (<c>AddOptions&lt;BadgeIssuerOptions&gt;().BindConfiguration(...)</c>); this checks
    /// it with <see cref="BadgeIssuerOptionsValidator"/>, and services receive the checked values as registered objects:
    /// <see cref="BadgeIssuerOptions"/> itself and the records made from its sections (<see cref="BatchOptions"/>,
    /// <see cref="WebhookOptions"/>, <see cref="MailOptions"/>, <see cref="OutboxOptions"/>, <see cref="ClaimOptions"/>, <see cref="ExchangeOptions"/>, <see cref="RemoteDocumentOptions"/>, <see cref="VerificationLimits"/>).
    /// </summary>
    public static IServiceCollection AddBadgeIssuerCore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BadgeIssuerOptions>, BadgeIssuerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BadgeIssuerOptions>>().Value);
        services.AddSingleton(sp => new BatchOptions
        {
            Lease = TimeSpan.FromSeconds(Settings(sp).Batches.LeaseSeconds),
            MaxLeaseFailures = Settings(sp).Batches.MaxLeaseFailures,
            SliceEntries = Settings(sp).Batches.SliceEntries,
        });
        services.AddSingleton(sp => new WebhookOptions
        {
            AllowPrivateNetworks = Settings(sp).Webhooks.AllowPrivateNetworks,
            MaxAttempts = Settings(sp).Webhooks.MaxAttempts,
            FirstRetry = TimeSpan.FromSeconds(Settings(sp).Webhooks.FirstRetrySeconds),
            Parallelism = Settings(sp).Webhooks.Parallelism,
            PerEndpointLimit = Settings(sp).Webhooks.PerEndpointLimit,
            MaxLeaseFailures = Settings(sp).Webhooks.MaxLeaseFailures,
            Lease = TimeSpan.FromSeconds(Settings(sp).Webhooks.LeaseSeconds),
        });
        services.AddSingleton(sp => new MailOptions
        {
            Enabled = Settings(sp).Email.Enabled,
            SmtpHost = Settings(sp).Email.SmtpHost ?? "",
            SmtpPort = Settings(sp).Email.SmtpPort,
            UseTls = Settings(sp).Email.UseTls,
            UserName = Settings(sp).Email.UserName,
            Password = Settings(sp).Email.Password,
            From = Settings(sp).Email.From ?? "",
            MaxAttempts = Settings(sp).Email.MaxAttempts,
            FirstRetry = TimeSpan.FromSeconds(Settings(sp).Email.FirstRetrySeconds),
            MaxLeaseFailures = Settings(sp).Email.MaxLeaseFailures,
            Lease = TimeSpan.FromSeconds(Settings(sp).Email.LeaseSeconds),
        });
        services.AddSingleton(sp => new OutboxOptions { Lease = TimeSpan.FromSeconds(Settings(sp).Outbox.LeaseSeconds) });
        services.AddSingleton(sp => new ClaimOptions { Validity = TimeSpan.FromDays(Settings(sp).Claims.ValidDays) });
        services.AddSingleton(sp => new ExchangeOptions { Lifetime = TimeSpan.FromSeconds(Settings(sp).Claims.ExchangeSeconds) });
        services.AddSingleton(sp => new RemoteDocumentOptions { AllowedHosts = [.. Settings(sp).Verification.AllowedHosts] });
        services.AddSingleton(sp => new VerificationLimits { Timeout = TimeSpan.FromSeconds(Settings(sp).Verification.TimeoutSeconds) });

        services.AddMetrics();
        services.AddSingleton<BadgeIssuerTelemetry>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<ObDocuments>();
        services.AddSingleton<KeyEncryptionKeySource>();
        services.AddSingleton(sp => sp.GetRequiredService<KeyEncryptionKeySource>().Open());
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<IssuerKeyService>();
        services.AddSingleton<KeyRewrap>();
        services.AddSingleton<IssuerService>();
        services.AddSingleton<AchievementService>();
        services.AddSingleton<IssuingService>();
        services.AddSingleton<ClientService>();
        services.AddSingleton<PublicationService>();
        services.AddSingleton<Ob2Documents>();
        services.AddSingleton<Endorsements.EndorsementService>();
        services.AddSingleton<LearnerRecords.LearnerRecordService>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<StatusSlotAllocator>();
        services.AddSingleton<ReissueService>();
        services.AddSingleton<ClaimTokens>();
        services.AddSingleton<Assessment.AssessmentLinks>();
        services.AddSingleton<Assessment.SubmissionFlow>();
        services.AddSingleton<Assessment.SubmissionService>();
        services.AddSingleton<Assessment.ReviewService>();
        services.AddSingleton<Assessment.AssessorService>();
        services.AddSingleton<Assessment.EvidenceFileService>();
        services.AddSingleton<ClaimService>();
        services.AddSingleton<Claims.Oid4Vci.Oid4VciService>();
        services.AddSingleton<StackingService>();
        services.AddSingleton<ExchangeService>();
        services.AddSingleton<BatchService>();
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<ClaimMailService>();
        services.AddSingleton<Assessment.IAssessmentNotifier, AssessmentMailService>();
        services.AddWebhookHttpClient();
        services.AddSingleton(sp => new WebhookDispatcher(sp.GetRequiredService<Ports.IWebhookStore>(), sp.GetRequiredService<Ports.ILeasedJobs<WebhookDelivery>>(), sp.GetRequiredService<KeyEncryption>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttp.ClientName), sp.GetRequiredService<WebhookOptions>(),
            sp.GetRequiredService<BadgeIssuerTelemetry>(), sp.GetRequiredService<ILogger<WebhookDispatcher>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITrustedKeySource, StoredTrustedKeySource>();
        services.AddSingleton<IHostedDocuments, HostedDocuments>();
        services.AddCredentialVerification();
        return services;
    }

    private static BadgeIssuerOptions Settings(IServiceProvider services) => services.GetRequiredService<BadgeIssuerOptions>();
}
