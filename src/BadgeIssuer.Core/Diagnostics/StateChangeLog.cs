using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Diagnostics;

/// <summary>
/// The structured log lines of the service's state changes, one event id each so they can be filtered and alerted on.
/// They carry ids only: never a key, a secret, a recipient's e-mail address or name.
/// </summary>
internal static partial class StateChangeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Award {AwardId} issued by issuer {IssuerId} for achievement {AchievementId}")]
    public static partial void AwardIssued(this ILogger logger, string awardId, string issuerId, string achievementId);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Award {AwardId} of issuer {IssuerId} revoked")]
    public static partial void AwardRevoked(this ILogger logger, string awardId, string issuerId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Award {AwardId} of issuer {IssuerId} suspended")]
    public static partial void AwardSuspended(this ILogger logger, string awardId, string issuerId);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Award {AwardId} of issuer {IssuerId} no longer suspended")]
    public static partial void AwardUnsuspended(this ILogger logger, string awardId, string issuerId);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Signing keys of issuer {IssuerId} rotated (compromised: {Compromised}); new keys {RsaKeyId} and {Ed25519KeyId}")]
    public static partial void KeysRotated(this ILogger logger, string issuerId, bool compromised, string rsaKeyId, string ed25519KeyId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "API client {ClientId} created for issuer {IssuerId} (none: an administrator) with scopes {Scopes}")]
    public static partial void ClientCreated(this ILogger logger, string clientId, string? issuerId, string scopes);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "API client {ClientId} of issuer {IssuerId} (none: an administrator) revoked")]
    public static partial void ClientRevoked(this ILogger logger, string clientId, string? issuerId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "API client {ClientId} of issuer {IssuerId} (none: an administrator) given a new key; the old one works for {GraceSeconds} s")]
    public static partial void ClientKeyRotated(this ILogger logger, string clientId, string? issuerId, int graceSeconds);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Batch {BatchId} of issuer {IssuerId} completed: {Total} entries, {Issued} issued, {CriteriaNotMet} criteria not met, {Invalid} invalid, {Failed} failed")]
    public static partial void BatchCompleted(this ILogger logger, string batchId, string issuerId, int total, int issued, int criteriaNotMet, int invalid, int failed);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Award {AwardId} of issuer {IssuerId} claimed into a wallet through {Via}")]
    public static partial void AwardClaimed(this ILogger logger, string awardId, string issuerId, string via);
    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Submission {SubmissionId} of issuer {IssuerId} for achievement {AchievementId}: round {Round} submitted, {Assigned} assessor(s) assigned, {Waiting} awaited")]
    public static partial void SubmissionSubmitted(this ILogger logger, string submissionId, string issuerId, string achievementId, int round, int assigned, int waiting);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Submission {SubmissionId} of issuer {IssuerId}: round {Round} reviewed by assessor {AssessorId} (met: {Met})")]
    public static partial void SubmissionReviewed(this ILogger logger, string submissionId, string issuerId, int round, string assessorId, bool met);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Submission {SubmissionId} of issuer {IssuerId}: round {Round} decided {Outcome}")]
    public static partial void SubmissionDecided(this ILogger logger, string submissionId, string issuerId, int round, string outcome);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Information, Message = "Assessor {AssessorId} of issuer {IssuerId} {Change} (client {ClientId})")]
    public static partial void AssessorChanged(this ILogger logger, string assessorId, string issuerId, string change, string clientId);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Assessment notifier {Notifier} failed for submission {SubmissionId} with {ExceptionType}; the change is stored (the exception's text is not logged: it may hold an e-mail address)")]
    public static partial void NotifierFailed(this ILogger logger, string notifier, string submissionId, string exceptionType);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning, Message = "Submission {SubmissionId} of issuer {IssuerId} is met but its award was not issued ({Outcome}); the next read or review of it tries again")]
    public static partial void SubmissionIssueFailed(this ILogger logger, string submissionId, string issuerId, string outcome);
}
