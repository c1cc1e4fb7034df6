using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.LinkedData;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Diagnostics;

/// <summary>
/// The log lines of background jobs that failed (batch entries, batches, webhook deliveries), one event id each. They
/// carry ids and the exception for the operator; what the API shows is only the short reason, never the stack trace.
/// </summary>
internal static partial class JobLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Entry {Index} of batch {BatchId} of issuer {IssuerId} failed unexpectedly and is recorded as failed; the batch goes on")]
    public static partial void BatchEntryFailed(this ILogger logger, string batchId, string issuerId, int index, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "The worker of batch {BatchId} of issuer {IssuerId} failed; the batch counts a lease failure and is parked once they reach the limit")]
    public static partial void BatchWorkFailed(this ILogger logger, string batchId, string issuerId, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Sending delivery {DeliveryId} of webhook {WebhookId} failed unexpectedly; the delivery counts a lease failure and is parked once they reach the limit")]
    public static partial void DeliveryFailed(this ILogger logger, string deliveryId, string webhookId, Exception exception);

    /// <summary>
    /// What the API may show of <paramref name="exception"/>: the message of the errors that describe the document
    /// being processed (JSON-LD, canonicalization, proofs), otherwise only its type; the log has the rest.
    /// </summary>
    public static string Reason(Exception exception) => exception switch
    {
        LinkedDataException or ProofException => exception.Message,
        _ => $"an unexpected {exception.GetType().Name}; the service log has the details.",
    };
}
