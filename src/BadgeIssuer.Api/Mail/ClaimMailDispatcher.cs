// Mails under leases, as webhook deliveries are sent: claim the mail due soonest, write it from the award as it is
// now (its address, and its claim link, renewed or not) or, for a mail of review (issue 16), from the submission as it
// is now (AssessmentMail), send it, and record the outcome. Failures wait 30 s, 60 s,
// 120 s ... (at most an hour) and the mail is recorded as failed after the last attempt. A mail whose award was claimed,
// revoked or lost its open claim link meanwhile is not sent; its delivery says why.
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using MimeKit;

namespace BadgeIssuer.Api.Mail;

/// <summary>Sends queued mails: claim mails and the mails of review.</summary>
public sealed partial class ClaimMailDispatcher(ILeasedJobs<MailJob> jobs, IMailStore store, IAwardStore awards, ClaimService claims, AssessmentMail assessment,
    SmtpMailSender sender, MailOptions options, BadgeIssuerTelemetry telemetry, ILogger<ClaimMailDispatcher> logger, TimeProvider time)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>This process's worker name, as lease owner.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Ids.New()}";

    /// <summary>Attempts the mail due soonest; <c>false</c> when none is due.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (await jobs.ClaimNextAsync(Owner, now, now + options.Lease, options.MaxLeaseFailures, cancellationToken) is not { } job) return false;
        try
        {
            await AttemptAsync(job, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnexpected(logger, job.Kind, job.Id, About(job), ex);
            await jobs.FailAsync(job.Id, Owner, $"Sending failed: an unexpected {ex.GetType().Name}; the service log has the details.", time.GetUtcNow() + options.FirstRetry,
                options.MaxLeaseFailures, cancellationToken);
        }
        return true;
    }

    private async Task AttemptAsync(MailJob job, CancellationToken cancellationToken)
    {
        (MimeMessage? message, string? skipped) = job.Kind == MailKind.Claim
            ? await ClaimAsync(job, cancellationToken)
            : await assessment.ComposeAsync(job, time.GetUtcNow(), cancellationToken);
        int attempts = job.Attempts + (skipped is null ? 1 : 0);
        string? error = skipped;
        if (message is not null)
        {
            using (message) error = await sender.SendAsync(message, cancellationToken);
        }
        DateTimeOffset at = time.GetUtcNow();
        MailJob next = error is null
            ? job with { State = MailState.Sent, Attempts = attempts, SentAt = at, LastError = null }
            : skipped is not null || attempts >= options.MaxAttempts
                ? job with { State = MailState.Failed, Attempts = attempts, LastError = error }
                : job with { Attempts = attempts, LastError = error, NextAttemptAt = at + Backoff(attempts) };
        telemetry.ClaimMail(skipped is not null ? "skipped" : next.State switch { MailState.Sent => "sent", MailState.Failed => "failed", _ => "retry" });
        if (next.State == MailState.Sent) LogSent(logger, job.Kind, job.Id, About(job), attempts);
        else LogFailed(logger, job.Kind, job.Id, About(job), attempts, error!);
        await store.UpdateAsync(next with { LeaseOwner = null, LeaseUntil = null, Version = job.Version + 1 }, job.Version, cancellationToken);
    }

    /// <summary>The claim mail of the job's award as it is now, or why it is not sent.</summary>
    private async Task<(MimeMessage? Message, string? Skipped)> ClaimAsync(MailJob job, CancellationToken cancellationToken)
    {
        Award? award = await awards.GetAsync(job.AwardId, cancellationToken);
        string? claimUrl = award is null ? null : claims.ClaimUrl(award);
        string? skipped = award switch
        {
            null => "The award no longer exists.",
            { Revoked: not null } => "The award was revoked before its claim mail was sent.",
            { Holder: not null } => "The award was claimed before its claim mail was sent.",
            { RecipientEmail: null } => "The award has no e-mail address.",
            _ when claimUrl is null => "The claim link expired before the mail was sent; :notify renews it and sends the mail again.",
            _ => null,
        };
        return skipped is null ? (ClaimMail.Compose(award!, claimUrl!, award!.Claim?.ExpiresAt, options, time.GetUtcNow()), null) : (null, skipped);
    }

    private TimeSpan Backoff(int attempts)
    {
        double seconds = options.FirstRetry.TotalSeconds * Math.Pow(2, attempts - 1);
        return seconds >= LongestWait.TotalSeconds ? LongestWait : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The id a log line names the mail by: its award's (a claim mail) or its submission's (a mail of review); never an address.</summary>
    private static string About(MailJob job) => job.Kind == MailKind.Claim ? job.AwardId : job.SubmissionId ?? "";

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "{Kind} mail {JobId} about {About} was sent (attempt {Attempts})")]
    private static partial void LogSent(ILogger logger, MailKind kind, string jobId, string about, int attempts);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "{Kind} mail {JobId} about {About} was not sent (attempt {Attempts}): {Reason}")]
    private static partial void LogFailed(ILogger logger, MailKind kind, string jobId, string about, int attempts, string reason);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Error, Message = "Sending {Kind} mail {JobId} about {About} failed unexpectedly; the mail counts a lease failure and is parked once they reach the limit")]
    private static partial void LogUnexpected(ILogger logger, MailKind kind, string jobId, string about, Exception exception);
}
