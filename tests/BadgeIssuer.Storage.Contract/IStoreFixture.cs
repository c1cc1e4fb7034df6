using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Storage.Contract;

/// <summary>One store under test: every port over the same data, and a way to reopen it as after a restart.</summary>
public interface IStoreFixture
{
    IIssuerStore Issuers { get; }
    IKeyStore Keys { get; }
    IAchievementStore Achievements { get; }
    IAwardStore Awards { get; }
    IClientStore Clients { get; }
    IStatusListStore StatusLists { get; }
    IBatchStore Batches { get; }
    IWebhookStore Webhooks { get; }
    IAuditStore Audit { get; }
    IClaimSessionStore ClaimSessions { get; }
    IStoreHealth Health { get; }
    ILeasedJobs<AwardBatch> BatchJobs { get; }
    ILeasedJobs<WebhookDelivery> DeliveryJobs { get; }
    ILeasedJobs<OutboxEvent> OutboxJobs { get; }
    IMailStore Mail { get; }
    ILeasedJobs<MailJob> MailJobs { get; }
    ISubmissionStore Submissions { get; }
    IAssessorStore Assessors { get; }
    IEvidenceFileStore EvidenceFiles { get; }
    ILearnerRecordStore LearnerRecords { get; }

    /// <summary>New store instances over the same data, as a restarted process would open them.</summary>
    IStoreFixture Reopen();
}
